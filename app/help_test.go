package app

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// notShipped are go.mod's direct dependencies that the program does not link, with the reason:
// About names only what is built into Chorus Desk.
var notShipped = map[string]string{
	"github.com/getkin/kin-openapi": "tests only: the Swagger validation of the client and the emulator",
	"github.com/tc-hib/winres":      "build tool: tools/mkwinres writes the Windows resources",
}

// TestLicencesNameEveryDirectDependency: every direct dependency of go.mod is named in About
// with its licence, or listed above as not shipped; a dependency added later cannot be
// forgotten (MIT and BSD ask for the notice).
func TestLicencesNameEveryDirectDependency(t *testing.T) {
	f, err := os.Open("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var direct []string
	inRequire := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "require ("):
			inRequire = true
		case inRequire && line == ")":
			inRequire = false
		case inRequire && line != "" && !strings.Contains(line, "// indirect"):
			direct = append(direct, strings.Fields(line)[0])
		}
	}
	if len(direct) < 5 {
		t.Fatalf("go.mod read wrong: direct dependencies %v", direct)
	}
	for _, mod := range direct {
		if notShipped[mod] != "" {
			continue
		}
		named := false
		for _, l := range licences {
			named = named || (l.Module != "" && (mod == l.Module || strings.HasSuffix(l.Module, "/") && strings.HasPrefix(mod, l.Module)))
		}
		if !named {
			t.Errorf("%s is a direct dependency but About does not name it (add it to licences, or to notShipped with the reason)", mod)
		}
	}
	for _, l := range licences {
		if l.Name == "" || l.Licence == "" {
			t.Errorf("licence row %+v is incomplete", l)
		}
	}
}

// TestAboutFitsA700PixelScreen: About's list of licences scrolls, so the dialog stays within a
// 1024×700 screen whatever the number of components.
func TestAboutFitsA700PixelScreen(t *testing.T) {
	h := newHarness(t, true)
	h.ui.win.Resize(fyne.NewSize(1000, 680))
	h.ui.showAbout()
	if h.ui.lastDialog == nil {
		t.Fatal("no About dialog")
	}
	var scroll *container.Scroll
	for _, o := range test.LaidOutObjects(h.ui.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*container.Scroll); ok && s.Direction == container.ScrollVerticalOnly {
			scroll = s
		}
	}
	if scroll == nil {
		t.Fatal("the licences are not in a vertical scroll")
	}
	if top := h.ui.win.Canvas().Overlays().Top(); top.MinSize().Height > 680 {
		t.Fatalf("About needs %v px of height: over a 700-pixel screen", top.MinSize().Height)
	}
}
