package main

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Resource types of winuser.h that a packaged Fyne app must carry.
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
)

// maxEntries bounds the walk: the tree has a fixed depth, but a hostile file can point many
// entries at the same big directory, so the number of entries read is capped, not the depth.
const maxEntries = 20000

// resource is one leaf of the resource tree: type and name IDs (named entries get id -1) and the
// bytes it points at.
type resource struct {
	Type, ID int
	Data     []byte
}

// readResources walks the three-level resource tree (type → name → language) of the .rsrc data
// sec, which is mapped at the relative virtual address secRVA; the tree's root is at offset
// root inside sec. Every offset is checked against sec before it is read.
func readResources(sec []byte, secRVA uint32, root uint32) ([]resource, error) {
	var out []resource
	budget := maxEntries
	readDir := func(sec []byte, off uint32) ([]dirEntry, error) { return readDirBudget(sec, off, &budget) }
	types, err := readDir(sec, root)
	if err != nil {
		return nil, fmt.Errorf("resource root: %w", err)
	}
	for _, t := range types {
		if !t.isDir {
			return nil, errors.New("resource type entry is not a directory")
		}
		names, err := readDir(sec, t.offset)
		if err != nil {
			return nil, fmt.Errorf("resource type %d: %w", t.id, err)
		}
		for _, n := range names {
			if !n.isDir {
				return nil, fmt.Errorf("resource type %d: name entry is not a directory", t.id)
			}
			langs, err := readDir(sec, n.offset)
			if err != nil {
				return nil, fmt.Errorf("resource %d/%d: %w", t.id, n.id, err)
			}
			for _, l := range langs {
				if l.isDir {
					return nil, fmt.Errorf("resource %d/%d: tree deeper than three levels", t.id, n.id)
				}
				data, err := readDataEntry(sec, secRVA, l.offset)
				if err != nil {
					return nil, fmt.Errorf("resource %d/%d: %w", t.id, n.id, err)
				}
				out = append(out, resource{Type: t.id, ID: n.id, Data: data})
			}
		}
	}
	return out, nil
}

type dirEntry struct {
	id     int // -1 for a named entry
	offset uint32
	isDir  bool
}

// readDirBudget reads an IMAGE_RESOURCE_DIRECTORY and its entries at off, taking them from budget.
func readDirBudget(sec []byte, off uint32, budget *int) ([]dirEntry, error) {
	const hdr = 16
	if uint64(off)+hdr > uint64(len(sec)) {
		return nil, fmt.Errorf("directory at %#x outside the section", off)
	}
	named := binary.LittleEndian.Uint16(sec[off+12:])
	ids := binary.LittleEndian.Uint16(sec[off+14:])
	n := int(named) + int(ids)
	if uint64(off)+hdr+uint64(n)*8 > uint64(len(sec)) {
		return nil, fmt.Errorf("directory at %#x: %d entries overrun the section", off, n)
	}
	if n > *budget {
		return nil, fmt.Errorf("more than %d resource entries", maxEntries)
	}
	*budget -= n
	entries := make([]dirEntry, 0, n)
	for i := 0; i < n; i++ {
		p := off + hdr + uint32(i)*8
		nameOrID := binary.LittleEndian.Uint32(sec[p:])
		target := binary.LittleEndian.Uint32(sec[p+4:])
		e := dirEntry{id: int(nameOrID & 0xffff), offset: target &^ (1 << 31), isDir: target&(1<<31) != 0}
		if nameOrID&(1<<31) != 0 {
			e.id = -1
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// readDataEntry reads an IMAGE_RESOURCE_DATA_ENTRY and returns the bytes it points at.
func readDataEntry(sec []byte, secRVA, off uint32) ([]byte, error) {
	if uint64(off)+16 > uint64(len(sec)) {
		return nil, fmt.Errorf("data entry at %#x outside the section", off)
	}
	rva := binary.LittleEndian.Uint32(sec[off:])
	size := binary.LittleEndian.Uint32(sec[off+4:])
	if rva < secRVA || uint64(rva-secRVA)+uint64(size) > uint64(len(sec)) {
		return nil, fmt.Errorf("data at RVA %#x (%d bytes) outside the resource section", rva, size)
	}
	start := rva - secRVA
	return sec[start : start+size], nil
}
