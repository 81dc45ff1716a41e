package i18n

// Messages of package invoice (detection of spec §3). Each refusal says what is wrong with
// the file and what to do about it.
func init() {
	Register(EN, map[string]string{
		"invoice.empty":          "the file is empty: export the invoice again from your invoicing software",
		"invoice.too_large":      "the file is %.1f MB, over the %d MB limit of Chorus Pro: reduce it (fewer or lighter attachments, compressed PDF) and export it again",
		"invoice.not_found":      "the file does not exist (moved or deleted?): check its name and folder",
		"invoice.permission":     "the file cannot be read (permission denied): check its access rights",
		"invoice.not_regular":    "this is not a regular file (a folder?): pick an invoice file",
		"invoice.read_failed":    "the file cannot be read (%s): copy it to a local folder and try again",
		"invoice.unknown_format": "the file is neither a PDF nor an XML invoice: Chorus Desk accepts Factur-X PDF, UBL 2.1 and CII D16B invoices",
		"invoice.misnamed":       "the file is named %s but its content is neither a PDF nor XML (damaged or renamed?): export the invoice again",

		"invoice.pdf_damaged":       "the PDF is damaged and cannot be read (%s): export it again from your invoicing software",
		"invoice.pdf_leading_bytes": "the file has %d bytes before its PDF header (altered by a transfer or a mail gateway?): Chorus Pro would refuse it; export the PDF again",
		"invoice.pdf_truncated":     "the PDF is incomplete (it does not end with the end-of-file marker): the copy or the download was interrupted; copy or export it again",
		"invoice.pdf_encrypted":     "the PDF is password-protected: Chorus Pro needs an unprotected Factur-X PDF, export it without a password",
		"invoice.pdf_no_xml":        "the PDF has no embedded invoice XML (factur-x.xml): it is a plain PDF, not a Factur-X invoice; export it as Factur-X, or send the UBL or CII XML instead",
		"invoice.pdf_xml_not_cii":   "the XML embedded in the PDF is not a CII CrossIndustryInvoice (an older ZUGFeRD 1 or another format?): export the invoice as Factur-X (EN 16931, BASIC or MINIMUM profile)",
		"invoice.pdf_xml_too_large": "the XML embedded in the PDF is over %d MB once decompressed: the PDF is not a usable invoice, export it again",

		"invoice.xml_malformed":   "the XML is malformed at line %d (%s): the file is truncated or damaged, export it again",
		"invoice.xml_too_deep":    "the XML nests elements more than %d levels deep: it is not an invoice",
		"invoice.xml_encoding":    "the XML declares the character encoding %q, which is not supported: export it in UTF-8",
		"invoice.not_invoice":     "the XML is not an invoice: its root element is %s; Chorus Desk accepts a UBL 2.1 Invoice or a CII CrossIndustryInvoice",
		"invoice.ubl_credit_note": "this is a UBL CreditNote, but Chorus Pro's UBL flow (IN_DP_E1_UBL_INVOICE) takes only the Invoice document: send the credit note as a UBL Invoice with type code 381",

		"invoice.no_number":               "the invoice has no number (BT-1): fill it in your invoicing software and export again",
		"invoice.no_issue_date":           "the invoice has no issue date (BT-2): fill it in your invoicing software and export again",
		"invoice.bad_issue_date":          "the invoice issue date %q is not a valid date (BT-2): correct it and export again",
		"invoice.unsupported_date_format": "the invoice issue date uses date format %q; EN 16931 requires format 102 (yyyymmdd): export again",
		"invoice.bad_total":               "the invoice total %q is not a number (BT-112): correct it and export again",
		"invoice.field_too_long":          "the invoice field %s is longer than %d characters: the file is not a usable invoice",
		"invoice.no_seller_siret":         "the invoice carries no seller SIRET (identifier with scheme 0009, or legal registration with scheme 0002): add your company's SIRET in your invoicing software and export again",
		"invoice.bad_seller_siret":        "the seller SIRET %q in the invoice is not a valid SIRET (14 digits with a correct check digit): correct it in your invoicing software and export again",
		"invoice.bad_buyer_siret":         "the buyer SIRET %q in the invoice is not a valid SIRET (14 digits with a correct check digit): correct the customer's SIRET in your invoicing software and export again",

		"invoice.inspect.no_file": "give at least one invoice file",
		"invoice.inspect.line":    "%s: %s invoice %s of %s (%s), seller SIRET %s, buyer SIRET %s, service code %s, commitment %s, total %s",
		"invoice.inspect.refused": "%s: refused: %s",
	})
	Register(FR, map[string]string{
		"invoice.empty":          "le fichier est vide : exportez à nouveau la facture depuis votre logiciel de facturation",
		"invoice.too_large":      "le fichier fait %.1f Mo, au-delà de la limite de %d Mo de Chorus Pro : allégez-le (moins de pièces jointes, PDF compressé) et exportez-le à nouveau",
		"invoice.not_found":      "le fichier n'existe pas (déplacé ou supprimé ?) : vérifiez son nom et son dossier",
		"invoice.permission":     "le fichier ne peut pas être lu (accès refusé) : vérifiez ses droits d'accès",
		"invoice.not_regular":    "ce n'est pas un fichier ordinaire (un dossier ?) : choisissez un fichier de facture",
		"invoice.read_failed":    "le fichier ne peut pas être lu (%s) : copiez-le dans un dossier local et réessayez",
		"invoice.unknown_format": "le fichier n'est ni un PDF ni une facture XML : Chorus Desk accepte les factures Factur-X (PDF), UBL 2.1 et CII D16B",
		"invoice.misnamed":       "le fichier porte l'extension %s mais son contenu n'est ni un PDF ni du XML (endommagé ou renommé ?) : exportez à nouveau la facture",

		"invoice.pdf_damaged":       "le PDF est endommagé et illisible (%s) : exportez-le à nouveau depuis votre logiciel de facturation",
		"invoice.pdf_leading_bytes": "le fichier contient %d octets avant l'en-tête PDF (altéré par un transfert ou une passerelle de messagerie ?) : Chorus Pro le refuserait ; exportez à nouveau le PDF",
		"invoice.pdf_truncated":     "le PDF est incomplet (il ne se termine pas par le marqueur de fin de fichier) : la copie ou le téléchargement a été interrompu ; copiez-le ou exportez-le à nouveau",
		"invoice.pdf_encrypted":     "le PDF est protégé par mot de passe : Chorus Pro exige un PDF Factur-X non protégé, exportez-le sans mot de passe",
		"invoice.pdf_no_xml":        "le PDF ne contient pas de XML de facture (factur-x.xml) : c'est un simple PDF, pas une facture Factur-X ; exportez-le en Factur-X, ou envoyez plutôt le XML UBL ou CII",
		"invoice.pdf_xml_not_cii":   "le XML contenu dans le PDF n'est pas une CrossIndustryInvoice CII (ancien ZUGFeRD 1 ou autre format ?) : exportez la facture en Factur-X (profil EN 16931, BASIC ou MINIMUM)",
		"invoice.pdf_xml_too_large": "le XML contenu dans le PDF dépasse %d Mo une fois décompressé : ce PDF n'est pas une facture exploitable, exportez-le à nouveau",

		"invoice.xml_malformed":   "le XML est mal formé à la ligne %d (%s) : le fichier est tronqué ou endommagé, exportez-le à nouveau",
		"invoice.xml_too_deep":    "le XML imbrique des éléments sur plus de %d niveaux : ce n'est pas une facture",
		"invoice.xml_encoding":    "le XML déclare l'encodage %q, qui n'est pas pris en charge : exportez-le en UTF-8",
		"invoice.not_invoice":     "le XML n'est pas une facture : son élément racine est %s ; Chorus Desk accepte une Invoice UBL 2.1 ou une CrossIndustryInvoice CII",
		"invoice.ubl_credit_note": "c'est un CreditNote UBL, or le flux UBL de Chorus Pro (IN_DP_E1_UBL_INVOICE) n'accepte que le document Invoice : envoyez l'avoir comme Invoice UBL avec le code type 381",

		"invoice.no_number":               "la facture n'a pas de numéro (BT-1) : renseignez-le dans votre logiciel de facturation et exportez à nouveau",
		"invoice.no_issue_date":           "la facture n'a pas de date d'émission (BT-2) : renseignez-la dans votre logiciel de facturation et exportez à nouveau",
		"invoice.bad_issue_date":          "la date d'émission %q n'est pas une date valide (BT-2) : corrigez-la et exportez à nouveau",
		"invoice.unsupported_date_format": "la date d'émission utilise le format de date %q ; EN 16931 impose le format 102 (aaaammjj) : exportez à nouveau",
		"invoice.bad_total":               "le montant total %q n'est pas un nombre (BT-112) : corrigez-le et exportez à nouveau",
		"invoice.field_too_long":          "le champ %s de la facture dépasse %d caractères : ce n'est pas une facture exploitable",
		"invoice.no_seller_siret":         "la facture ne porte pas le SIRET du vendeur (identifiant de schéma 0009, ou immatriculation de schéma 0002) : ajoutez le SIRET de votre société dans votre logiciel de facturation et exportez à nouveau",
		"invoice.bad_seller_siret":        "le SIRET vendeur %q de la facture n'est pas un SIRET valide (14 chiffres avec une clé de contrôle correcte) : corrigez-le dans votre logiciel de facturation et exportez à nouveau",
		"invoice.bad_buyer_siret":         "le SIRET acheteur %q de la facture n'est pas un SIRET valide (14 chiffres avec une clé de contrôle correcte) : corrigez le SIRET du client dans votre logiciel de facturation et exportez à nouveau",

		"invoice.inspect.no_file": "indiquez au moins un fichier de facture",
		"invoice.inspect.line":    "%s : facture %s %s du %s (%s), SIRET vendeur %s, SIRET acheteur %s, code service %s, engagement %s, total %s",
		"invoice.inspect.refused": "%s : refusé : %s",
	})
}
