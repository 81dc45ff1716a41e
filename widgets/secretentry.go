// Package widgets holds the small reusable Fyne widgets of the Chorus Desk window: a secret
// entry with a reveal toggle, the environment badge, a test step row, a button with a tooltip
// and a filterable list that stays fast with thousands of rows.
package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// NewSecretEntry returns a masked single-line entry. Fyne's password entry already carries
// the eye toggle that reveals the text on demand: secrets are masked until the user asks.
func NewSecretEntry() *widget.Entry {
	e := widget.NewPasswordEntry()
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	return e
}

// Reveal shows (true) or masks (false) the text of a secret entry, as the eye toggle does.
func Reveal(e *widget.Entry, show bool) {
	e.Password = !show
	e.Refresh()
}

// Revealed reports whether a secret entry currently shows its text.
func Revealed(e *widget.Entry) bool { return !e.Password }

// Wipe empties an entry and masks it again, so nothing of a secret stays on screen.
func Wipe(e *widget.Entry, secret bool) {
	e.SetText("")
	if secret && !e.Password {
		Reveal(e, false)
	}
}
