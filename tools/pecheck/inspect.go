package main

import (
	"debug/pe"
	"fmt"
	"io"
	"slices"
)

// Report is what pecheck found in one file.
type Report struct {
	Machine    uint16 // pe.IMAGE_FILE_MACHINE_*
	Subsystem  uint16 // pe.IMAGE_SUBSYSTEM_*
	Executable bool   // an image that runs, not a DLL or an object file
	Icons      int    // RT_ICON images
	IconGroups []iconGroup
	Version    *versionInfo  // nil when there is no RT_VERSION
	Manifest   *manifestInfo // nil when there is no RT_MANIFEST
}

// Expect is what the file must be.
type Expect struct {
	Version   [4]uint16 // FyneApp.toml's Version and Build
	Subsystem uint16    // pe.IMAGE_SUBSYSTEM_WINDOWS_GUI (the window) or _CUI (the console program)
	IconSizes []int     // sizes the first icon group must hold (nil: any)
	Manifest  bool      // require a manifest declaring Windows 10/11 and per-monitor-v2 DPI
}

// Inspect reads the headers and the resource tree of a PE file.
func Inspect(r io.ReaderAt) (Report, error) {
	var rep Report
	f, err := pe.NewFile(r)
	if err != nil {
		return rep, fmt.Errorf("not a PE file: %w", err)
	}
	defer f.Close()
	rep.Machine = f.Machine
	ch := f.Characteristics
	rep.Executable = ch&pe.IMAGE_FILE_EXECUTABLE_IMAGE != 0 && ch&pe.IMAGE_FILE_DLL == 0
	var dirs []pe.DataDirectory
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		rep.Subsystem = oh.Subsystem
		dirs = oh.DataDirectory[:min(int(oh.NumberOfRvaAndSizes), len(oh.DataDirectory))]
	case *pe.OptionalHeader32:
		rep.Subsystem = oh.Subsystem
		dirs = oh.DataDirectory[:min(int(oh.NumberOfRvaAndSizes), len(oh.DataDirectory))]
	default:
		return rep, fmt.Errorf("no optional header: an object file, not an executable")
	}
	if len(dirs) <= pe.IMAGE_DIRECTORY_ENTRY_RESOURCE || dirs[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE].Size == 0 {
		return rep, nil // no resources: Check reports what is missing
	}
	rva := dirs[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE].VirtualAddress
	sec := sectionAt(f, rva)
	if sec == nil {
		return rep, fmt.Errorf("resource directory at RVA %#x is in no section", rva)
	}
	data, err := sec.Data()
	if err != nil {
		return rep, fmt.Errorf("resource section: %w", err)
	}
	// The raw data may be shorter than the mapped size (the rest is zeros in memory).
	res, err := readResources(data, sec.VirtualAddress, rva-sec.VirtualAddress)
	if err != nil {
		return rep, err
	}
	icons := map[int][]byte{}
	for _, r := range res {
		if r.Type == rtIcon {
			icons[r.ID] = r.Data
		}
	}
	rep.Icons = len(icons)
	for _, r := range res {
		switch r.Type {
		case rtGroupIcon:
			g, err := parseIconGroup(r.Data, icons)
			if err != nil {
				return rep, err
			}
			rep.IconGroups = append(rep.IconGroups, g)
		case rtVersion:
			if rep.Version != nil {
				continue // one per language; the first is enough to compare numbers
			}
			vi, err := parseVersionInfo(r.Data)
			if err != nil {
				return rep, err
			}
			rep.Version = &vi
		case rtManifest:
			if rep.Manifest != nil {
				continue
			}
			m, err := parseManifest(r.Data)
			if err != nil {
				return rep, err
			}
			rep.Manifest = &m
		}
	}
	return rep, nil
}

func sectionAt(f *pe.File, rva uint32) *pe.Section {
	for _, s := range f.Sections {
		size := max(s.VirtualSize, s.Size)
		if rva >= s.VirtualAddress && uint64(rva) < uint64(s.VirtualAddress)+uint64(size) {
			return s
		}
	}
	return nil
}

// Problems lists what keeps rep from being what want describes (none: nil).
func (rep Report) Problems(want Expect) []string {
	var p []string
	if rep.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		p = append(p, fmt.Sprintf("machine is %#x, want amd64 (%#x)", rep.Machine, pe.IMAGE_FILE_MACHINE_AMD64))
	}
	if !rep.Executable {
		p = append(p, "not an executable image")
	}
	switch {
	case rep.Subsystem == want.Subsystem:
	case want.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI:
		p = append(p, fmt.Sprintf("subsystem is %s, want GUI (a console window would open; build with -H=windowsgui)", subsystemName(rep.Subsystem)))
	default:
		p = append(p, fmt.Sprintf("subsystem is %s, want %s (a shell would not wait for it nor show its output and exit code)", subsystemName(rep.Subsystem), subsystemName(want.Subsystem)))
	}
	if rep.Icons == 0 {
		p = append(p, "no RT_ICON resource")
	}
	if len(rep.IconGroups) == 0 {
		p = append(p, "no RT_GROUP_ICON resource")
	} else if missing := missingSizes(rep.IconGroups[0].Sizes, want.IconSizes); len(missing) > 0 {
		p = append(p, fmt.Sprintf("the icon has no %v px image (it holds %v; Windows would scale another one, blurred)", missing, rep.IconGroups[0].Sizes))
	}
	if want.Manifest {
		p = append(p, rep.Manifest.problems()...)
	}
	switch {
	case rep.Version == nil:
		p = append(p, "no RT_VERSION resource")
	case rep.Version.FileVersion != want.Version:
		p = append(p, fmt.Sprintf("file version is %s, FyneApp.toml says %s", dotted(rep.Version.FileVersion), dotted(want.Version)))
	case rep.Version.ProductVersion != "" && rep.Version.ProductVersion != dotted(want.Version):
		p = append(p, fmt.Sprintf("product version is %q, FyneApp.toml says %s", rep.Version.ProductVersion, dotted(want.Version)))
	}
	return p
}

// missingSizes lists the sizes of want that have lacks.
func missingSizes(have, want []int) []int {
	var m []int
	for _, w := range want {
		if !slices.Contains(have, w) {
			m = append(m, w)
		}
	}
	return m
}

func subsystemName(s uint16) string {
	switch s {
	case pe.IMAGE_SUBSYSTEM_WINDOWS_GUI:
		return "GUI"
	case pe.IMAGE_SUBSYSTEM_WINDOWS_CUI:
		return "console"
	}
	return fmt.Sprintf("%d", s)
}

func dotted(v [4]uint16) string {
	return fmt.Sprintf("%d.%d.%d.%d", v[0], v[1], v[2], v[3])
}
