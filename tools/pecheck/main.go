// Command pecheck checks that a Windows build of Chorus Desk is what users will run: a PE
// executable for amd64 with the expected subsystem (2, GUI: the window program, which opens
// no console; 3, console: the command line, which the shell waits for), an icon (RT_ICON and
// RT_GROUP_ICON) holding every size Windows shows, an application manifest declaring Windows
// 10/11 and per-monitor-v2 DPI awareness, and a version resource whose numbers match
// FyneApp.toml.
//
//	pecheck [-toml FyneApp.toml] [-subsystem gui|console] [-icons 16,24,...] [-manifest=false] FILE...
//
// It prints one line per file and exits 1 when any file fails, 2 on usage errors.
package main

import (
	"debug/pe"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = "usage: pecheck [-toml FyneApp.toml] [-subsystem gui|console] [-icons 16,24,32,48,64,128,256] [-manifest=false] FILE..."

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tomlPath := fs.String("toml", "FyneApp.toml", "the FyneApp.toml whose version the files must carry")
	subsystem := fs.String("subsystem", "gui", "gui (the window program) or console (the command line)")
	icons := fs.String("icons", "16,24,32,48,64,128,256", "icon sizes in px the file must hold (empty: any)")
	manifest := fs.Bool("manifest", true, "require a manifest declaring Windows 10/11 and per-monitor-v2 DPI")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	want := Expect{Manifest: *manifest}
	switch *subsystem {
	case "gui":
		want.Subsystem = pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	case "console":
		want.Subsystem = pe.IMAGE_SUBSYSTEM_WINDOWS_CUI
	default:
		fmt.Fprintf(stderr, "pecheck: -subsystem must be gui or console, not %q\n", *subsystem)
		return 2
	}
	for _, s := range strings.FieldsFunc(*icons, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 256 {
			fmt.Fprintf(stderr, "pecheck: -icons: %q is not a size from 1 to 256\n", s)
			return 2
		}
		want.IconSizes = append(want.IconSizes, n)
	}
	tf, err := os.Open(*tomlPath)
	if err != nil {
		fmt.Fprintln(stderr, "pecheck:", err)
		return 2
	}
	want.Version, err = appVersion(tf)
	tf.Close()
	if err != nil {
		fmt.Fprintln(stderr, "pecheck:", err)
		return 2
	}
	code := 0
	for _, path := range fs.Args() {
		if !checkFile(path, want, stdout) {
			code = 1
		}
	}
	return code
}

// checkFile prints "ok" or "FAIL" and the findings for one file.
func checkFile(path string, want Expect, out io.Writer) bool {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(out, "FAIL %s: %v\n", path, err)
		return false
	}
	defer f.Close()
	rep, err := Inspect(f)
	if err != nil {
		fmt.Fprintf(out, "FAIL %s: %v\n", path, err)
		return false
	}
	if problems := rep.Problems(want); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(out, "FAIL %s: %s\n", path, p)
		}
		return false
	}
	size := int64(0)
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	man := "no manifest"
	if rep.Manifest != nil {
		man = "manifest: Windows 10/11, DPI " + rep.Manifest.DPIAwareness
		if !want.Manifest {
			man = "manifest (not checked)"
		}
	}
	fmt.Fprintf(out, "ok   %s: PE amd64 executable, %s subsystem (%d), %d icon image(s) %v px, %s, version %s (FyneApp.toml), %.1f MB\n",
		path, subsystemName(rep.Subsystem), rep.Subsystem, rep.Icons, rep.IconGroups[0].Sizes, man, dotted(rep.Version.FileVersion), float64(size)/(1<<20))
	return true
}
