package main

// A small PE writer for the tests: it lays out real headers and a real resource tree, so the
// checker is tested on the same structures a linker writes, without shipping binaries.

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"sort"
	"unicode/utf16"
)

type testRes struct {
	typ, id int
	data    []byte
}

type testPE struct {
	machine   uint16
	subsystem uint16
	chars     uint16
	res       []testRes // nil: no resource directory at all
}

const (
	testSecRVA    = 0x1000
	testFileAlign = 0x200
)

// goodPE is what `fyne package -os windows` produces for version 0.1.0 build 1.
func goodPE() testPE {
	return testPE{
		machine: pe.IMAGE_FILE_MACHINE_AMD64, subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI,
		chars: pe.IMAGE_FILE_EXECUTABLE_IMAGE | pe.IMAGE_FILE_LARGE_ADDRESS_AWARE,
		res:   standardResources([4]uint16{0, 1, 0, 1}, "0.1.0.1"),
	}
}

func standardResources(v [4]uint16, product string) []testRes {
	icon16, icon32 := bytes.Repeat([]byte{1}, 40), bytes.Repeat([]byte{2}, 72)
	return []testRes{
		{rtIcon, 1, icon16},
		{rtIcon, 2, icon32},
		{rtGroupIcon, 1, groupIcon([]int{16, 32}, []int{1, 2}, []int{len(icon16), len(icon32)})},
		{rtVersion, 1, versionResource(v, product)},
	}
}

func (t testPE) bytes() []byte {
	var rsrc []byte
	if t.res != nil {
		rsrc = buildRsrc(testSecRVA, t.res)
	}
	rawSize := (len(rsrc) + testFileAlign - 1) / testFileAlign * testFileAlign
	var b bytes.Buffer
	dos := make([]byte, 0x40)
	copy(dos, "MZ")
	binary.LittleEndian.PutUint32(dos[0x3c:], 0x40)
	b.Write(dos)
	b.WriteString("PE\x00\x00")
	nsec := uint16(0)
	if rsrc != nil {
		nsec = 1
	}
	must(binary.Write(&b, binary.LittleEndian, pe.FileHeader{
		Machine: t.machine, NumberOfSections: nsec, SizeOfOptionalHeader: 240, Characteristics: t.chars,
	}))
	oh := pe.OptionalHeader64{
		Magic: 0x20b, AddressOfEntryPoint: testSecRVA, ImageBase: 0x140000000,
		SectionAlignment: 0x1000, FileAlignment: testFileAlign, MajorSubsystemVersion: 6,
		SizeOfImage: testSecRVA + 0x1000*uint32(1+len(rsrc)/0x1000), SizeOfHeaders: testFileAlign,
		Subsystem: t.subsystem, NumberOfRvaAndSizes: 16,
	}
	if rsrc != nil {
		oh.DataDirectory[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE] = pe.DataDirectory{VirtualAddress: testSecRVA, Size: uint32(len(rsrc))}
	}
	must(binary.Write(&b, binary.LittleEndian, oh))
	if rsrc != nil {
		sh := pe.SectionHeader32{
			VirtualSize: uint32(len(rsrc)), VirtualAddress: testSecRVA, SizeOfRawData: uint32(rawSize),
			PointerToRawData: testFileAlign, Characteristics: 0x40000040, // initialized data, readable
		}
		copy(sh.Name[:], ".rsrc")
		must(binary.Write(&b, binary.LittleEndian, sh))
	}
	b.Write(make([]byte, testFileAlign-b.Len()))
	b.Write(rsrc)
	b.Write(make([]byte, rawSize-len(rsrc)))
	return b.Bytes()
}

// buildRsrc lays out root → type dirs → name dirs → one language each → data entries → data.
func buildRsrc(secRVA uint32, res []testRes) []byte {
	byType := map[int][]testRes{}
	var types []int
	for _, r := range res {
		if _, ok := byType[r.typ]; !ok {
			types = append(types, r.typ)
		}
		byType[r.typ] = append(byType[r.typ], r)
	}
	sort.Ints(types)
	dirSize := func(n int) int { return 16 + 8*n }
	off := dirSize(len(types))
	typeDir := map[int]int{}
	for _, t := range types {
		typeDir[t] = off
		off += dirSize(len(byType[t]))
	}
	langDir := make([]int, len(res))
	for i := range res {
		langDir[i] = off
		off += dirSize(1)
	}
	entry := make([]int, len(res))
	for i := range res {
		entry[i] = off
		off += 16
	}
	dataOff := make([]int, len(res))
	for i, r := range res {
		dataOff[i] = off
		off += (len(r.data) + 7) &^ 7
	}
	b := make([]byte, off)
	writeDir := func(at int, ids []int, targets []int, dirs bool) {
		binary.LittleEndian.PutUint16(b[at+14:], uint16(len(ids)))
		for i, id := range ids {
			binary.LittleEndian.PutUint32(b[at+16+8*i:], uint32(id))
			tgt := uint32(targets[i])
			if dirs {
				tgt |= 1 << 31
			}
			binary.LittleEndian.PutUint32(b[at+20+8*i:], tgt)
		}
	}
	var rootTargets []int
	for _, t := range types {
		rootTargets = append(rootTargets, typeDir[t])
	}
	writeDir(0, types, rootTargets, true)
	for _, t := range types {
		var ids, tg []int
		for i := range res {
			if res[i].typ == t {
				ids, tg = append(ids, res[i].id), append(tg, langDir[i])
			}
		}
		writeDir(typeDir[t], ids, tg, true)
	}
	for i, r := range res {
		writeDir(langDir[i], []int{0x409}, []int{entry[i]}, false)
		binary.LittleEndian.PutUint32(b[entry[i]:], secRVA+uint32(dataOff[i]))
		binary.LittleEndian.PutUint32(b[entry[i]+4:], uint32(len(r.data)))
		copy(b[dataOff[i]:], r.data)
	}
	return b
}

func groupIcon(widths, ids, sizes []int) []byte {
	b := make([]byte, 6+14*len(ids))
	binary.LittleEndian.PutUint16(b[2:], 1)
	binary.LittleEndian.PutUint16(b[4:], uint16(len(ids)))
	for i := range ids {
		e := b[6+14*i:]
		e[0], e[1] = byte(widths[i]), byte(widths[i])
		binary.LittleEndian.PutUint16(e[4:], 1)
		binary.LittleEndian.PutUint16(e[6:], 32)
		binary.LittleEndian.PutUint32(e[8:], uint32(sizes[i]))
		binary.LittleEndian.PutUint16(e[12:], uint16(ids[i]))
	}
	return b
}

// versionResource builds VS_VERSIONINFO with a fixed file info and, when product != "", a
// StringFileInfo holding ProductVersion (as goversioninfo writes it).
func versionResource(v [4]uint16, product string) []byte {
	fixed := make([]byte, 52)
	binary.LittleEndian.PutUint32(fixed, fixedFileInfoSignature)
	binary.LittleEndian.PutUint32(fixed[4:], 0x10000)
	binary.LittleEndian.PutUint32(fixed[8:], uint32(v[0])<<16|uint32(v[1]))
	binary.LittleEndian.PutUint32(fixed[12:], uint32(v[2])<<16|uint32(v[3]))
	var children [][]byte
	if product != "" {
		str := vnode("ProductVersion", utf16z(product), true)
		desc := vnode("FileDescription", utf16z("Chorus Desk"), true)
		table := vnode("040904B0", nil, true, desc, str)
		children = append(children, vnode("StringFileInfo", nil, true, table))
	}
	return vnode("VS_VERSION_INFO", fixed, false, children...)
}

func vnode(key string, value []byte, text bool, children ...[]byte) []byte {
	b := make([]byte, 6)
	b = append(b, utf16z(key)...)
	b = pad4(b)
	b = append(b, value...)
	for _, c := range children {
		b = pad4(b)
		b = append(b, c...)
	}
	vl := len(value)
	if text {
		vl /= 2
		binary.LittleEndian.PutUint16(b[4:], 1)
	}
	binary.LittleEndian.PutUint16(b, uint16(len(b)))
	binary.LittleEndian.PutUint16(b[2:], uint16(vl))
	return b
}

func utf16z(s string) []byte {
	u := append(utf16.Encode([]rune(s)), 0)
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

func pad4(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
