package chorusapi

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"chorusdesk/i18n"
)

func TestParseTime(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	if paris == nil {
		paris = time.UTC
	}
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-05-02", time.Date(2024, 5, 2, 0, 0, 0, 0, paris), true},
		{"2016-10-25 17:42", time.Date(2016, 10, 25, 17, 42, 0, 0, paris), true},
		{"2016-10-25 17:42:05", time.Date(2016, 10, 25, 17, 42, 5, 0, paris), true},
		{"2018-02-16T15:10:25.536+01:00", time.Date(2018, 2, 16, 14, 10, 25, 536e6, time.UTC), true},
		{"2018-02-16T15:10:25Z", time.Date(2018, 2, 16, 15, 10, 25, 0, time.UTC), true},
		{"2018-02-16T15:10:25.536+0100", time.Date(2018, 2, 16, 14, 10, 25, 536e6, time.UTC), true},
		{"2018-02-16T15:10:25", time.Date(2018, 2, 16, 15, 10, 25, 0, paris), true},
		{"2018-02-16T15:10", time.Date(2018, 2, 16, 15, 10, 0, 0, paris), true},
		{"16/02/2018 15:10", time.Date(2018, 2, 16, 15, 10, 0, 0, paris), true},
		{" 2024-05-02 ", time.Date(2024, 5, 2, 0, 0, 0, 0, paris), true},
		{"1700000000000", time.UnixMilli(1700000000000), true},
		{"", time.Time{}, false},
		{"demain", time.Time{}, false},
		{"2024-13-02", time.Time{}, false},
		{"20240502", time.Time{}, false}, // 8 digits: not a form Chorus Pro answers with
		{strings.Repeat("9", 50), time.Time{}, false},
	}
	for _, tc := range cases {
		got, ok := ParseTime(tc.in)
		if ok != tc.ok || (ok && !got.Equal(tc.want)) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestIsNoResult(t *testing.T) {
	cases := []struct {
		code int
		lib  string
		want bool
	}{
		{20000, "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat", true},
		{20007, "GFT_MSG_01.075 - La recherche n'a retourné aucun résultat", true},
		{20000, "", true},
		{20123, "Aucun résultat", true},
		{20123, "AUCUN RESULTAT", true},
		{20123, "aucun  rÃ©sultat trouvé", true},
		{20123, "La recherche n’a retourné aucun r?sultat", true},
		{0, "aucun résultat", false}, // success
		{20001, "GDP_MSG_11.022", false},
		{20001, "POQ_MSG_01.003 - Flux introuvable.", false},
		{20001, "aucun fichier", false},
	}
	for _, tc := range cases {
		if got := IsNoResult(tc.code, tc.lib); got != tc.want {
			t.Errorf("IsNoResult(%d, %q) = %v", tc.code, tc.lib, got)
		}
	}
}

func TestChangesOrderedByDateThenID(t *testing.T) {
	h := &Historique{StatutCourantCode: "SUSPENDUE"}
	h.HistoriquesDesStatuts.HistoStatut = []HistoStatut{
		{HistoStatutID: 3, HistoStatutCode: "MISE_A_DISPOSITION", HistoStatutDatePassage: "2024-03-02"},
		{HistoStatutID: 9, HistoStatutCode: "SUSPENDUE", HistoStatutDatePassage: "2024-03-05 10:00", HistoStatutCommentaire: "ancien"},
		{HistoStatutID: 1, HistoStatutCode: "DEPOSEE", HistoStatutDatePassage: "2024-03-01T09:00:00.000+01:00"},
		{HistoStatutID: 12, HistoStatutCode: "SUSPENDUE", HistoStatutDatePassage: "2024-03-07T08:00:00Z", HistoStatutCommentaire: "récent"},
		{HistoStatutID: 10, HistoStatutCode: "COMPLETEE", HistoStatutDatePassage: "2024-03-06"},
		{HistoStatutID: 11, HistoStatutCode: "MISE_A_DISPOSITION", HistoStatutDatePassage: "2024-03-06"}, // same day: id decides
		{HistoStatutID: 99, HistoStatutCode: "EN_COURS_ACHEMINEMENT", HistoStatutDatePassage: "?"},
	}
	var ids []int64
	for _, c := range h.Changes() {
		ids = append(ids, c.ID)
	}
	want := []int64{12, 11, 10, 9, 3, 1, 99}
	if len(ids) != len(want) {
		t.Fatalf("%v", ids)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("order %v, want %v", ids, want)
		}
	}
	latest, ok := h.Latest()
	if !ok || latest.Code != "SUSPENDUE" || latest.Comment != "récent" {
		t.Fatalf("latest %+v", latest)
	}
	// No current code: the newest entry. No entry for the current code: the code alone.
	h.StatutCourantCode = ""
	if l, _ := h.Latest(); l.ID != 12 {
		t.Fatalf("%+v", l)
	}
	h.StatutCourantCode = "MANDATEE"
	if l, ok := h.Latest(); !ok || l.Code != "MANDATEE" || l.Comment != "" {
		t.Fatalf("%+v", l)
	}
	if _, ok := (&Historique{}).Latest(); ok {
		t.Fatal("an empty history has a status")
	}
}

// TestMessageTable: every rule is reached by a real label (or code) and says what to fix in
// both languages; the raw label stays available.
func TestMessageTable(t *testing.T) {
	cases := []struct {
		code       int
		label, key string
	}{
		{20000, "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat", "api.msg.no_result"},
		{20007, "GFT_MSG_01.075 - La recherche n'a retourné aucun résultat", "api.msg.no_result"},
		{20001, "GDP_MSG_11.022", "api.msg.file_too_large"},
		{20001, "POQ_MSG_01.003 - Flux introuvable.", "api.msg.flux_unknown"},
		{0, "Vous avez déjà déposé une demande de paiement avec ce numéro de facture pour cette structure", "api.msg.duplicate_number"},
		{0, "Le code service FACTURES_PUBLIQUES est reserve aux factures entre entites publiques.", "api.msg.factures_publiques"},
		{0, "Le code service de la structure publique destinataire est inconnu ou inactif dans Chorus Pro", "api.msg.service_unknown"},
		{0, "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference.value est obligatoire.", "api.msg.service_missing"},
		{0, "The legal commitment (FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference.value) is mandatory", "api.msg.service_missing"},
		{0, "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerOrderReferencedDocument.IssuerAssignedID.value est obligatoire.", "api.msg.commitment_missing"},
		{0, "L'element FichierXml.OrderReference.ID.value est obligatoire.", "api.msg.commitment_missing"},
		{0, "L'identifiant fournisseur de la demande de paiement (balise : AccountingSupplierParty.Party.PartyIdentification.ID.value) n'est pas reference dans notre systeme. ", "api.msg.supplier_not_attached"},
		{0, "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement.SpecifiedTradeSettlementPaymentMeans.TypeCode.value est obligatoire.", "api.msg.payment_means_missing"},
		{0, "L'element (AppliedTradeAllowanceCharge.ActualAmount.value) est obligatoire si l'element (SupplyChainTradeTransaction.IncludedSupplyChainTradeLineItem.SpecifiedLineTradeAgreement.GrossPriceProductTradePrice) est renseigne. |L'element (AppliedTradeAllowance", "api.msg.allowance_amount_missing"},
		{0, "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeDelivery.ShipToTradeParty.Name.value est obligatoire.", "api.msg.xml_field_required"},
		{0, "IRRECEVABILITE: cvc-datatype-valid.1.2.1: '-1 324,60' is not a valid value for 'decimal'. - ligne: 150 - position: 60", "api.msg.schema_rejected"},
		{29999, "XYZ_MSG_99.999", "api.msg.unknown_code"},
		{0, "Une phrase inconnue", "api.msg.unknown_label"},
	}
	sources := MessageSources()
	for _, tc := range cases {
		plain, raw, known := ExplainKnown(tc.code, tc.label)
		if plain.Key != tc.key {
			t.Errorf("%q → %s, want %s", tc.label, plain.Key, tc.key)
			continue
		}
		if known != !strings.HasPrefix(tc.key, "api.msg.unknown") || (known && len(sources[tc.key]) == 0) {
			t.Errorf("%s: known %v, sources %v", tc.key, known, sources[tc.key])
		}
		if !strings.Contains(raw, strings.TrimSpace(tc.label)) || (tc.code != 0 && !strings.HasPrefix(raw, "2")) {
			t.Errorf("raw %q lost the label or the code", raw)
		}
		for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
			if msg := plain.Localize(lang); msg == plain.Key || strings.Contains(msg, "%!") {
				t.Errorf("%s %s: %q", tc.key, lang, msg)
			}
		}
	}
	if _, _, known := ExplainKnown(0, "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeDelivery.ShipToTradeParty.Name.value est obligatoire."); known {
		if p, _ := Explain(0, "L'element FichierXml.A.B.ShipToTradeParty.Name.value est obligatoire."); p.Args[0] != "ShipToTradeParty › Name" {
			t.Errorf("XML field name %v", p.Args)
		}
	}
	for key, src := range sources {
		for _, s := range src {
			if s == "" {
				t.Errorf("%s has a row without a source", key)
			}
		}
	}
}

// TestTokenFailuresArePISTEs: whatever goes wrong at the token endpoint is named as PISTE's.
func TestTokenFailuresArePISTEs(t *testing.T) {
	for _, k := range Kinds {
		e := newError(k, OpToken, 503)
		for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
			msg := e.Localize(lang)
			if !strings.Contains(msg, "PISTE") || strings.Contains(msg, "%!") {
				t.Errorf("%s %s: %q", k, lang, msg)
			}
			if k == KindServer && strings.Contains(msg, "Chorus Pro") {
				t.Errorf("a PISTE failure blames Chorus Pro: %q", msg)
			}
		}
		plain, _ := e.Message()
		if plain.Localize(i18n.EN) == "" {
			t.Errorf("%s: empty message", k)
		}
	}
}

func TestScrubberForms(t *testing.T) {
	secret := `p&ss w/rd+"é"<%>=`
	sc := newScrubber(secret)
	b := []byte(secret)
	forms := []string{secret, base64.StdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
		url.QueryEscape(secret), strings.ToLower(url.QueryEscape(secret)), url.PathEscape(secret)}
	for _, f := range forms {
		got := sc.String("avant " + f + " après")
		if strings.Contains(got, f) || !strings.Contains(got, Redacted) {
			t.Errorf("form %q survives: %q", f, got)
		}
	}
	if got := newScrubber("").String("rien à cacher"); got != "rien à cacher" {
		t.Errorf("empty secret scrubbed: %q", got)
	}
	// Values of a decoded answer are scrubbed in place, nested ones too.
	v := &Historique{Libelle: secret}
	v.HistoriquesDesStatuts.HistoStatut = []HistoStatut{{HistoStatutCommentaire: "x " + secret}}
	sc.Value(v)
	if v.Libelle != Redacted || v.HistoriquesDesStatuts.HistoStatut[0].HistoStatutCommentaire != "x "+Redacted {
		t.Fatalf("%+v", v)
	}
}

// TestDiagnosticsJournal: the rings are bounded, journaled to 0600 files, read back by a new
// process, and the journal stays bounded.
func TestDiagnosticsJournal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "diagnostics")
	d := NewDiagnostics(5, 3)
	d.record(Exchange{Path: "/before", Result: "ok"}) // before the data directory is known
	if err := d.Persist(dir); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		d.record(Exchange{Path: "/p", Attempt: i, Result: "ok"})
		d.Warn(WarnUnknownCode, "/p", "n")
	}
	if ex := d.Exchanges(); len(ex) != 5 || ex[4].Attempt != 39 || ex[0].Attempt != 35 {
		t.Fatalf("ring %+v", ex)
	}
	if len(d.Warnings()) != 3 {
		t.Fatalf("warnings %d", len(d.Warnings()))
	}
	for _, f := range []string{"exchanges.jsonl", "warnings.jsonl"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", f, st.Mode().Perm())
		}
		b, _ := os.ReadFile(filepath.Join(dir, f))
		if n := strings.Count(string(b), "\n"); n > 2*5 {
			t.Errorf("%s holds %d lines: not bounded", f, n)
		}
	}
	again := NewDiagnostics(5, 3)
	if err := again.Persist(dir); err != nil {
		t.Fatal(err)
	}
	if ex := again.Exchanges(); len(ex) != 5 || ex[4].Attempt != 39 {
		t.Fatalf("read back %+v", ex)
	}
	b, _ := json.Marshal(again.Warnings())
	if !strings.Contains(string(b), WarnUnknownCode) {
		t.Fatalf("warnings read back: %s", b)
	}
	// Another data directory starts from its own journal.
	if err := again.Persist(t.TempDir()); err != nil || len(again.Exchanges()) != 0 {
		t.Fatalf("%v %d", err, len(again.Exchanges()))
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-05-02", "2016-10-25 17:42", "2018-02-16T15:10:25.536+01:00", "1700000000000", "16/02/2018"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tm, ok := ParseTime(s); ok && tm.IsZero() && !strings.Contains(s, "0001") {
			t.Fatalf("%q read as the zero time", s)
		}
	})
}

func FuzzIsNoResult(f *testing.F) {
	f.Add(20000, "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat")
	f.Add(20001, "GDP_MSG_11.022")
	f.Add(0, "aucun résultat")
	f.Fuzz(func(t *testing.T, code int, label string) {
		got := IsNoResult(code, label)
		if code == 0 && got {
			t.Fatal("a success read as no result")
		}
		if (code == 20000 || code == 20007) && !got {
			t.Fatal("a no-result code missed")
		}
	})
}

func FuzzExplain(f *testing.F) {
	f.Add(20001, "GDP_MSG_11.022")
	f.Add(0, "L'element FichierXml.A.B.value est obligatoire.")
	f.Add(0, "L'element (x..y) est obligatoire")
	f.Fuzz(func(t *testing.T, code int, label string) {
		plain, raw := Explain(code, label)
		if plain == nil || plain.Key == "" || !strings.Contains(raw, strings.TrimSpace(label)) {
			t.Fatalf("%v %q", plain, raw)
		}
		_ = plain.Localize(i18n.FR)
	})
}

func FuzzScrub(f *testing.F) {
	f.Add("s3cret", "an echo of s3cret and czNjcmV0")
	f.Fuzz(func(t *testing.T, secret, text string) {
		if secret == "" || strings.Contains(Redacted, secret) {
			return
		}
		if got := newScrubber(secret).String(text); strings.Contains(got, secret) {
			t.Fatalf("%q survives in %q", secret, got)
		}
	})
}
