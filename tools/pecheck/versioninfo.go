package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// versionInfo is what an RT_VERSION resource says: the binary VS_FIXEDFILEINFO numbers and the
// ProductVersion text of its StringFileInfo (Windows Explorer shows both).
type versionInfo struct {
	FileVersion    [4]uint16
	ProductVersion string // "" when the resource has no such string
}

const fixedFileInfoSignature = 0xFEEF04BD

// parseVersionInfo reads a VS_VERSIONINFO block.
func parseVersionInfo(b []byte) (versionInfo, error) {
	var vi versionInfo
	root, err := parseVersionNode(b, 0, 0)
	if err != nil {
		return vi, err
	}
	if root.key != "VS_VERSION_INFO" {
		return vi, fmt.Errorf("version resource key is %q, want VS_VERSION_INFO", root.key)
	}
	if len(root.value) < 52 {
		return vi, errors.New("version resource has no VS_FIXEDFILEINFO")
	}
	if binary.LittleEndian.Uint32(root.value) != fixedFileInfoSignature {
		return vi, errors.New("VS_FIXEDFILEINFO signature is wrong")
	}
	ms := binary.LittleEndian.Uint32(root.value[8:])
	ls := binary.LittleEndian.Uint32(root.value[12:])
	vi.FileVersion = [4]uint16{uint16(ms >> 16), uint16(ms), uint16(ls >> 16), uint16(ls)}
	for _, sfi := range root.children {
		if sfi.key != "StringFileInfo" {
			continue
		}
		for _, table := range sfi.children {
			for _, s := range table.children {
				if s.key == "ProductVersion" {
					vi.ProductVersion = utf16String(s.value)
				}
			}
		}
	}
	return vi, nil
}

type versionNode struct {
	key      string
	value    []byte
	children []versionNode
}

// maxVersionDepth: VS_VERSIONINFO → StringFileInfo → StringTable → String is four levels.
const maxVersionDepth = 4

// parseVersionNode reads one block {wLength, wValueLength, wType, szKey, padding, Value,
// padding, Children} starting at b[0]; base is its offset in the whole resource, because the
// padding aligns on 32 bits from the resource's start.
func parseVersionNode(b []byte, base, depth int) (versionNode, error) {
	var n versionNode
	if depth >= maxVersionDepth {
		return n, errors.New("version resource nested too deep")
	}
	if len(b) < 6 {
		return n, errors.New("version block truncated")
	}
	length := int(binary.LittleEndian.Uint16(b))
	valueLen := int(binary.LittleEndian.Uint16(b[2:]))
	isText := binary.LittleEndian.Uint16(b[4:]) == 1
	if length < 6 || length > len(b) {
		return n, fmt.Errorf("version block length %d does not fit in %d bytes", length, len(b))
	}
	b = b[:length]
	key, p, err := readUTF16Z(b, 6)
	if err != nil {
		return n, err
	}
	n.key = key
	p = align4(base, p)
	if isText {
		valueLen *= 2 // text values are counted in 16-bit words
	}
	if valueLen > 0 {
		if p+valueLen > len(b) {
			return n, fmt.Errorf("value of %q overruns its block", key)
		}
		n.value = b[p : p+valueLen]
		p += valueLen
	}
	for p = align4(base, p); p < len(b); p = align4(base, p) {
		child, err := parseVersionNode(b[p:], base+p, depth+1)
		if err != nil {
			return n, err
		}
		n.children = append(n.children, child)
		p += int(binary.LittleEndian.Uint16(b[p:]))
	}
	return n, nil
}

// align4 rounds the offset p (inside a block at base) up to a multiple of 4 from the resource start.
func align4(base, p int) int {
	return p + (4-(base+p)%4)%4
}

// readUTF16Z reads a NUL-terminated UTF-16LE string at b[p:] and returns the offset after the NUL.
func readUTF16Z(b []byte, p int) (string, int, error) {
	var u []uint16
	for ; p+1 < len(b); p += 2 {
		c := binary.LittleEndian.Uint16(b[p:])
		if c == 0 {
			return string(utf16.Decode(u)), p + 2, nil
		}
		u = append(u, c)
	}
	return "", 0, errors.New("version block key is not terminated")
}

// utf16String decodes a UTF-16LE value, dropping the terminating NUL.
func utf16String(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}
