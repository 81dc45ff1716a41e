package app

import (
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/diagnose"
	"chorusdesk/docs"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// Version is the version shown in About when the build carries no metadata (go build
// without the fyne tool); keep it equal to FyneApp.toml's.
const Version = "0.1.0"

// licence is one component built into Chorus Desk, as About names it.
type licence struct {
	Name    string // what About shows
	Module  string // the Go module path (a prefix for a family, such as golang.org/x/)
	Licence string
}

// licences lists the components built into Chorus Desk and their licences (About). Every
// direct dependency in go.mod that the program links is here (TestLicencesNameEveryDirectDependency).
var licences = []licence{
	{"Fyne", "fyne.io/fyne/v2", "BSD-3-Clause"},
	{"fyne-tooltip", "github.com/dweymouth/fyne-tooltip", "BSD-3-Clause"},
	{"Badger", "github.com/dgraph-io/badger/v4", "Apache-2.0"},
	{"Ristretto", "github.com/dgraph-io/ristretto/v2", "Apache-2.0"},
	{"resty", "github.com/go-resty/resty/v2", "MIT"},
	{"pdfcpu", "github.com/pdfcpu/pdfcpu", "Apache-2.0"},
	{"zxcvbn", "github.com/trustelem/zxcvbn", "MIT"},
	{"regexp2", "github.com/dlclark/regexp2", "MIT"},
	{"go-i18n", "github.com/nicksnyder/go-i18n/v2", "MIT"},
	{"go-keyring", "github.com/zalando/go-keyring", "MIT"},
	{"godbus", "github.com/godbus/dbus/v5", "BSD-2-Clause"},
	{"fsnotify", "github.com/fsnotify/fsnotify", "BSD-3-Clause"},
	{"Go x/ libraries", "golang.org/x/", "BSD-3-Clause"},
	{"Noto Sans, Inter fonts (bundled by Fyne)", "", "SIL Open Font License 1.1"},
}

// showDiagnostics writes the diagnostics bundle (package diagnose: no invoice, no secret) to
// a file the user picks, as `chorusdesk diagnose` does.
func (u *UI) showDiagnostics() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		u.writeDiagnostics(path)
	}, u.win)
	d.SetFileName("chorusdesk-diagnostics-" + u.now().Format("20060102-150405") + ".zip")
	d.Show()
}

// writeDiagnostics gathers and writes the bundle to path, then says where it is.
func (u *UI) writeDiagnostics(path string) {
	var ob *outbox.Outbox
	if u.transfers != nil && u.transfers.engine != nil {
		ob = u.transfers.engine.engine()
	}
	var rep *diagnose.Report
	u.background(func() error {
		var err error
		if rep, err = diagnose.Gather(diagnose.Inputs{Service: u.svc, Outbox: ob}); err != nil {
			return err
		}
		return diagnose.WriteFile(path, rep)
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.showInfo(u.t("setupui.menu.diagnostics"), u.t("api.diag.written", path, len(rep.Exchanges), len(rep.Warnings)))
	})
}

// showAbout names the product, its version and the licences of what it is built from.
func (u *UI) showAbout() {
	version := Version
	if u.app != nil {
		if v := u.app.Metadata().Version; v != "" && v != "0.0.1" {
			version = v
		}
	}
	rows := container.NewVBox(
		widget.NewLabelWithStyle(u.t("gui.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(u.t("setupui.about.version", version)),
		widget.NewLabel(u.t("setupui.about.what")),
		widget.NewLabelWithStyle(u.t("setupui.about.licences"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	form := container.NewGridWithColumns(2)
	for _, l := range licences {
		name := l.Name
		if l.Module != "" {
			name += " (" + strings.TrimSuffix(l.Module, "/") + ")"
		}
		form.Add(widget.NewLabel(name))
		form.Add(widget.NewLabel(l.Licence))
	}
	// The list scrolls inside the dialog, so About fits a 700-pixel-high screen however many
	// components it names.
	list := container.NewVScroll(form)
	list.SetMinSize(fyne.NewSize(600, 220))
	d := dialog.NewCustom(u.t("setupui.menu.about"), u.t("gui.close"), container.NewBorder(rows, nil, nil, nil, list), u.win)
	d.Resize(fyne.NewSize(680, 520))
	u.track(d)
}

// imageLine matches a Markdown image: the window shows the text of the guide only.
var imageLine = regexp.MustCompile(`(?m)^!\[[^\]]*\]\([^)]*\)\s*$`)

// showUserGuide opens the user guide (built into the binary) in its own window.
func (u *UI) showUserGuide() {
	text := docs.UserGuide
	if u.lang == i18n.FR {
		// The French summary is at the end of the guide: show it first.
		if i := strings.Index(text, "## Résumé en français"); i > 0 {
			text = text[i:] + "\n\n---\n\n" + text[:i]
		}
	}
	showDocument(u.app, u.lang, "setupui.menu.user_guide", text)
}

// showTroubleshooting opens the troubleshooting page (built into the binary): the messages
// that send an installed user there (a damaged data directory) name it by this menu entry.
func (u *UI) showTroubleshooting() {
	showDocument(u.app, u.lang, "setupui.menu.troubleshooting", docs.Troubleshooting)
}

// showDocument shows a Markdown page of the documentation, its images left out, in a window of
// its own titled by titleKey. It needs only the app, so the start-up error window can use it
// before any vault is open.
func showDocument(a fyne.App, lang i18n.Lang, titleKey, markdown string) fyne.Window {
	rt := widget.NewRichTextFromMarkdown(imageLine.ReplaceAllString(markdown, ""))
	rt.Wrapping = fyne.TextWrapWord
	w := a.NewWindow(i18n.T(lang, titleKey) + " — " + i18n.T(lang, "gui.title"))
	w.SetContent(container.NewVScroll(container.NewPadded(rt)))
	w.Resize(fyne.NewSize(820, 640))
	w.Show()
	return w
}
