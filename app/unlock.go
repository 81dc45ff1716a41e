package app

import (
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// unlockScreen is the first-run (create the vault) or unlock screen.
type unlockScreen struct {
	creating bool
	password *widget.Entry
	confirm  *widget.Entry  // creating only
	strength *strengthMeter // creating only
	warning  *widget.Label  // creating only
	message  *widget.Label  // error under the button
	submit   *widget.Button
	busy     *widget.ProgressBarInfinite
}

func (u *UI) showUnlock() {
	u.main = nil
	u.installMenu() // the lock screen's menu: only what works while locked
	u.win.SetTitle(u.t("gui.title"))
	s := &unlockScreen{creating: !u.svc.HasVault()}
	u.unlock = s
	s.password = widgets.NewSecretEntry()
	s.password.SetPlaceHolder(u.t("gui.unlock.password"))
	s.password.OnSubmitted = func(string) { u.submitUnlock() }
	s.message = widget.NewLabel("")
	s.message.Importance = widget.DangerImportance
	s.message.Wrapping = fyne.TextWrapWord
	s.busy = widget.NewProgressBarInfinite()
	s.busy.Stop()
	s.busy.Hide()

	title := widget.NewLabelWithStyle(u.t("gui.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	items := []fyne.CanvasObject{title}
	if s.creating {
		s.confirm = widgets.NewSecretEntry()
		s.confirm.SetPlaceHolder(u.t("gui.unlock.confirm"))
		s.confirm.OnSubmitted = func(string) { u.submitUnlock() }
		s.strength = newStrengthMeter(u)
		s.password.OnChanged = func(p string) { u.showStrength(p) }
		s.warning = widget.NewLabel(u.t("gui.unlock.warning"))
		s.warning.Wrapping = fyne.TextWrapWord
		s.warning.Importance = widget.WarningImportance
		s.submit = widget.NewButton(u.t("gui.unlock.create"), u.submitUnlock)
		items = append(items, widget.NewLabel(u.t("gui.unlock.first_run")),
			widget.NewLabel(u.t("gui.unlock.password")), s.password, s.strength.label,
			widget.NewLabel(u.t("gui.unlock.confirm")), s.confirm, s.warning)
	} else {
		s.submit = widget.NewButton(u.t("gui.unlock.unlock"), u.submitUnlock)
		items = append(items, widget.NewLabel(u.t("gui.unlock.prompt")), s.password)
	}
	s.submit.Importance = widget.HighImportance
	items = append(items, s.submit, s.busy, s.message)
	box := container.NewVBox(items...)
	u.win.SetContent(container.NewCenter(container.New(&fixedWidth{w: 420}, box)))
	u.win.Canvas().Focus(s.password)
}

// showStrength updates the strength hint under the new master password: the same
// estimate as the policy that accepts or refuses it (domain.CheckMasterPassword).
func (u *UI) showStrength(p string) {
	u.unlock.strength.setFor(u, p)
}

// submitUnlock creates or opens the vault in the background (Argon2 takes ~0.3 s).
func (u *UI) submitUnlock() {
	s := u.unlock
	if s == nil || s.submit.Disabled() {
		return
	}
	s.message.SetText("")
	pw := []byte(s.password.Text)
	if s.creating {
		if err := domain.CheckMasterPassword(pw); err != nil {
			domain.Wipe(pw)
			s.message.SetText(u.errText(err))
			return
		}
		if s.password.Text != s.confirm.Text {
			domain.Wipe(pw)
			s.message.SetText(u.t("gui.unlock.mismatch"))
			return
		}
	}
	s.submit.Disable()
	s.busy.Show()
	s.busy.Start()
	creating := s.creating
	u.background(func() error {
		defer domain.Wipe(pw)
		// Argon2id just used 64 MiB that the window will not need again: give it back to the
		// system now rather than minutes later (memory after unlock has a target).
		defer debug.FreeOSMemory()
		if creating {
			return u.svc.Init(pw)
		}
		return u.svc.Unlock(pw)
	}, func(err error) {
		if u.unlock != s { // the screen changed meanwhile
			return
		}
		s.busy.Stop()
		s.busy.Hide()
		s.submit.Enable()
		if err != nil {
			s.password.SetText("")
			s.message.SetText(u.errText(err))
			u.win.Canvas().Focus(s.password)
			return
		}
		s.password.SetText("")
		if s.confirm != nil {
			s.confirm.SetText("")
		}
		u.unlock = nil
		u.showMain()
		releaseMemoryAfterFirstFrames()
	})
}

// releaseMemoryAfterFirstFrames hands back to the system, once the main screen has been drawn,
// the heap that building it left behind (layout and text-measuring garbage): the Go runtime
// would otherwise keep it for minutes, and memory after unlock has a target. It runs once,
// off the UI goroutine.
func releaseMemoryAfterFirstFrames() {
	time.AfterFunc(time.Second, debug.FreeOSMemory)
}

// fixedWidth lays its objects out in a column of at least w wide.
type fixedWidth struct{ w float32 }

func (f *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(f.w, 0)
	for _, o := range objs {
		m := o.MinSize()
		s.Height = max(s.Height, m.Height)
		s.Width = max(s.Width, m.Width)
	}
	return s
}

func (f *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}
