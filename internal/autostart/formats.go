package autostart

import (
	"encoding/xml"
	"path/filepath"
	"strings"
)

// xdgPath is $XDG_CONFIG_HOME/autostart/<ID>.desktop (default ~/.config), as the XDG Autostart
// specification says.
func xdgPath(env Env, e Entry) string {
	base := env.getenv("XDG_CONFIG_HOME")
	if base == "" || !filepath.IsAbs(base) {
		base = filepath.Join(env.Home, ".config")
	}
	return filepath.Join(base, "autostart", e.ID+".desktop")
}

// desktopEntry is the XDG autostart file of e.
func desktopEntry(e Entry) string {
	var exec []string
	for _, a := range append([]string{e.Exec}, e.Args...) {
		exec = append(exec, desktopQuote(a))
	}
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=" + desktopString(e.Name) + "\n" +
		"Exec=" + strings.Join(exec, " ") + "\n" +
		"Icon=" + desktopString(e.ID) + "\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// desktopQuote quotes one argument of an Exec key: inside double quotes, `"`, "`", `$` and `\`
// take a backslash; then the key file's own string escape doubles every backslash (so a
// literal backslash is written as four), and a literal % is written %% (field codes).
func desktopQuote(arg string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range arg {
		switch r {
		case '"', '`', '$', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return strings.ReplaceAll(desktopString(b.String()), "%", "%%")
}

// desktopString escapes a value of type string of a desktop entry (backslash first).
func desktopString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`).Replace(s)
}

// launchAgentPath is ~/Library/LaunchAgents/<ID>.plist: launchd loads it at the next login.
func launchAgentPath(env Env, e Entry) string {
	return filepath.Join(env.Home, "Library", "LaunchAgents", e.ID+".plist")
}

// launchAgent is the LaunchAgent property list of e: the program and its arguments as they
// are (no shell), run at load, as an interactive process (a desktop app, not a daemon).
func launchAgent(e Entry) string {
	var args strings.Builder
	for _, a := range append([]string{e.Exec}, e.Args...) {
		args.WriteString("\t\t<string>" + xmlText(a) + "</string>\n")
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + xmlText(e.ID) + `</string>
	<key>ProgramArguments</key>
	<array>
` + args.String() + `	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// windowsCommandLine is the Run key's value: the program and its arguments quoted the way
// CommandLineToArgvW (and Go's os.Args on Windows) reads them back. The program is always
// quoted: an unquoted path with spaces may start another program.
func windowsCommandLine(e Entry) string {
	parts := []string{`"` + e.Exec + `"`}
	for _, a := range e.Args {
		parts = append(parts, windowsQuote(a))
	}
	return strings.Join(parts, " ")
}

// windowsQuote is syscall.EscapeArg's rule, usable on any OS: quote when the argument is
// empty or holds a space, tab or quote; double the backslashes that precede a quote or the
// closing quote; escape quotes.
func windowsQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}
