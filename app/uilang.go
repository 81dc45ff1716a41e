package app

import (
	"fyne.io/fyne/v2"

	"chorusdesk/app/fynelang"
	"chorusdesk/i18n"
)

// useLanguage makes Fyne's own dialogs (file chooser, confirm buttons, entry menus) speak l,
// the language of the vault's settings rather than the system's. Called when the UI is built
// and on every language switch, on Fyne's goroutine.
func useLanguage(l i18n.Lang) {
	if err := fynelang.Use(l); err != nil {
		fyne.LogError("Fyne's dialogs keep their language", err)
	}
}
