package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tc-hib/winres"
)

func writePNG(t *testing.T, size int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = 0xc0
	}
	img.Set(0, 0, color.NRGBA{255, 0, 0, 255})
	p := filepath.Join(t.TempDir(), "icon.png")
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestResourcesHoldEveryIconSizeTheManifestAndTheVersion(t *testing.T) {
	icon, err := loadIcon(writePNG(t, 512))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"gui", "console"} {
		t.Run(kind, func(t *testing.T) {
			rs, err := resources(options{kind: kind, name: "Chorus Desk", id: "fr.chorusdesk.app"}, [4]uint16{0, 1, 0, 7}, icon)
			if err != nil {
				t.Fatal(err)
			}
			var manifest, vinfo []byte
			var widths []int
			rs.Walk(func(typ, _ winres.Identifier, _ uint16, data []byte) bool {
				switch typ {
				case winres.RT_MANIFEST:
					manifest = data
				case winres.RT_VERSION:
					vinfo = data
				case winres.RT_GROUP_ICON:
					n := int(binary.LittleEndian.Uint16(data[4:]))
					for i := 0; i < n; i++ {
						w := int(data[6+14*i])
						if w == 0 {
							w = 256
						}
						widths = append(widths, w)
					}
				}
				return true
			})
			slices.Sort(widths)
			if !slices.Equal(widths, IconSizes) {
				t.Errorf("icon sizes %v, want %v", widths, IconSizes)
			}
			for _, want := range []string{"{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}", "permonitorv2", `level="asInvoker"`, "fr.chorusdesk.app"} {
				if !bytes.Contains(manifest, []byte(want)) {
					t.Errorf("manifest lacks %s:\n%s", want, manifest)
				}
			}
			if bytes.Contains(manifest, []byte("{35138b9a-5d96-4fbd-8e2d-a2440225f93a}")) {
				t.Error("manifest declares Windows 7, which Go no longer supports")
			}
			file := "chorusdesk.exe"
			if kind == "console" {
				file = "chorusdesk.com"
			}
			if !bytes.Contains(vinfo, utf16le(file)) || !bytes.Contains(vinfo, utf16le("0.1.0.7")) {
				t.Errorf("version resource lacks %s or 0.1.0.7", file)
			}
		})
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	big, small := writePNG(t, 512), writePNG(t, 64)
	out := filepath.Join(dir, "x.syso")
	ok := []string{"-kind", "gui", "-name", "N", "-id", "a.b", "-version", "1.2.3.4", "-icon", big, "-o", out, "-ico", filepath.Join(dir, "x.ico")}
	with := func(flag, val string) []string {
		a := slices.Clone(ok)
		a[slices.Index(a, flag)+1] = val
		return a
	}
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"good", ok, 0, ""},
		{"bad kind", with("-kind", "service"), 1, "gui or console"},
		{"three numbers", with("-version", "1.2.3"), 1, "four numbers"},
		{"too big", with("-version", "1.2.3.70000"), 1, "0 to 65535"},
		{"small icon", with("-icon", small), 1, "at least 256x256"},
		{"missing icon", with("-icon", filepath.Join(dir, "none.png")), 1, "none.png"},
		{"stray argument", append(slices.Clone(ok), "extra"), 2, "usage"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var errOut bytes.Buffer
			if code := run(c.args, &errOut); code != c.code || !strings.Contains(errOut.String(), c.msg) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, c.code, errOut.String(), c.msg)
			}
		})
	}
	for _, f := range []string{out, filepath.Join(dir, "x.ico")} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}
