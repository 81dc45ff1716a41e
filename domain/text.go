package domain

import (
	"strings"
	"unicode/utf8"
)

// CleanText makes text that came from outside (a file name, an invoice number, a server's
// message) safe to print on a terminal or show in a window: a hostile value must not be able
// to forge a status line, recolour or clear the terminal, or reorder what is shown around it.
//
//   - newlines and other line or paragraph breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) and
//     tabs become one space, so one value stays on one line;
//   - ANSI escape sequences (CSI "ESC [ … final", OSC "ESC ] … BEL/ST", DCS/SOS/PM/APC
//     strings, and two-character escapes) are removed whole, not just their ESC byte;
//   - every other control character (C0, DEL, C1) is removed;
//   - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
//     invisible direction marks (U+200E, U+200F, U+061C) are removed: they make a name read
//     differently from what it is ("invoice‮fdp.exe");
//   - invalid UTF-8 becomes U+FFFD.
//
// Printable text, accents included, is left exactly as it is.
func CleanText(s string) string {
	if isClean(s) {
		return s // the common case allocates nothing
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1B:
			i += escapeLen(s[i:])
			continue
		case lineBreak(r) || r == '\t':
			b.WriteByte(' ')
		case dropped(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean reports whether CleanText would return s unchanged.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7F {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || r == 0x1B || lineBreak(r) || r == '\t' || dropped(r) {
			return false
		}
		i += size
	}
	return true
}

func lineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// dropped are the characters removed outright: controls and the bidirectional formatting
// characters.
func dropped(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

// escapeLen is the length of the escape sequence at the start of s (s[0] is ESC). An
// unterminated sequence runs to the end of s: what follows an unfinished escape would be
// read by the terminal as part of it anyway.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[': // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7E {
				return i + 1
			}
			if s[i] < 0x20 || s[i] > 0x3F {
				return i // malformed: stop before the byte that does not belong
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \)
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1B && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	// A two-character escape (ESC c resets the terminal, ESC 7 saves the cursor…); a
	// multi-byte rune after ESC is kept, only the ESC goes.
	if s[1] < 0x80 {
		return 2
	}
	return 1
}
