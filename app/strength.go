package app

import (
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
)

// strengthMeter is the line under a new master password: it rates what is typed with the
// same estimate that accepts or refuses it (domain.MasterPasswordStrength), so the window
// never calls "fair" a password it then refuses, nor accepts one it calls weak.
type strengthMeter struct {
	label *widget.Label
}

func newStrengthMeter(u *UI) *strengthMeter {
	m := &strengthMeter{label: widget.NewLabel(u.t("gui.strength.empty"))}
	m.label.Wrapping = 0
	return m
}

func (m *strengthMeter) setFor(u *UI, p string) {
	s := domain.MasterPasswordStrength([]byte(p))
	key, imp, args := "gui.strength.empty", widget.MediumImportance, []any(nil)
	switch {
	case p == "":
	case s.Runes < domain.MinMasterPasswordLen:
		key, imp, args = "gui.strength.short", widget.DangerImportance, []any{domain.MinMasterPasswordLen}
	case s.Score < domain.MinMasterPasswordScore:
		key, imp = "gui.strength.weak", widget.DangerImportance
	case s.Score < 4:
		key, imp = "setupui.strength.good", widget.SuccessImportance
	default:
		key, imp = "gui.strength.strong", widget.SuccessImportance
	}
	m.label.Importance = imp
	m.label.SetText(u.t(key, args...))
}
