package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"

	"chorusdesk/cli"
	"chorusdesk/i18n"
)

func init() { commandGivenToWindow = pointToConsoleProgram }

// pointToConsoleProgram shows a message box (a double-clicked or Run-dialog start has nothing
// else to show text in) naming the console program, prints the same on standard error for a
// redirected start, and exits with the usage code.
func pointToConsoleProgram([]string) int {
	lang := windowsLang()
	fmt.Fprintln(os.Stderr, "chorusdesk:", i18n.T(lang, "pack.gui.console_stderr"))
	title, _ := windows.UTF16PtrFromString(i18n.T(lang, "pack.gui.console_title"))
	body, _ := windows.UTF16PtrFromString(i18n.T(lang, "pack.gui.console_body"))
	_, _ = windows.MessageBox(0, body, title, windows.MB_OK|windows.MB_ICONINFORMATION|windows.MB_SETFOREGROUND)
	return cli.ExitUsage
}

// windowsLang is the language of the message: the locale variables when set (as everywhere),
// else the user's Windows display languages.
func windowsLang() i18n.Lang {
	langs, _ := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	return langOf(os.Getenv, langs)
}
