package invoice

import (
	"bytes"
	"encoding/binary"
	"strings"

	"chorusdesk/i18n"
)

// Chorus Pro reads XML invoices in UTF-8 only. UTF-8 is what the decoder reads by itself; a
// file in another encoding is refused with its name, so the user knows what to change in the
// export, rather than converted: what Chorus Pro receives is exactly the file, byte for byte.

// wideEncoding names the encoding of an XML file written in UTF-16 or UTF-32 — "" if it is
// neither — by its byte-order mark, or without one by the zero bytes around its first
// character (XML starts with '<' or white space, both ASCII).
func wideEncoding(head []byte) string {
	boms := []struct {
		bom  []byte
		name string
	}{ // UTF-32LE before UTF-16LE: its mark starts with UTF-16LE's
		{[]byte{0x00, 0x00, 0xFE, 0xFF}, "UTF-32BE"},
		{[]byte{0xFF, 0xFE, 0x00, 0x00}, "UTF-32LE"},
		{[]byte{0xFE, 0xFF}, "UTF-16BE"},
		{[]byte{0xFF, 0xFE}, "UTF-16LE"},
	}
	for _, b := range boms {
		if bytes.HasPrefix(head, b.bom) {
			return b.name
		}
	}
	if len(head) < 4 {
		return ""
	}
	xmlStart := func(c uint32) bool { return c == '<' || c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	switch {
	case xmlStart(binary.BigEndian.Uint32(head)):
		return "UTF-32BE"
	case xmlStart(binary.LittleEndian.Uint32(head)):
		return "UTF-32LE"
	case xmlStart(uint32(binary.BigEndian.Uint16(head))) && head[2] == 0:
		return "UTF-16BE"
	case xmlStart(uint32(binary.LittleEndian.Uint16(head))) && head[3] == 0:
		return "UTF-16LE"
	}
	return ""
}

// encodingError is the refusal of an XML in encoding name (found by wideEncoding or
// declared): UTF-16, what Windows tools call "Unicode", has its own message.
func encodingError(name string) error {
	if n := strings.ToUpper(strings.TrimSpace(name)); strings.HasPrefix(n, "UTF-16") || n == "UCS-2" || n == "UNICODE" {
		return i18n.Errorf(KeyXMLUTF16)
	}
	return i18n.Errorf(KeyXMLEncoding, clip(name, 40))
}
