// Command pecheck checks that a Windows build of Chorus Desk is what users will run: a PE
// executable for amd64, with the GUI subsystem (no console window), an icon (RT_ICON and
// RT_GROUP_ICON) and a version resource whose numbers match FyneApp.toml.
//
//	pecheck [-toml FyneApp.toml] FILE.exe...
//
// It prints one line per file and exits 1 when any file fails, 2 on usage errors.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tomlPath := fs.String("toml", "FyneApp.toml", "the FyneApp.toml whose version the files must carry")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: pecheck [-toml FyneApp.toml] FILE.exe...")
		return 2
	}
	tf, err := os.Open(*tomlPath)
	if err != nil {
		fmt.Fprintln(stderr, "pecheck:", err)
		return 2
	}
	want, err := appVersion(tf)
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
func checkFile(path string, want [4]uint16, out io.Writer) bool {
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
	fmt.Fprintf(out, "ok   %s: PE amd64 executable, GUI subsystem, %d icon image(s) %v px, version %s (FyneApp.toml), %.1f MB\n",
		path, rep.Icons, rep.IconGroups[0].Sizes, dotted(rep.Version.FileVersion), float64(size)/(1<<20))
	return true
}
