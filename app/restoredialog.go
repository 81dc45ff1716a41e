package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// The restore dialog: the automatic backups of the settings (companies, setups, endpoints; not
// the transfers), newest first, what the chosen one holds (secrets masked) and what restoring
// it changes, then the restore after a confirmation. It serves the open vault (Vault →
// Restore a backup…) and a data directory found damaged at start-up (the backup's master
// password rebuilds the vault).

// restorer is what the dialog uses of the core.
type restorer struct {
	dir     string // the data directory (its backups folder is named in the text)
	list    func() ([]core.BackupInfo, error)
	inspect func(path string, password []byte) (core.BackupContents, error)
	restore func(path string, password []byte) (core.RestoreReport, error)
	// askPassword: the backup's master password is always needed (a damaged directory has
	// no unlocked vault); otherwise only for a backup of another vault.
	askPassword bool
	// run does slow work (decrypting, the key derivation, writing) off Fyne's goroutine and
	// then the rest on it.
	run func(work func(), then func())
}

// restorePane is the dialog's content; its widgets are fields for the tests.
type restorePane struct {
	r    restorer
	lang i18n.Lang
	win  fyne.Window

	backups  []core.BackupInfo
	list     *widget.List
	other    *widget.Button
	password *widget.Entry
	pwRow    *fyne.Container
	show     *widget.Button
	contents *widget.Label
	restore  *widget.Button
	close    *widget.Button
	dlg      dialog.Dialog

	path      string // the backup chosen
	inspected string // the backup whose contents are shown (Restore applies to it)
	confirm   *dialog.ConfirmDialog
	done      func(core.RestoreReport) // after a restore
}

func (p *restorePane) t(key string, args ...any) string { return i18n.T(p.lang, key, args...) }

// newRestorePane builds the dialog over win; done runs after a successful restore.
func newRestorePane(r restorer, lang i18n.Lang, win fyne.Window, done func(core.RestoreReport)) *restorePane {
	p := &restorePane{r: r, lang: lang, win: win, done: done}
	bs, err := r.list()
	p.backups = bs
	intro := widget.NewLabel(p.t("transfersui.restore.intro", core.BackupsDir(r.dir)))
	intro.Wrapping = fyne.TextWrapWord
	if err != nil {
		intro.SetText(i18n.Message(lang, err))
	} else if len(bs) == 0 {
		intro.SetText(p.t("store.restore.none", core.BackupsDir(r.dir)))
	}
	p.list = widget.NewList(func() int { return len(p.backups) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			b := p.backups[i]
			o.(*widget.Label).SetText(p.t("transfersui.restore.item", i18n.FormatDateTime(lang, b.Time.Local()),
				i18n.FormatInt(lang, b.Size)))
		})
	p.list.OnSelected = func(i widget.ListItemID) { p.choose(p.backups[i].Path) }
	p.other = widget.NewButtonWithIcon(p.t("transfersui.restore.other"), theme.FolderOpenIcon(), p.pickFile)
	p.password = widget.NewPasswordEntry()
	p.password.SetPlaceHolder(p.t("transfersui.restore.password_hint"))
	p.password.OnSubmitted = func(string) { p.inspect() }
	p.show = widget.NewButtonWithIcon(p.t("transfersui.restore.show"), theme.VisibilityIcon(), p.inspect)
	p.pwRow = container.NewBorder(nil, nil, widget.NewLabel(p.t("transfersui.restore.password")), p.show, p.password)
	if !r.askPassword {
		p.pwRow.Hide()
	}
	p.contents = widget.NewLabel(p.t("transfersui.restore.pick"))
	p.contents.Wrapping = fyne.TextWrapWord
	p.restore = widget.NewButtonWithIcon(p.t("transfersui.restore.yes"), theme.DownloadIcon(), p.askRestore)
	p.restore.Importance = widget.HighImportance
	p.restore.Disable()
	p.close = widget.NewButton(p.t("transfersui.restore.close"), func() { p.dlg.Hide() })

	listBox := container.NewBorder(nil, nil, nil, container.NewVBox(p.other), container.NewGridWrap(fyne.NewSize(360, 150), p.list))
	top := container.NewVBox(intro, listBox, p.pwRow)
	buttons := container.NewHBox(layout.NewSpacer(), p.close, p.restore)
	body := container.NewBorder(top, buttons, nil, nil, container.NewVScroll(p.contents))
	p.dlg = dialog.NewCustomWithoutButtons(p.t("transfersui.restore.title"), body, win)
	p.dlg.SetOnClosed(func() { p.password.SetText("") }) // the password does not outlive the dialog
	s := win.Canvas().Size()
	p.dlg.Resize(fyne.NewSize(min(760, s.Width-16), min(600, s.Height-16)))
	return p
}

// choose makes path the backup to inspect: shown at once when no password is needed.
func (p *restorePane) choose(path string) {
	p.path, p.inspected = path, ""
	p.restore.Disable()
	p.contents.SetText(p.t("transfersui.restore.chosen", filepath.Base(path)))
	if p.r.askPassword {
		p.win.Canvas().Focus(p.password)
		return
	}
	p.inspect()
}

// pickFile chooses a backup file elsewhere (a copy kept on another disk).
func (p *restorePane) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		p.list.UnselectAll()
		p.choose(path)
	}, p.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".cdbackup"}))
	s := p.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(800, s.Width-16), min(560, s.Height-16)))
	d.Show()
}

// inspect reads what the chosen backup holds (off Fyne's goroutine: it is decrypted, and a
// password goes through the key derivation).
func (p *restorePane) inspect() {
	path := p.path
	if path == "" {
		return
	}
	pw := []byte(p.password.Text)
	var c core.BackupContents
	var err error
	p.show.Disable()
	p.contents.SetText(p.t("transfersui.restore.reading", filepath.Base(path)))
	p.r.run(func() {
		c, err = p.r.inspect(path, pw)
		domain.Wipe(pw)
	}, func() {
		p.show.Enable()
		if path != p.path {
			return // another backup was chosen meanwhile
		}
		switch {
		case errors.Is(err, core.ErrWrongPassword) && !p.r.askPassword && p.password.Text == "":
			// A backup of another vault (or of an older master password): ask for it.
			p.pwRow.Show()
			p.contents.SetText(p.t("transfersui.restore.other_vault"))
			p.win.Canvas().Focus(p.password)
		case err != nil:
			p.contents.SetText(i18n.Message(p.lang, err))
		default:
			p.inspected = path
			p.contents.SetText(contentsText(p.lang, filepath.Base(path), c))
			p.restore.Enable()
		}
		p.dlg.Refresh()
	})
}

// askRestore confirms, then restores the inspected backup.
func (p *restorePane) askRestore() {
	path := p.inspected
	if path == "" {
		return
	}
	body := p.t("transfersui.restore.confirm", filepath.Base(path))
	if p.r.askPassword {
		body = p.t("transfersui.restore.confirm_damaged", filepath.Base(path))
	}
	p.confirm = dialog.NewConfirm(p.t("transfersui.restore.title"), body, func(ok bool) {
		if ok {
			p.apply(path)
		}
	}, p.win)
	p.confirm.SetConfirmText(p.t("transfersui.restore.yes"))
	p.confirm.SetDismissText(p.t("gui.cancel"))
	s := p.win.Canvas().Size()
	p.confirm.Resize(fyne.NewSize(min(520, s.Width-16), min(240, s.Height-16)))
	p.confirm.Show()
}

func (p *restorePane) apply(path string) {
	pw := []byte(p.password.Text)
	var rep core.RestoreReport
	var err error
	p.restore.Disable()
	p.close.Disable()
	p.contents.SetText(p.t("transfersui.restore.restoring", filepath.Base(path)))
	p.r.run(func() {
		rep, err = p.r.restore(path, pw)
		domain.Wipe(pw)
	}, func() {
		p.close.Enable()
		if err != nil {
			p.contents.SetText(i18n.Message(p.lang, err))
			p.restore.Enable()
			return
		}
		p.password.SetText("")
		p.dlg.Hide()
		if p.done != nil {
			p.done(rep)
		}
	})
}

// Show opens the dialog.
func (p *restorePane) Show() { p.dlg.Show() }

// contentsText says what a backup holds, secrets masked, and what restoring it changes.
func contentsText(lang i18n.Lang, name string, c core.BackupContents) string {
	var b strings.Builder
	env := i18n.T(lang, "gui.env."+string(c.ActiveEnv))
	fmt.Fprintln(&b, i18n.T(lang, "store.restore.holds", name, i18n.FormatDateTime(lang, c.Created.Local()), env, len(c.Companies)))
	for _, co := range c.Companies {
		state := i18n.T(lang, "store.restore.disabled")
		if co.Enabled {
			state = i18n.T(lang, "store.restore.enabled")
		}
		line := "• " + domain.CleanText(co.Code)
		if co.Name != "" {
			line += " — " + domain.CleanText(co.Name)
		}
		if co.SIRET != "" {
			line += " · SIRET " + co.SIRET
		}
		line += " · " + state
		if co.Tag != "" {
			line += " · " + i18n.T(lang, "transfersui.setup.tag", domain.CleanText(co.Tag))
		}
		fmt.Fprintln(&b, line)
		for _, sl := range []struct {
			env  domain.Env
			slot core.BackupSlot
		}{{domain.Sandbox, co.Sandbox}, {domain.Production, co.Production}} {
			if sl.slot == (core.BackupSlot{}) {
				continue
			}
			fmt.Fprintln(&b, "    "+i18n.T(lang, "store.restore.slot", i18n.T(lang, "gui.env."+string(sl.env)),
				orDashText(domain.CleanText(sl.slot.ClientID)), orDashText(sl.slot.ClientSecret),
				orDashText(domain.CleanText(sl.slot.Login)), orDashText(sl.slot.Password)))
		}
	}
	fmt.Fprint(&b, c.Changes.Text(lang))
	return b.String()
}

func orDashText(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// showRestore opens the restore dialog on the open vault (Vault → Restore a backup…).
func (u *UI) showRestore() *restorePane {
	svc := u.svc
	r := restorer{
		dir:     svc.Dir(),
		list:    svc.Backups,
		inspect: svc.InspectBackup,
		restore: svc.RestoreBackup,
		run: func(work func(), then func()) {
			u.background(func() error { work(); return nil }, func(error) { then() })
		},
	}
	p := newRestorePane(r, u.lang, u.win, func(rep core.RestoreReport) {
		u.reloadCompanies("")
		u.showInfo(u.t("transfersui.restore.title"), u.t("store.restore.done", rep.Backup, rep.Companies, rep.Setups))
	})
	u.track(p.dlg)
	return p
}
