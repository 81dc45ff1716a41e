package chorusapi

import (
	"regexp"
	"strconv"
	"strings"

	"chorusdesk/i18n"
)

// messageRule turns one kind of Chorus Pro message into a sentence that says what to fix. A
// rule matches when its code (if any) equals codeRetour and its pattern (if any) matches the
// label folded to lower-case ASCII (see foldLabel). Rules are tried in order: the specific
// ones first, the generic "this XML element is required" last. Every rule names where the
// code or label was seen; the raw label always stays beside the sentence.
type messageRule struct {
	key     string // i18n key, "api.msg.<name>"
	codes   []int
	pattern *regexp.Regexp
	args    func(raw string) []any // arguments of the sentence, read from the raw label
	source  string
}

var messageRules = []messageRule{
	{key: "api.msg.no_result", codes: []int{CodeNoResult, CodeNoResultTravaux},
		source: "libriciel/pastell connecteur/cpp/lib/CPPWrapper.php (codes 20000 TRA_MSG_00.015 and 20007 GFT_MSG_01.075)"},
	{key: "api.msg.no_result", pattern: noResultLabel,
		source: "libriciel/pastell connecteur/cpp/lib/CPPWrapper.php (label 'La recherche n'a retourné aucun résultat')"},
	{key: "api.msg.file_too_large", pattern: regexp.MustCompile(`gdp_msg_11\.022`),
		source: "glitchr-studio/omnibill-chorus-pro Tests/Fixtures/deposer-flux-trop-gros.json and docs/index.md (20001 GDP_MSG_11.022, citing the API annex V5.00: 10 MB a file)"},
	{key: "api.msg.flux_unknown", pattern: regexp.MustCompile(`poq_msg_01\.003|flux introuvable`),
		source: "shared API notes §3.0/§3.4 (20001 'POQ_MSG_01.003 - Flux introuvable.' from a mock fixture consulterCRDetaille_ko_depot-introuvable; not re-found by search)"},
	{key: "api.msg.duplicate_number",
		pattern: regexp.MustCompile(`deja depose une demande de paiement avec ce numero|doublon|numero de facture (a )?deja (ete )?(utilise|depose)`),
		source:  "communaute.chorus-pro.gouv.fr 'Bien renseigner son numéro de facture' (2023-03-28): « Vous avez déjà déposé une demande de paiement avec ce numéro de facture pour cette structure »"},
	{key: "api.msg.factures_publiques", pattern: regexp.MustCompile(`factures_publiques`),
		source: "OCA/l10n-france l10n_fr_chorus_account chorus_partner_service.py and PR #178 (the FACTURES_PUBLIQUES service is reserved to invoices between public bodies)"},
	{key: "api.msg.service_unknown", pattern: regexp.MustCompile(`code service.{0,160}(inconnu|inactif|n'existe pas|ferme)|service .{0,160}est (inactif|ferme)`),
		source: "public.agedi.fr knowledge page « Le code service de la structure publique destinataire est inconnu ou inactif dans Chorus Pro »"},
	{key: "api.msg.service_missing", pattern: regexp.MustCompile(`buyerreference(\.value)?\)? (est|is) (obligatoire|mandatory)|code service.{0,160}obligatoire`),
		source: "cloud.tempolia.fr FAQ 34 'manage rejections Chorus Pro' (…ApplicableHeaderTradeAgreement.BuyerReference.value is mandatory → fill the service code)"},
	{key: "api.msg.commitment_missing",
		pattern: regexp.MustCompile(`(buyerorderreferenceddocument|orderreference)[a-z.]*(\.value)?\)? (est|is) (obligatoire|mandatory)|(numero|n°) d'engagement.{0,160}obligatoire`),
		source:  "cloud.tempolia.fr FAQ 34 (…BuyerOrderReferencedDocument.IssuerAssignedID.value is mandatory → fill the commitment number)"},
	{key: "api.msg.supplier_not_attached",
		pattern: regexp.MustCompile(`identifiant fournisseur.{0,160}n'est pas (reference|rattache)`),
		source:  "communaute.chorus-pro.gouv.fr 'Show detailed report' (listeErreurDP: « L'identifiant fournisseur de la demande de paiement (balise : AccountingSupplierParty.Party.PartyIdentification.ID.value) n'est pas reference dans notre systeme. »)"},
	{key: "api.msg.payment_means_missing",
		pattern: regexp.MustCompile(`paymentmeans\.typecode(\.value)? est obligatoire`),
		source:  "OCA/l10n-france issues #414 and #612 (« L'element FichierXml…SpecifiedTradeSettlementPaymentMeans.TypeCode.value est obligatoire. »)"},
	{key: "api.msg.allowance_amount_missing",
		pattern: regexp.MustCompile(`actualamount(\.value)?\)? est obligatoire si`),
		source:  "OCA/l10n-france issues #504 and #536 (« L'element (AppliedTradeAllowanceCharge.ActualAmount.value) est obligatoire si l'element (…GrossPriceProductTradePrice) est renseigne. »)"},
	{key: "api.msg.xml_field_required", pattern: regexp.MustCompile(`([a-z][a-z0-9_]*(\.[a-z0-9_]+)+)\)? est obligatoire`),
		args:   func(raw string) []any { return []any{xmlFieldName(raw)} },
		source: "the form of every XML-path rejection in OCA/l10n-france issues #414, #504, #612 (« L'element <path>.value est obligatoire »)"},
	{key: "api.msg.schema_rejected", pattern: regexp.MustCompile(`irrecevabilite|err_xsd|cvc-[a-z]`),
		source: "communaute.chorus-pro.gouv.fr 'Show detailed report' and shared API notes §3.4 (listeErreurTechnique ERR_XSD_001 'IRRECEVABILITE: cvc-…')"},
}

// MessageSources lists each rule of the message table with its source (documentation, tests).
func MessageSources() map[string][]string {
	out := map[string][]string{}
	for _, r := range messageRules {
		out[r.key] = append(out[r.key], r.source)
	}
	return out
}

// Explain turns a Chorus Pro message into plain language: plain says what happened and what
// to fix (render it with Localize), raw is the message as Chorus Pro wrote it ("20001
// GDP_MSG_11.022"), to be shown under the sentence. codeRetour 0 explains a label alone (an
// entry of a flux report, a status comment). A message no rule knows gets a general sentence
// that quotes the raw code and label.
func Explain(codeRetour int, libelle string) (plain *i18n.Error, raw string) {
	plain, raw, _ = ExplainKnown(codeRetour, libelle)
	return plain, raw
}

// ExplainKnown is Explain that also says whether a rule of the table matched.
func ExplainKnown(codeRetour int, libelle string) (plain *i18n.Error, raw string, known bool) {
	libelle = strings.TrimSpace(libelle)
	raw = libelle
	if codeRetour != 0 {
		raw = strings.TrimSpace(strconv.Itoa(codeRetour) + " " + libelle)
	}
	folded := foldLabel(libelle)
	for _, r := range messageRules {
		if len(r.codes) > 0 && !containsInt(r.codes, codeRetour) {
			continue
		}
		if r.pattern != nil && !r.pattern.MatchString(folded) {
			continue
		}
		if len(r.codes) == 0 && r.pattern == nil {
			continue
		}
		var args []any
		if r.args != nil {
			args = r.args(libelle)
		}
		return i18n.Errorf(r.key, args...), raw, true
	}
	if codeRetour == 0 {
		return i18n.Errorf("api.msg.unknown_label"), raw, false
	}
	return i18n.Errorf("api.msg.unknown_code", codeRetour), raw, false
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// xmlPath finds the dotted XML path of a "… est obligatoire" label, in its original case.
var xmlPath = regexp.MustCompile(`([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)\)?\s+est obligatoire`)

// xmlFieldName keeps the last two meaningful parts of the path ("PaymentMeans TypeCode"): the
// whole path is in the raw label shown underneath.
func xmlFieldName(raw string) string {
	m := xmlPath.FindStringSubmatch(raw)
	if m == nil {
		return "?"
	}
	var parts []string
	for _, p := range strings.Split(m[1], ".") {
		if p == "" || strings.EqualFold(p, "value") || strings.EqualFold(p, "FichierXml") {
			continue
		}
		parts = append(parts, p)
	}
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	if len(parts) == 0 {
		return "?"
	}
	return strings.Join(parts, " › ")
}
