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

// goodPE is what `make windows` produces for the window program, version 0.1.0 build 1.
func goodPE() testPE {
	return testPE{
		machine: pe.IMAGE_FILE_MACHINE_AMD64, subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI,
		chars: pe.IMAGE_FILE_EXECUTABLE_IMAGE | pe.IMAGE_FILE_LARGE_ADDRESS_AWARE,
		res:   standardResources([4]uint16{0, 1, 0, 1}, "0.1.0.1"),
	}
}

var allSizes = []int{16, 24, 32, 48, 64, 128, 256}

// A manifest as tools/mkwinres writes it (namespaces included).
const goodManifest = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
    </application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">permonitorv2,system</dpiAwareness>
    </windowsSettings>
  </application>
</assembly>`

// standardResources: an icon at every size, its group, a version resource and a manifest.
func standardResources(v [4]uint16, product string) []testRes {
	return resourcesWith(allSizes, v, product, goodManifest)
}

func resourcesWith(sizes []int, v [4]uint16, product, manifest string) []testRes {
	var res []testRes
	var ids, lens []int
	for i, size := range sizes {
		img := bytes.Repeat([]byte{byte(i + 1)}, 40+size)
		res = append(res, testRes{rtIcon, i + 1, img})
		ids, lens = append(ids, i+1), append(lens, len(img))
	}
	res = append(res, testRes{rtGroupIcon, 1, groupIcon(sizes, ids, lens)}, testRes{rtVersion, 1, versionResource(v, product)})
	if manifest != "" {
		res = append(res, testRes{rtManifest, 1, []byte(manifest)})
	}
	return res
}

// indexOf is the position of the first resource of type typ.
func indexOf(res []testRes, typ int) int {
	for i, r := range res {
		if r.typ == typ {
			return i
		}
	}
	return -1
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
		e[0], e[1] = byte(widths[i]), byte(widths[i]) // 256 wraps to 0, as in real files
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
