package i18n

// Messages of the intake: invoice detection refusals added this round (package invoice) and
// the inbox, folder and watch messages (outbox intake, the watch command).
func init() {
	Register(EN, map[string]string{
		"invoice.pdf_protected":    "the PDF is protected (encrypted, with an opening or a permissions password): Chorus Pro needs an unprotected PDF/A-3, export it again without protection",
		"invoice.pdf_ambiguous":    "the PDF holds %d different invoice XMLs (%s): it is not clear which invoice it is, and Chorus Pro would read only one; export the Factur-X again so that it holds one invoice",
		"invoice.special_file":     "this is not an ordinary file (a named pipe, a device or a socket): pick an invoice file",
		"invoice.busy":             "the file is in use by another program (still being written?): wait until it is complete and try again",
		"invoice.xml_not_utf8":     "the XML is encoded in %s: Chorus Pro needs UTF-8, export it again in UTF-8",
		"invoice.xml_utf16":        "this XML is UTF-16: Chorus Pro needs UTF-8, re-export it",
		"invoice.xml_invalid_utf8": "the XML is not valid UTF-8 at line %d (written in Latin-1 or Windows-1252 without saying so?): Chorus Pro needs UTF-8, export it again in UTF-8",
		"invoice.xml_doctype":      "the XML contains a document type declaration (DOCTYPE): invoices never need one, and it can make a reader fetch files or expand entities; export the invoice again without it",
		"invoice.xml_outside_root": "the XML has content outside its root element (%s): the file was altered or two files were joined; export it again",
	})
	Register(FR, map[string]string{
		"invoice.pdf_protected":    "le PDF est protégé (chiffré, avec un mot de passe d'ouverture ou de permissions) : Chorus Pro exige un PDF/A-3 non protégé, exportez-le à nouveau sans protection",
		"invoice.pdf_ambiguous":    "le PDF contient %d XML de facture différents (%s) : on ne sait pas de quelle facture il s'agit, et Chorus Pro n'en lirait qu'un ; exportez à nouveau le Factur-X pour qu'il ne contienne qu'une facture",
		"invoice.special_file":     "ce n'est pas un fichier ordinaire (tube nommé, périphérique ou socket) : choisissez un fichier de facture",
		"invoice.busy":             "le fichier est utilisé par un autre programme (en cours d'écriture ?) : attendez qu'il soit complet et réessayez",
		"invoice.xml_not_utf8":     "le XML est encodé en %s : Chorus Pro exige l'UTF-8, exportez-le à nouveau en UTF-8",
		"invoice.xml_utf16":        "ce XML est en UTF-16 : Chorus Pro exige l'UTF-8, exportez-le à nouveau",
		"invoice.xml_invalid_utf8": "le XML n'est pas de l'UTF-8 valide à la ligne %d (écrit en Latin-1 ou Windows-1252 sans le dire ?) : Chorus Pro exige l'UTF-8, exportez-le à nouveau en UTF-8",
		"invoice.xml_doctype":      "le XML contient une déclaration de type de document (DOCTYPE) : une facture n'en a jamais besoin, et elle peut faire lire des fichiers ou développer des entités ; exportez à nouveau la facture sans elle",
		"invoice.xml_outside_root": "le XML a du contenu en dehors de son élément racine (%s) : le fichier a été modifié ou deux fichiers ont été collés ; exportez-le à nouveau",
	})
}
