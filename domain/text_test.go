package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "FA-2026-0001", "FA-2026-0001"},
		{"accents and symbols kept", "Société Générale — facture n° 12 €", "Société Générale — facture n° 12 €"},
		{"empty", "", ""},
		{"newline forges a status line", "a.xml\ndeposited CPP123", "a.xml deposited CPP123"},
		{"CRLF", "a\r\nb", "a  b"},
		{"carriage return overwrites the line", "evil\rgood.xml", "evil good.xml"},
		{"tab", "a\tb", "a b"},
		{"unicode line and paragraph separators", "a\u2028b\u2029c\u0085d", "a b c d"},
		{"vertical tab and form feed", "a\vb\fc", "a b c"},
		{"NUL and bell removed", "a\x00b\x07c", "abc"},
		{"DEL and C1 removed", "a\x7fb\u0080c\u009bd", "abcd"},
		{"backspace removed", "paid\b\b\b\bunpaid", "paidunpaid"},
		{"colour escape", "\x1b[31mFAILED\x1b[0m", "FAILED"},
		{"cursor movement", "ok\x1b[2K\x1b[1Gdeposited", "okdeposited"},
		{"private CSI", "a\x1b[?25lb", "ab"},
		{"OSC title ended by BEL", "a\x1b]0;pwned\x07b", "ab"},
		{"OSC hyperlink ended by ST", "\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"DCS string", "a\x1bPq#0\x1b\\b", "ab"},
		{"terminal reset", "a\x1bcb", "ab"},
		{"ESC at the end", "a\x1b", "a"},
		{"unterminated CSI", "a\x1b[31", "a"},
		{"malformed CSI stops at the odd byte", "a\x1b[3\x01b", "ab"},
		{"ESC before a multi-byte rune keeps the rune", "a\x1bé", "aé"},
		{"right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"all embeddings and overrides", "\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee", "abcde"},
		{"isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"direction marks", "a\u200Eb\u200Fc\u061Cd", "abcd"},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"Arabic and Hebrew text kept", "فاتورة חשבונית", "فاتورة חשבונית"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanTextCleanInputNotCopied(t *testing.T) {
	s := strings.Repeat("Facture FA-2026-0001 Société ", 10)
	if n := testing.AllocsPerRun(100, func() { _ = CleanText(s) }); n != 0 {
		t.Errorf("clean text allocates %v times", n)
	}
}

// FuzzCleanText: whatever goes in, what comes out is valid UTF-8 on one line with no control
// or bidirectional formatting character, and cleaning it again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"FA-1", "a\nb", "\x1b[31mred", "\x1b]0;t\x07", "x\u202Ey", "\xff", "\x1b", "\x1b[", "\x1bP\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := CleanText(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", s, out)
		}
		for _, r := range out {
			if r < 0x20 || (r >= 0x7F && r <= 0x9F) || lineBreak(r) || dropped(r) {
				t.Fatalf("CleanText(%q) = %q keeps %U", s, out, r)
			}
		}
		if again := CleanText(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
		}
		if len(out) > len(s)*3 {
			t.Fatalf("output %d bytes for %d in", len(out), len(s))
		}
	})
}
