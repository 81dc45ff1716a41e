package outbox

import (
	"strconv"
	"strings"

	"chorusdesk/domain"
	"chorusdesk/invoice"
)

// The file name given to Chorus Pro with each deposit (nomFichier). It is never the user's
// file name: that may be a Windows path, too long, or carry an extension that does not match
// the content. It is built from what the engine knows:
//
//	<TAG>_<invoice number>_<deposit>.<ext>
//
// TAG is the ID tag of the setup the deposit goes through (left out when it has none): the
// ID tag exists to tell the invoices a tool deposits through the API from those
// deposited by hand, and nomFichier is the only free-text field of a deposit
// (DeposerFluxFactureParam: idUtilisateurCourant, fichierFlux, nomFichier, syntaxeFlux,
// avecSignature), so it is where the tag can travel. deposit is the item's own suffix and
// deposit count, so every deposit has its own name. ext follows the detected format: .pdf for
// Factur-X, .xml for UBL and CII (Chorus Pro takes .xml, .pdf, .tar.gz). At most 200
// characters (the official sample documents varchar(200); a PHP client with a live deposit
// test truncates to 200), only A-Z a-z 0-9 _ - . (accents folded), no path component.

// MaxNomFichier is the longest name Chorus Pro takes.
const MaxNomFichier = 200

// nomFichier is the name of the item's current deposit (it.Deposits counts it).
func nomFichier(it *Item) string {
	ext := ".xml"
	if it.Format == string(invoice.FormatFacturX) {
		ext = ".pdf"
	}
	suffix := idSuffix(it.ID)
	if it.Deposits > 1 {
		suffix += "-" + strconv.Itoa(it.Deposits)
	}
	number := safeName(it.Number)
	if number == "" {
		number = "invoice"
	}
	head := ""
	if tag := safeName(it.Tag); tag != "" {
		if len(tag) > domain.MaxTagLen { // the setup refuses longer tags; an older record may not
			tag = tag[:domain.MaxTagLen]
		}
		head = tag + "_"
	}
	room := MaxNomFichier - len(head) - len("_"+suffix) - len(ext)
	if len(number) > room {
		number = strings.TrimRight(number[:room], "._-")
	}
	return head + number + "_" + suffix + ext
}

// idSuffix is the random part of an item ID (newID: 16 hex digits of time, 8 random).
func idSuffix(id string) string {
	if len(id) > 16 {
		return id[16:]
	}
	return safeName(id)
}

// safeName keeps letters and digits (accents folded), '-' and '.', turns anything else
// (slashes, backslashes, spaces, colons, control characters…) into '_', collapses runs of
// '_' and trims leading dots, so no name can climb out of a folder or hide as a dotfile.
func safeName(s string) string {
	var b strings.Builder
	last := byte(0)
	for _, r := range stripAccents(s) {
		c := byte('_')
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			c = byte(r)
		}
		if c == '_' && last == '_' {
			continue
		}
		if c == '.' && last == '.' {
			c = '_' // no ".." anywhere
		}
		b.WriteByte(c)
		last = c
	}
	return strings.Trim(b.String(), "._-")
}
