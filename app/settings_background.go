package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/i18n"
	"chorusdesk/internal/autostart"
)

// The settings dialog's "In the background" row: start Chorus Desk at login (in the tray), and
// keep transfers running while locked. Both are off by default. The start at login is the
// OS's own entry (internal/autostart: nothing is kept in the vault, the entry is the truth);
// the other is the vault's (core.SetKeepRunning: its key goes to, or leaves, the system
// keyring).

// backgroundSettings are the row's widgets and what they showed when the dialog opened.
type backgroundSettings struct {
	autostart   *widget.Check
	keepRunning *widget.Check
	autoWas     bool
	keepWas     bool
}

// autostartEntry is what starts at login: this program, hidden in the tray, on this data
// directory.
func (u *UI) autostartEntry() (autostart.Entry, error) {
	exe, err := autostart.Executable(u.bg.autostartEnv())
	return autostart.Entry{Name: i18n.T(i18n.EN, "gui.title"), ID: AppID, Exec: exe,
		Args: []string{"--background", "--data", u.svc.Dir()}}, err
}

// addBackgroundSettings adds the row to the settings form.
func (u *UI) addBackgroundSettings(form *fyne.Container) {
	s := &backgroundSettings{}
	u.bg.settings = s
	if e, err := u.autostartEntry(); err == nil {
		st, _ := autostart.Status(u.bg.autostartEnv(), e)
		s.autoWas = st == autostart.On
	}
	s.keepWas, _ = u.svc.KeepRunning()
	s.autostart = widget.NewCheck(u.t("tray.settings.autostart"), nil)
	s.autostart.SetChecked(s.autoWas)
	s.keepRunning = widget.NewCheck(u.t("tray.settings.keeprunning"), nil)
	s.keepRunning.SetChecked(s.keepWas)
	tip := widget.NewLabel(u.t("tray.settings.keeprunning_tip"))
	tip.Wrapping = fyne.TextWrapWord
	tip.Importance = widget.LowImportance
	box := container.NewVBox(s.autostart, s.keepRunning, tip)
	if h := u.bg.host; h == nil || !h.Available() {
		note := widget.NewLabel(u.t("tray.settings.no_tray"))
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.WarningImportance
		box.Add(note)
	}
	form.Add(widget.NewLabel(u.t("tray.settings.section")))
	form.Add(box)
}

// saveBackgroundSettings applies what changed in the row; the first failure is returned as
// the user's sentence (the rest of the dialog is saved by its caller).
func (u *UI) saveBackgroundSettings() error {
	s := u.bg.settings
	if s == nil {
		return nil
	}
	if on := s.keepRunning.Checked; on != s.keepWas {
		if err := u.svc.SetKeepRunning(on); err != nil {
			return err
		}
		s.keepWas = on
	}
	if on := s.autostart.Checked; on != s.autoWas {
		e, err := u.autostartEntry()
		if err == nil {
			if on {
				err = autostart.Enable(u.bg.autostartEnv(), e)
			} else {
				err = autostart.Disable(u.bg.autostartEnv(), e)
			}
		}
		if err != nil {
			return i18n.Errorf("tray.settings.autostart_err", err.Error())
		}
		s.autoWas = on
	}
	u.bg.refresh()
	return nil
}
