package app

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// bundleDialog is the export or the import of an encrypted bundle: a file and a passphrase
// (twice for an export).
type bundleDialog struct {
	export  bool
	path    *widget.Entry
	pass    *widget.Entry
	again   *widget.Entry // export only
	message *widget.Label
	submit  *widget.Button
	dlg     *dialog.CustomDialog
}

func (u *UI) showExport() { u.showBundle(true) }
func (u *UI) showImport() { u.showBundle(false) }

func (u *UI) showBundle(export bool) {
	b := &bundleDialog{export: export, path: widget.NewEntry(), pass: widgets.NewSecretEntry(), message: errorLabel()}
	u.main.bundleDlg = b
	title, action := u.t("gui.import"), u.t("gui.import.do")
	if export {
		title, action = u.t("gui.export"), u.t("gui.export.do")
	}
	browse := widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() { u.browseBundle(b) })
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(u.t("gui.bundle.file")), container.NewBorder(nil, nil, nil, browse, b.path),
		widget.NewLabel(u.t("gui.bundle.passphrase")), b.pass)
	if export {
		b.again = widgets.NewSecretEntry()
		form.Add(widget.NewLabel(u.t("gui.password.again")))
		form.Add(b.again)
	}
	note := widget.NewLabel(u.t("gui.bundle.note_import"))
	if export {
		note.SetText(u.t("gui.bundle.note_export"))
	}
	note.Wrapping = fyne.TextWrapWord
	b.submit = widget.NewButton(action, func() { u.touch(); u.submitBundle() })
	b.submit.Importance = widget.HighImportance
	b.dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, note, b.message), u.win)
	b.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton(u.t("gui.cancel"), func() { b.wipe(); b.dlg.Hide() }), b.submit})
	b.dlg.Resize(fyne.NewSize(560, 300))
	u.track(b.dlg)
}

func (b *bundleDialog) wipe() {
	widgets.Wipe(b.pass, true)
	if b.again != nil {
		widgets.Wipe(b.again, true)
	}
}

// browseBundle picks the file with Fyne's file dialog.
func (u *UI) browseBundle(b *bundleDialog) {
	if b.export {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err == nil && w != nil {
				b.path.SetText(w.URI().Path())
				w.Close()
			}
		}, u.win)
		d.SetFileName("chorusdesk-export.cdx")
		d.Show()
		return
	}
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err == nil && r != nil {
			b.path.SetText(r.URI().Path())
			r.Close()
		}
	}, u.win)
}

func (u *UI) submitBundle() {
	b := u.main.bundleDlg
	setError(b.message, "")
	path := strings.TrimSpace(b.path.Text)
	switch {
	case path == "":
		setError(b.message, u.t("gui.bundle.no_file"))
		return
	case b.pass.Text == "":
		setError(b.message, u.t("gui.bundle.no_pass"))
		return
	case b.export && b.pass.Text != b.again.Text:
		setError(b.message, u.t("gui.unlock.mismatch"))
		return
	}
	pass := []byte(b.pass.Text)
	defer domain.Wipe(pass)
	if b.export {
		// Written whole or not at all (temporary file, synced, renamed), audited only then.
		if err := u.svc.ExportFile(path, pass); err != nil {
			setError(b.message, u.errText(err))
			return
		}
		b.wipe()
		b.dlg.Hide()
		u.showInfo(u.t("gui.export"), u.t("gui.export.done", path))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		setError(b.message, u.errText(err))
		return
	}
	rep, err := u.svc.Import(f, pass)
	f.Close()
	if err != nil {
		setError(b.message, u.errText(err))
		return
	}
	b.wipe()
	b.dlg.Hide()
	u.reloadCompanies("")
	// The import may have replaced the setup on screen: show the stored one unless the user
	// has unsaved edits there.
	if tab := u.main.tab; tab.company.ID != "" && !tab.dirty() {
		if c, ok := u.main.companies.byID[tab.company.ID]; ok {
			tab.load(c)
		}
	}
	u.showInfo(u.t("gui.import"), u.t("gui.import.done", rep.Companies, rep.Setups))
}
