package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/i18n"
)

// A data directory found damaged at start-up: the message says so (nothing in it was changed)
// and offers the way out — restore an automatic backup of the settings, which sets the damaged
// database aside (never deleted) and rebuilds the vault under the backup's master password —
// or Quit. After a restore the window opens the restored vault in the same run.

// damagedScreen is the start-up window's content; its widgets are fields for the tests.
type damagedScreen struct {
	message *widget.Label
	restore *widget.Button
	quit    *widget.Button
	pane    *restorePane // the restore dialog, once opened

	svc *core.Service // opened after a restore
}

// newDamagedScreen fills w with the message; opened runs with the restored vault's service once
// a backup is restored (it builds the main window).
func newDamagedScreen(a fyne.App, w fyne.Window, dir string, lang i18n.Lang, msg string, opt core.Options,
	run func(work func(), then func()), opened func(*core.Service)) *damagedScreen {
	d := &damagedScreen{}
	d.message = widget.NewLabel(msg)
	d.message.Wrapping = fyne.TextWrapWord
	d.restore = widget.NewButtonWithIcon(i18n.T(lang, "transfersui.restore.open"), theme.DownloadIcon(), func() {
		r := restorer{
			dir:     dir,
			list:    func() ([]core.BackupInfo, error) { return core.ListBackups(dir) },
			inspect: core.InspectBackup,
			restore: func(path string, pw []byte) (core.RestoreReport, error) {
				return core.RestoreDamaged(dir, path, pw, opt)
			},
			askPassword: true,
			run:         run,
		}
		d.pane = newRestorePane(r, lang, w, func(core.RestoreReport) {
			svc, err := core.Open(dir, opt)
			if err != nil {
				d.message.SetText(i18n.Message(lang, err))
				return
			}
			d.svc = svc
			opened(svc)
		})
		d.pane.Show()
	})
	d.restore.Importance = widget.HighImportance
	d.quit = widget.NewButton(i18n.T(lang, "gui.quit"), a.Quit)
	w.SetContent(container.NewBorder(nil, container.NewCenter(container.NewHBox(d.restore, d.quit)), nil, nil, d.message))
	return d
}

// runDamaged shows the damaged-directory message until the user quits, or restores a backup
// and then works in the restored vault; it returns the run's exit code (5 when nothing was
// restored).
func runDamaged(a fyne.App, dir string, lang i18n.Lang, msg string) int {
	w := a.NewWindow(i18n.T(lang, "gui.title"))
	goThenDo := func(work func(), then func()) {
		go func() {
			work()
			fyne.Do(then)
		}()
	}
	var u *UI
	d := newDamagedScreen(a, w, dir, lang, msg, core.Options{}, goThenDo, func(svc *core.Service) {
		mw := a.NewWindow(i18n.T(lang, "gui.title"))
		mw.Resize(DefaultWindowSize)
		u = New(a, mw, svc, Options{Lang: lang})
		u.Start()
		mw.Show()
		w.Close() // not the master window: the app goes on in the restored vault
	})
	w.Resize(fyne.NewSize(640, 320))
	w.ShowAndRun()
	if u != nil {
		return u.shutdown(d.svc.Close)
	}
	return core.ExitDamaged
}
