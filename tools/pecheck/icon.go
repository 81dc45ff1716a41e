package main

import (
	"encoding/binary"
	"fmt"
)

// iconGroup is one RT_GROUP_ICON: the images it lists, each of which must exist as an RT_ICON
// of the announced size (Explorer shows no icon otherwise).
type iconGroup struct {
	Sizes []int // widths in pixels (0 in the file means 256)
}

// parseIconGroup reads a GRPICONDIR and checks each entry against the RT_ICON resources by ID.
func parseIconGroup(b []byte, icons map[int][]byte) (iconGroup, error) {
	var g iconGroup
	if len(b) < 6 {
		return g, fmt.Errorf("icon group truncated (%d bytes)", len(b))
	}
	if binary.LittleEndian.Uint16(b) != 0 || binary.LittleEndian.Uint16(b[2:]) != 1 {
		return g, fmt.Errorf("icon group header is not an icon directory")
	}
	count := int(binary.LittleEndian.Uint16(b[4:]))
	if count == 0 {
		return g, fmt.Errorf("icon group lists no image")
	}
	if 6+14*count > len(b) {
		return g, fmt.Errorf("icon group lists %d images but holds %d bytes", count, len(b))
	}
	for i := 0; i < count; i++ {
		e := b[6+14*i:]
		width := int(e[0])
		if width == 0 {
			width = 256
		}
		size := binary.LittleEndian.Uint32(e[8:])
		id := int(binary.LittleEndian.Uint16(e[12:]))
		img, ok := icons[id]
		if !ok {
			return g, fmt.Errorf("icon group names image %d, which is not in the file", id)
		}
		if uint32(len(img)) != size {
			return g, fmt.Errorf("icon image %d holds %d bytes, the group says %d", id, len(img), size)
		}
		g.Sizes = append(g.Sizes, width)
	}
	return g, nil
}
