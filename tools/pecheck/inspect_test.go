package main

import (
	"bytes"
	"debug/pe"
	"os"
	"runtime"
	"strings"
	"testing"
)

var want010 = [4]uint16{0, 1, 0, 1}

func TestInspectAndProblems(t *testing.T) {
	withRes := func(res []testRes) testPE { p := goodPE(); p.res = res; return p }
	icon := bytes.Repeat([]byte{7}, 40)
	cases := []struct {
		name     string
		pe       testPE
		problems []string // substrings, one per expected problem; nil = clean
	}{
		{"fyne package output", goodPE(), nil},
		{"console subsystem", func() testPE { p := goodPE(); p.subsystem = pe.IMAGE_SUBSYSTEM_WINDOWS_CUI; return p }(), []string{"subsystem is console"}},
		{"32-bit", func() testPE { p := goodPE(); p.machine = pe.IMAGE_FILE_MACHINE_I386; return p }(), []string{"machine"}},
		{"arm64", func() testPE { p := goodPE(); p.machine = pe.IMAGE_FILE_MACHINE_ARM64; return p }(), []string{"machine"}},
		{"dll", func() testPE { p := goodPE(); p.chars |= pe.IMAGE_FILE_DLL; return p }(), []string{"not an executable"}},
		{"no resources", withRes(nil), []string{"no RT_ICON", "no RT_GROUP_ICON", "no RT_VERSION"}},
		{"icon but no version", withRes([]testRes{{rtIcon, 1, icon}, {rtGroupIcon, 1, groupIcon([]int{16}, []int{1}, []int{40})}}), []string{"no RT_VERSION"}},
		{"version but no icon", withRes([]testRes{{rtVersion, 1, versionResource(want010, "0.1.0.1")}}), []string{"no RT_ICON", "no RT_GROUP_ICON"}},
		{"older build number", withRes(standardResources([4]uint16{0, 1, 0, 2}, "0.1.0.2")), []string{"file version is 0.1.0.2"}},
		{"product string disagrees", withRes(standardResources(want010, "0.2.0.1")), []string{"product version"}},
		{"no string table is fine", withRes(standardResources(want010, "")), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Inspect(bytes.NewReader(c.pe.bytes()))
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			got := rep.Problems(want010)
			if len(got) != len(c.problems) {
				t.Fatalf("problems = %q, want %d matching %q", got, len(c.problems), c.problems)
			}
			for i, sub := range c.problems {
				if !strings.Contains(got[i], sub) {
					t.Errorf("problem %d = %q, want it to mention %q", i, got[i], sub)
				}
			}
		})
	}
}

func TestInspectReadsIconsAndVersion(t *testing.T) {
	rep, err := Inspect(bytes.NewReader(goodPE().bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Icons != 2 || len(rep.IconGroups) != 1 || len(rep.IconGroups[0].Sizes) != 2 ||
		rep.IconGroups[0].Sizes[0] != 16 || rep.IconGroups[0].Sizes[1] != 32 {
		t.Errorf("icons = %d, groups = %+v; want 2 images of 16 and 32 px in one group", rep.Icons, rep.IconGroups)
	}
	if rep.Version == nil || rep.Version.FileVersion != want010 || rep.Version.ProductVersion != "0.1.0.1" {
		t.Errorf("version = %+v, want 0.1.0.1 both ways", rep.Version)
	}
}

func TestInspectRefusesBrokenFiles(t *testing.T) {
	withRes := func(res []testRes) []byte { p := goodPE(); p.res = res; return p.bytes() }
	good := goodPE().bytes()
	badSig := standardResources(want010, "0.1.0.1")
	badSig[3].data = append([]byte(nil), badSig[3].data...)
	badSig[3].data[40] ^= 0xff // inside VS_FIXEDFILEINFO's signature
	cases := []struct {
		name string
		file []byte
		err  string
	}{
		{"empty", nil, "not a PE"},
		{"text file", []byte("#!/bin/sh\necho hello\n"), "not a PE"},
		{"truncated headers", good[:0x80], "not a PE"},
		{"group names a missing image", withRes([]testRes{{rtIcon, 1, make([]byte, 40)}, {rtGroupIcon, 1, groupIcon([]int{16}, []int{9}, []int{40})}}), "image 9"},
		{"group size disagrees", withRes([]testRes{{rtIcon, 1, make([]byte, 40)}, {rtGroupIcon, 1, groupIcon([]int{16}, []int{1}, []int{41})}}), "holds 40 bytes"},
		{"empty group", withRes([]testRes{{rtGroupIcon, 1, groupIcon(nil, nil, nil)}}), "no image"},
		{"version truncated", withRes([]testRes{{rtVersion, 1, versionResource(want010, "")[:30]}}), "version"},
		{"version signature", withRes(badSig), "signature"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Inspect(bytes.NewReader(c.file))
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.err)
			}
		})
	}
}

func TestReadResourcesBoundsEveryOffset(t *testing.T) {
	sec := buildRsrc(testSecRVA, standardResources(want010, "0.1.0.1"))
	cases := []struct {
		name   string
		mutate func(b []byte)
		err    string
	}{
		{"type dir beyond section", func(b []byte) { put32(b, 20, 1<<31|0xfff0) }, "outside the section"},
		{"entry count overruns", func(b []byte) { put16(b, 14, 0x7fff) }, "overrun"},
		{"data RVA before section", func(b []byte) { put32(b, firstDataEntry(b), 0x10) }, "outside the resource section"},
		{"data size beyond section", func(b []byte) { put32(b, firstDataEntry(b)+4, 1<<30) }, "outside the resource section"},
		{"type entry is a leaf", func(b []byte) { put32(b, 20, get32(b, 20)&^(1<<31)) }, "not a directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := append([]byte(nil), sec...)
			c.mutate(b)
			_, err := readResources(b, testSecRVA, 0)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.err)
			}
		})
	}
}

func TestReadResourcesCapsSharedDirectories(t *testing.T) {
	// 200 types all pointing at one directory of 200 names: 40,000 entries from a tiny file.
	const n = 200
	dir2 := 16 + 8*n
	b := make([]byte, 2*dir2+16+8)
	put16(b, 14, n)
	put16(b, dir2+14, n)
	for i := 0; i < n; i++ {
		put32(b, 16+8*i, uint32(i+1))
		put32(b, 20+8*i, 1<<31|uint32(dir2))
		put32(b, dir2+16+8*i, uint32(i+1))
		put32(b, dir2+20+8*i, 1<<31|uint32(2*dir2))
	}
	_, err := readResources(b, testSecRVA, 0)
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("err = %v, want the entry cap", err)
	}
}

// firstDataEntry finds the first IMAGE_RESOURCE_DATA_ENTRY by following the first entry of
// each level.
func firstDataEntry(b []byte) int {
	off := 0
	for level := 0; level < 3; level++ {
		off = int(get32(b, off+20) &^ (1 << 31))
	}
	return off
}

func put16(b []byte, at int, v uint16) { b[at], b[at+1] = byte(v), byte(v>>8) }
func put32(b []byte, at int, v uint32) {
	put16(b, at, uint16(v))
	put16(b, at+2, uint16(v>>16))
}
func get32(b []byte, at int) uint32 {
	return uint32(b[at]) | uint32(b[at+1])<<8 | uint32(b[at+2])<<16 | uint32(b[at+3])<<24
}

// TestInspectRefusesThisTestBinary: on Linux and macOS the running test binary is a real
// executable of another format, the most likely wrong file to be handed to the checker.
func TestInspectRefusesThisTestBinary(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the test binary is a PE file on Windows")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip("cannot locate the test binary:", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		t.Skip("cannot open the test binary:", err)
	}
	defer f.Close()
	if _, err := Inspect(f); err == nil || !strings.Contains(err.Error(), "not a PE") {
		t.Fatalf("err = %v, want 'not a PE file'", err)
	}
}
