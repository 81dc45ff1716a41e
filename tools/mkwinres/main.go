// Command mkwinres writes the Windows resources of a Chorus Desk program into a COFF object
// (.syso) that `go build` links when it sits in the main package's folder:
//
//   - the icon, at the sizes Windows asks for in Explorer, the taskbar, Alt+Tab and the Start
//     menu (16, 24, 32, 48, 64, 128 and 256 px), resized from Icon.png at build time;
//   - an application manifest: Windows 10 and 11 as supported systems (both have the same
//     supportedOS GUID), per-monitor-v2 DPI awareness (sharp text on every monitor instead of
//     bitmap scaling), long paths, common controls v6, run as the invoking user;
//   - a version resource (file and product version, name, description, original file name).
//
// `fyne package -os windows` embeds one icon frame and a manifest with no supportedOS nor DPI
// settings, so the Windows programs are built with `fyne build` (metadata, release flags) and
// this object instead. With -ico it also writes the same icon as an .ico file (the MSI's
// shortcut and Add/Remove Programs icon).
//
//	mkwinres -kind gui|console -name NAME -id ID -version A.B.C.D -icon Icon.png -o rsrc_windows_amd64.syso [-ico app.ico]
package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// IconSizes are the frames of the Windows icon, in pixels.
var IconSizes = []int{16, 24, 32, 48, 64, 128, 256}

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("mkwinres", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.kind, "kind", "", "gui (the window program) or console (the command line)")
	fs.StringVar(&o.name, "name", "", "product name (FyneApp.toml Name)")
	fs.StringVar(&o.id, "id", "", "application ID (FyneApp.toml ID), the manifest's assembly name")
	fs.StringVar(&o.version, "version", "", "four numbers A.B.C.D (FyneApp.toml Version and Build)")
	fs.StringVar(&o.icon, "icon", "", "the source PNG (FyneApp.toml Icon)")
	fs.StringVar(&o.out, "o", "", "the .syso to write")
	fs.StringVar(&o.ico, "ico", "", "also write the icon as an .ico file")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: mkwinres -kind gui|console -name NAME -id ID -version A.B.C.D -icon Icon.png -o FILE.syso [-ico FILE.ico]")
		return 2
	}
	if err := o.write(); err != nil {
		fmt.Fprintln(stderr, "mkwinres:", err)
		return 1
	}
	return 0
}

type options struct {
	kind, name, id, version, icon, out, ico string
}

func (o options) write() error {
	if o.kind != "gui" && o.kind != "console" {
		return fmt.Errorf("-kind must be gui or console, not %q", o.kind)
	}
	if o.name == "" || o.id == "" || o.icon == "" || o.out == "" {
		return errors.New("-name, -id, -icon and -o are required")
	}
	v, err := parseVersion(o.version)
	if err != nil {
		return err
	}
	icon, err := loadIcon(o.icon)
	if err != nil {
		return err
	}
	rs, err := resources(o, v, icon)
	if err != nil {
		return err
	}
	if err := writeFile(o.out, func(w io.Writer) error { return rs.WriteObject(w, winres.ArchAMD64) }); err != nil {
		return err
	}
	if o.ico != "" {
		return writeFile(o.ico, icon.SaveICO)
	}
	return nil
}

// resources builds the resource set of one program.
func resources(o options, v [4]uint16, icon *winres.Icon) (*winres.ResourceSet, error) {
	rs := &winres.ResourceSet{}
	// ID 1 is the group Explorer shows for the file (the first icon group in the file).
	if err := rs.SetIcon(winres.ID(1), icon); err != nil {
		return nil, err
	}
	rs.SetManifest(Manifest(o.id, o.name, v))
	file, desc := "chorusdesk.exe", o.name
	if o.kind == "console" {
		file, desc = "chorusdesk.com", o.name+" command line"
	}
	var vi version.Info
	vi.FileVersion, vi.ProductVersion = v, v
	dotted := fmt.Sprintf("%d.%d.%d.%d", v[0], v[1], v[2], v[3])
	for key, val := range map[string]string{
		version.ProductName:      o.name,
		version.FileDescription:  desc,
		version.OriginalFilename: file,
		version.InternalName:     strings.TrimSuffix(file, ".exe"),
		version.FileVersion:      dotted,
		version.ProductVersion:   dotted,
	} {
		if err := vi.Set(version.LangDefault, key, val); err != nil {
			return nil, err
		}
	}
	rs.SetVersionInfo(vi)
	return rs, nil
}

// Manifest is the application manifest of both programs.
func Manifest(id, name string, v [4]uint16) winres.AppManifest {
	return winres.AppManifest{
		Identity:            winres.AssemblyIdentity{Name: id, Version: v},
		Description:         name,
		Compatibility:       winres.Win10AndAbove,
		ExecutionLevel:      winres.AsInvoker,
		DPIAwareness:        winres.DPIPerMonitorV2,
		LongPathAware:       true,
		UseCommonControlsV6: true,
	}
}

// loadIcon resizes the source image to every size of IconSizes (each frame a PNG inside the
// icon, as Windows Vista and later read them).
func loadIcon(path string) (*winres.Icon, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if b := img.Bounds(); b.Dx() < 256 || b.Dy() < 256 {
		return nil, fmt.Errorf("%s is %dx%d px: the icon needs at least 256x256", path, b.Dx(), b.Dy())
	}
	return winres.NewIconFromResizedImage(img, IconSizes)
}

// parseVersion reads A.B.C.D.
func parseVersion(s string) ([4]uint16, error) {
	var v [4]uint16
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return v, fmt.Errorf("-version %q: want four numbers A.B.C.D", s)
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return v, fmt.Errorf("-version %q: %q is not a number from 0 to 65535", s, p)
		}
		v[i] = uint16(n)
	}
	return v, nil
}

// writeFile writes through a temporary file so a failed run leaves no half object for go build.
func writeFile(path string, fill func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
