package main

import (
	"bytes"
	"debug/pe"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

var want010 = [4]uint16{0, 1, 0, 1}

// wantGUI and wantConsole are what make windows checks for the two programs.
var (
	wantGUI     = Expect{Version: want010, Subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, IconSizes: allSizes, Manifest: true}
	wantConsole = Expect{Version: want010, Subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_CUI, IconSizes: allSizes, Manifest: true}
)

func TestInspectAndProblems(t *testing.T) {
	withRes := func(res []testRes) testPE { p := goodPE(); p.res = res; return p }
	console := func() testPE { p := goodPE(); p.subsystem = pe.IMAGE_SUBSYSTEM_WINDOWS_CUI; return p }
	icon := bytes.Repeat([]byte{7}, 40)
	manifest := func(m string) testPE { return withRes(resourcesWith(allSizes, want010, "0.1.0.1", m)) }
	cases := []struct {
		name     string
		pe       testPE
		want     Expect
		problems []string // substrings, one per expected problem; nil = clean
	}{
		{"window program", goodPE(), wantGUI, nil},
		{"console program", console(), wantConsole, nil},
		{"console where the window is expected", console(), wantGUI, []string{"subsystem is console, want GUI"}},
		{"window where the console program is expected", goodPE(), wantConsole, []string{"subsystem is GUI, want console"}},
		{"32-bit", func() testPE { p := goodPE(); p.machine = pe.IMAGE_FILE_MACHINE_I386; return p }(), wantGUI, []string{"machine"}},
		{"arm64", func() testPE { p := goodPE(); p.machine = pe.IMAGE_FILE_MACHINE_ARM64; return p }(), wantGUI, []string{"machine"}},
		{"dll", func() testPE { p := goodPE(); p.chars |= pe.IMAGE_FILE_DLL; return p }(), wantGUI, []string{"not an executable"}},
		{"no resources", withRes(nil), wantGUI, []string{"no RT_ICON", "no RT_GROUP_ICON", "no RT_MANIFEST", "no RT_VERSION"}},
		{"icon but no version", withRes([]testRes{{rtIcon, 1, icon}, {rtGroupIcon, 1, groupIcon([]int{16}, []int{1}, []int{40})}}), Expect{Version: want010, Subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI}, []string{"no RT_VERSION"}},
		{"version but no icon", withRes([]testRes{{rtVersion, 1, versionResource(want010, "0.1.0.1")}}), Expect{Version: want010, Subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI}, []string{"no RT_ICON", "no RT_GROUP_ICON"}},
		{"one 512 px frame, as fyne package writes", withRes(resourcesWith([]int{0}, want010, "0.1.0.1", goodManifest)), wantGUI, []string{"no [16 24 32 48 64 128] px image"}},
		{"small sizes only", withRes(resourcesWith([]int{16, 32}, want010, "0.1.0.1", goodManifest)), wantGUI, []string{"no [24 48 64 128 256] px image"}},
		{"any size when none asked", withRes(resourcesWith([]int{16, 32}, want010, "0.1.0.1", goodManifest)), Expect{Version: want010, Subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, Manifest: true}, nil},
		{"fyne's minimal manifest", manifest(`<?xml version="1.0"?><assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0"><assemblyIdentity version="0.1.0.1" name="Chorus Desk" type="win32"/></assembly>`), wantGUI, []string{"Windows 10/11", "dpiAwareness is \"\""}},
		{"Windows 7 only, system DPI", manifest(strings.NewReplacer("8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a", "35138b9a-5d96-4fbd-8e2d-a2440225f93a", "permonitorv2,system", "system").Replace(goodManifest)), wantGUI, []string{"Windows 10/11", "dpiAwareness is \"system\""}},
		{"per-monitor v1", manifest(strings.Replace(goodManifest, "permonitorv2,system", "PerMonitor", 1)), wantGUI, []string{"permonitor"}},
		{"manifest not required", manifest(""), Expect{Version: want010, Subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, IconSizes: allSizes}, nil},
		{"older build number", withRes(standardResources([4]uint16{0, 1, 0, 2}, "0.1.0.2")), wantGUI, []string{"file version is 0.1.0.2"}},
		{"product string disagrees", withRes(standardResources(want010, "0.2.0.1")), wantGUI, []string{"product version"}},
		{"no string table is fine", withRes(standardResources(want010, "")), wantGUI, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Inspect(bytes.NewReader(c.pe.bytes()))
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			got := rep.Problems(c.want)
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

func TestInspectReadsIconsVersionAndManifest(t *testing.T) {
	rep, err := Inspect(bytes.NewReader(goodPE().bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Icons != 7 || len(rep.IconGroups) != 1 || fmt.Sprint(rep.IconGroups[0].Sizes) != fmt.Sprint(allSizes) {
		t.Errorf("icons = %d, groups = %+v; want 7 images of %v px in one group", rep.Icons, rep.IconGroups, allSizes)
	}
	if rep.Version == nil || rep.Version.FileVersion != want010 || rep.Version.ProductVersion != "0.1.0.1" {
		t.Errorf("version = %+v, want 0.1.0.1 both ways", rep.Version)
	}
	if rep.Manifest == nil || rep.Manifest.DPIAwareness != "permonitorv2,system" || len(rep.Manifest.SupportedOS) != 1 {
		t.Errorf("manifest = %+v", rep.Manifest)
	}
}

func TestInspectRefusesBrokenFiles(t *testing.T) {
	withRes := func(res []testRes) []byte { p := goodPE(); p.res = res; return p.bytes() }
	good := goodPE().bytes()
	badSig := standardResources(want010, "0.1.0.1")
	vi := indexOf(badSig, rtVersion)
	badSig[vi].data = append([]byte(nil), badSig[vi].data...)
	badSig[vi].data[40] ^= 0xff // inside VS_FIXEDFILEINFO's signature
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
		{"manifest not XML", withRes([]testRes{{rtManifest, 1, []byte("<assembly><unclosed>")}}), "manifest"},
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
