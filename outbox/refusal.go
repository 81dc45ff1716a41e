package outbox

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"chorusdesk/chorusapi"
)

// What to fix after Chorus Pro refused a flux before any buyer saw it. The label Chorus Pro
// gave (listeErreurDP, listeErreurTechnique) names the thing; each rule says where such labels
// were seen. The first rule that matches wins; the sentence is "fix <the thing> and send again".
const (
	fixFormat     = "format"
	fixSetup      = "setup"
	fixBuyer      = "buyer"
	fixService    = "service"
	fixCommitment = "commitment"
	fixAttachment = "attachment"
	fixDuplicate  = "duplicate"
	fixSize       = "size"
	fixIncident   = "incident"
	fixOther      = "other"
)

var fixRules = []struct {
	fix   string
	words []string // any of these in the folded label
	src   string
}{
	{fixSize, []string{"gdp_msg_11.022", "trop volumineux", "taille"},
		"omnibill docs (20001 GDP_MSG_11.022, 10 MB a file)"},
	{fixDuplicate, []string{"doublon", "deja depose une demande de paiement avec ce numero", "numero de facture deja"},
		"communaute.chorus-pro.gouv.fr « Bien renseigner son numéro de facture »"},
	{fixSetup, []string{"identifiant fournisseur", "n'est pas rattache au compte"},
		"official CR example (listeErreurDP « L'identifiant fournisseur … n'est pas reference dans notre systeme »)"},
	{fixBuyer, []string{"identifiant destinataire", "destinataire inconnu"},
		"emulator and CR examples (« L'identifiant destinataire … n'est pas reference »)"},
	{fixService, []string{"code service", "buyerreference", "factures_publiques"},
		"tempolia FAQ 34; OCA chorus_partner_service.py (FACTURES_PUBLIQUES)"},
	{fixCommitment, []string{"engagement", "orderreference", "buyerorderreferenceddocument"},
		"tempolia FAQ 34; OCA (commitment number ≤ 50 characters)"},
	{fixAttachment, []string{"piece jointe", "pieces jointes", "attachment", "additionaldocumentreference"},
		"OCA, community page « Pièces jointes dans Chorus Pro : quelques règles à respecter »"},
	{fixFormat, []string{"irrecevab", "err_xsd", "cvc-", "syntaxe", "est obligatoire", "format", "schema"},
		"OCA issues #414, #504, #612; official CR example (ERR_XSD_001 IRRECEVABILITE: cvc-…)"},
}

// refusalFix names what to fix for a refusal label ("" label: the flux state decides).
func refusalFix(label, fluxState string) string {
	if strings.TrimSpace(label) == "" {
		if fluxState == FluxIncidente {
			return fixIncident
		}
		return fixOther
	}
	f := fold(label)
	for _, r := range fixRules {
		for _, w := range r.words {
			if strings.Contains(f, w) {
				return r.fix
			}
		}
	}
	return fixOther
}

// fold lower-cases s and drops accents, so labels match however Chorus Pro spelt them.
func fold(s string) string { return stripAccents(strings.ToLower(s)) }

// stripAccents drops the accents of s (é → e).
func stripAccents(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		if r >= 0x300 && r <= 0x36f { // combining marks
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// refusalCause says why Chorus Pro refused a flux, and keeps its own words apart (raw). A
// label its message table knows becomes that table's sentence, which says what to fix too
// (saysWhatToDo: no second advice follows it). Any other label is only named as Chorus Pro's
// reason: its words are the raw label, shown apart, and the fix follows.
func refusalCause(label, fluxState string) (cause Text, raw string) {
	if label == "" {
		return msg("engine.cause.refused_no_reason", strings.TrimPrefix(fluxState, "IN_")), fluxState
	}
	plain, raw, known := chorusapi.ExplainKnown(0, label)
	if !known {
		return msg("engine.cause.refused_label"), raw
	}
	return textOf(plain), raw
}

// saysWhatToDo: the cause is a sentence of Chorus Pro's message table, which names the fix
// itself ("… Give the invoice a new number …").
func saysWhatToDo(cause Text) bool {
	m, ok := cause.kept()
	return ok && strings.HasPrefix(m.Key, "api.msg.") && m.Key != "api.msg.unknown_label" && m.Key != "api.msg.unknown_code"
}
