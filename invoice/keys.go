package invoice

// Catalog keys of the refusals (texts in i18n/translation/invoice/). They are exported so the
// outbox and the window can tell one refusal from another without parsing text.
const (
	KeyEmpty         = "invoice.empty"
	KeyTooLarge      = "invoice.too_large"
	KeyNotFound      = "invoice.not_found"
	KeyPermission    = "invoice.permission"
	KeyNotRegular    = "invoice.not_regular"
	KeySpecialFile   = "invoice.special_file" // a named pipe, a device, a socket
	KeyBusy          = "invoice.busy"         // another program holds the file (Windows sharing)
	KeyReadFailed    = "invoice.read_failed"
	KeyUnknownFormat = "invoice.unknown_format"
	KeyMisnamed      = "invoice.misnamed"

	KeyPDFDamaged      = "invoice.pdf_damaged"
	KeyPDFLeadingBytes = "invoice.pdf_leading_bytes"
	KeyPDFTruncated    = "invoice.pdf_truncated"
	KeyPDFEncrypted    = "invoice.pdf_protected" // any encryption, owner-password-only included
	KeyPDFAmbiguous    = "invoice.pdf_ambiguous"
	KeyPDFNoXML        = "invoice.pdf_no_xml"
	KeyPDFXMLNotCII    = "invoice.pdf_xml_not_cii"
	KeyPDFXMLTooBig    = "invoice.pdf_xml_too_large"

	KeyXMLMalformed  = "invoice.xml_malformed"
	KeyXMLTooDeep    = "invoice.xml_too_deep"
	KeyXMLEncoding   = "invoice.xml_not_utf8"
	KeyXMLUTF16      = "invoice.xml_utf16"
	KeyXMLBadUTF8    = "invoice.xml_invalid_utf8"
	KeyXMLDoctype    = "invoice.xml_doctype"
	KeyXMLOutside    = "invoice.xml_outside_root"
	KeyNotInvoice    = "invoice.not_invoice"
	KeyCreditNoteUBL = "invoice.ubl_credit_note"

	KeyNoNumber        = "invoice.no_number"
	KeyNoIssueDate     = "invoice.no_issue_date"
	KeyBadIssueDate    = "invoice.bad_issue_date"
	KeyBadTotal        = "invoice.bad_total"
	KeyNoSellerSIRET   = "invoice.no_seller_siret"
	KeyBadSellerSIRET  = "invoice.bad_seller_siret"
	KeyBadBuyerSIRET   = "invoice.bad_buyer_siret"
	KeyFieldTooLong    = "invoice.field_too_long"
	KeyUnsupportedDate = "invoice.unsupported_date_format"
)
