package emulator

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"chorusdesk/internal/fixtures"
)

var (
	buyerRefRE = regexp.MustCompile(`<cbc:BuyerReference>[^<]*</cbc:BuyerReference>`)
	orderRefRE = regexp.MustCompile(`(?s)<cac:OrderReference>.*?</cac:OrderReference>`)
)

// ublVariant rewrites the sample UBL invoice: number, seller, buyer, service code (BT-10) and
// commitment (BT-13); an empty service or commitment removes the element.
func ublVariant(t testing.TB, number, seller, buyer, service, commitment string) []byte {
	t.Helper()
	s := string(testdataFile(t, "FA-2026-0001_UBL.xml"))
	s = strings.Replace(s, "FA-2026-0001", number, 1)
	s = strings.ReplaceAll(s, RecipientServiceRequired, buyer)
	s = strings.ReplaceAll(s, SupplierSIRET1, seller)
	repl := ""
	if service != "" {
		repl = "<cbc:BuyerReference>" + service + "</cbc:BuyerReference>"
	}
	s = buyerRefRE.ReplaceAllString(s, repl)
	repl = ""
	if commitment != "" {
		repl = "<cac:OrderReference><cbc:ID>" + commitment + "</cbc:ID></cac:OrderReference>"
	}
	return []byte(orderRefRE.ReplaceAllString(s, repl))
}

func tarGz(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	for _, n := range names {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		_, _ = tw.Write(files[n])
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	_ = zw.Close()
	return buf.Bytes()
}

var fluxNumberRE = regexp.MustCompile(`^CPP001[0-9]{4}[0-9]{15}$`)

func TestDepositSamplesToIntegrated(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	cases := []struct{ file, syntax, iface, number string }{
		{"FA-2026-0001_UBL.xml", "IN_DP_E1_UBL_INVOICE", "1100", "FA-2026-0001"},
		{"FA-2026-0002_CII.xml", "IN_DP_E1_CII_16B", "1106", "FA-2026-0002"},
		{"FA-2026-0003_Factur-X-EN16931.pdf", "IN_DP_E2_CII_FACTURX", "1117", "FA-2026-0003"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			c.t = t
			m := c.call("/cpro/factures/v1/deposer/flux", map[string]any{"fichierFlux": base64.StdEncoding.EncodeToString(testdataFile(t, tc.file)),
				"nomFichier": tc.file, "syntaxeFlux": tc.syntax, "avecSignature": false})
			numero := m["numeroFluxDepot"].(string)
			if !fluxNumberRE.MatchString(numero) || numero[6:10] != tc.iface {
				t.Fatalf("numeroFluxDepot %q", numero)
			}
			if _, err := time.Parse("2006-01-02", m["dateDepot"].(string)); err != nil || m["syntaxeFlux"] != tc.syntax {
				t.Fatalf("deposit answer %v", m)
			}
			cr := c.waitFlux(numero)
			if cr["etatCourantDepotFlux"] != fluxIntegrated || len(cr["listeErreurDP"].([]any)) != 0 || cr["codeInterfaceDepotFlux"] != "FSO"+tc.iface+"A" {
				t.Fatalf("CR %v", cr)
			}
			inv := c.invoicesOf(numero)
			if len(inv) != 1 {
				t.Fatalf("invoices of %s: %v", numero, inv)
			}
			f := inv[0].(map[string]any)
			if f["numeroFacture"] != tc.number || f["numeroFluxDepot"] != numero || f["codeDestinataire"] != RecipientServiceRequired ||
				f["codeServiceExecutant"] != "SERV-COMPTA" || f["montantTTC"] != 24919.99 || f["typeFacture"] != "FACTURE" {
				t.Fatalf("invoice %v", f)
			}
			if _, ok := f["identifiantFactureCPP"].(float64); !ok {
				t.Fatalf("identifiantFactureCPP missing: %v", f)
			}
		})
	}
}

// TestFluxStatesAndInvoiceLifecycle walks a flux and its invoice through every state with a
// fake clock, then plays recipient actions.
func TestFluxStatesAndInvoiceLifecycle(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	e := startEmu(t, Options{ProcessingTime: 5 * time.Second, TokenTTL: 48 * time.Hour}, func(e *Emulator) { e.now = clk.now })
	c := newClient(t, e, demo1, pass1)
	numero := c.deposit("f.xml", "IN_DP_E1_UBL_INVOICE", testdataFile(t, "FA-2026-0001_UBL.xml"))
	// The intermediate states Tryton counts as done (IN_RECU, IN_TRAITE_SE_CPP) come first.
	for _, want := range []string{fluxDeposited, fluxReceived, fluxTreatedSE, fluxWaiting, fluxProcessing, fluxIntegrated} {
		cr := c.call("/cpro/transverses/v1/consulterCRDetaille", map[string]any{"numeroFluxDepot": numero})
		if cr["etatCourantDepotFlux"] != want {
			t.Fatalf("state %v, want %s", cr["etatCourantDepotFlux"], want)
		}
		if want != fluxIntegrated && len(c.invoicesOf(numero)) != 0 {
			t.Fatal("invoice visible before integration")
		}
		clk.advance(time.Second)
	}
	inv := c.invoicesOf(numero)[0].(map[string]any)
	id := int64(inv["identifiantFactureCPP"].(float64))
	history := func() (string, []any) {
		h := c.call("/cpro/factures/v1/consulter/historique", map[string]any{"idFacture": id})
		if h["idFacture"] != float64(id) || h["numeroFacture"] != "FA-2026-0001" {
			t.Fatalf("historique %v", h)
		}
		return h["statutCourantCode"].(string), h["historiquesDesStatuts"].(map[string]any)["histoStatut"].([]any)
	}
	if st, _ := history(); st != "EN_COURS_ACHEMINEMENT" && st != "DEPOSEE" {
		t.Fatalf("fresh invoice status %s", st)
	}
	clk.advance(5 * time.Second)
	if st, h := history(); st != "MISE_A_DISPOSITION" || len(h) != 3 || h[0].(map[string]any)["histoStatutCode"] != "MISE_A_DISPOSITION" {
		t.Fatalf("status %s history %v", st, h)
	}
	clk.advance(time.Hour) // stays there until a recipient acts
	if st, _ := history(); st != "MISE_A_DISPOSITION" {
		t.Fatalf("status moved on its own to %s", st)
	}
	steps := []struct{ status, comment string }{
		{"SUSPENDUE", "Bon de commande manquant"}, {"COMPLETEE", ""}, {"MANDATEE", ""}, {"MISE_EN_PAIEMENT", "Paiement le 10/03"},
	}
	for _, s := range steps {
		if err := e.SetInvoiceStatus(id, s.status, s.comment); err != nil {
			t.Fatal(err)
		}
		st, h := history()
		last := h[0].(map[string]any) // newest first, as Chorus Pro sorts it
		if st != s.status || last["histoStatutCode"] != s.status || last["histoStatutCommentaire"] != s.comment {
			t.Fatalf("after %s: %s %v", s.status, st, last)
		}
		f := c.invoicesOf(numero)[0].(map[string]any)
		if f["statut"] != s.status || f["commentaireEtatCourant"] != s.comment {
			t.Fatalf("search shows %v", f)
		}
	}
	if err := e.SetInvoiceStatus(id, "NOT_A_STATUS", ""); err == nil {
		t.Fatal("unknown status accepted")
	}
	if err := e.SetInvoiceStatus(424242, "REJETEE", "x"); err == nil {
		t.Fatal("unknown invoice accepted")
	}
	// Another account sees neither the flux nor the invoice.
	other := newClient(t, e, demo2, pass2)
	for _, p := range []string{"/cpro/transverses/v1/consulterCRDetaille", "/cpro/transverses/v1/consulterCR"} {
		if m := other.post(p, map[string]any{"numeroFluxDepot": numero}).json(t); m["codeRetour"] != float64(20001) {
			t.Fatalf("%s of another account's flux: %v", p, m)
		}
	}
	if m := other.post("/cpro/factures/v1/consulter/historique", map[string]any{"idFacture": id}).json(t); m["codeRetour"] != float64(20001) {
		t.Fatalf("history of another account's invoice: %v", m)
	}
	if l := other.invoicesOf(numero); len(l) != 0 {
		t.Fatalf("another account finds %v", l)
	}
}

func TestConsulterCRFieldsAndUnknownFlux(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	numero := c.deposit("facture.xml", "IN_DP_E1_UBL_INVOICE", testdataFile(t, "FA-2026-0001_UBL.xml"))
	c.waitFlux(numero)
	cr := c.call("/cpro/transverses/v1/consulterCR", map[string]any{"numeroFluxDepot": numero})
	if cr["etatCourantFlux"] != fluxIntegrated || cr["etatCourantDepotFlux"] != nil || cr["numeroFluxDepot"] != numero ||
		cr["nomFichierFlux"] != "facture.xml" || cr["codeInterfaceFlux"] != "FSO1100A" {
		t.Fatalf("consulterCR %v", cr)
	}
	if _, err := base64.StdEncoding.DecodeString(cr["fichierCR"].(string)); err != nil {
		t.Fatalf("fichierCR: %v", err)
	}
	strict := newClient(t, startEmu(t, Options{BusinessErrorsAs400: true}, nil), demo1, pass1)
	for _, p := range []string{"/cpro/transverses/v1/consulterCR", "/cpro/transverses/v1/consulterCRDetaille"} {
		for cl, want := range map[*client]int{c: 200, strict: 400} {
			r := cl.post(p, map[string]any{"numeroFluxDepot": "CPP0011100000000000999999"})
			m := r.json(t)
			if r.status != want || m["codeRetour"] != float64(20001) || m["libelle"] != "POQ_MSG_01.003 - Flux introuvable." {
				t.Fatalf("%s unknown flux: %d (want %d) %v", p, r.status, want, m)
			}
		}
	}
}

func TestDepositValidation(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, func(e *Emulator) { e.maxFile = 4096 })
	c := newClient(t, e, demo1, pass1)
	good := base64.StdEncoding.EncodeToString([]byte("<Invoice/>"))
	big := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x"), 4097))
	cases := []struct {
		name         string
		body         map[string]any
		status, code int
		libelle      string
	}{
		{"syntax not in the enum", map[string]any{"fichierFlux": good, "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E2_CII_FACTURX_MIN"}, 400, 400, "syntaxeFlux"},
		{"syntax missing", map[string]any{"fichierFlux": good, "nomFichier": "a.xml"}, 400, 400, "syntaxeFlux"},
		{"bad base64", map[string]any{"fichierFlux": "@@@", "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"}, 400, 400, "fichierFlux"},
		{"empty file", map[string]any{"fichierFlux": "", "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"}, 400, 400, "fichierFlux"},
		{"no extension", map[string]any{"fichierFlux": good, "nomFichier": "facture", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"}, 400, 400, "nomFichier"},
		{"unsupported extension", map[string]any{"fichierFlux": good, "nomFichier": "facture.docx", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"}, 400, 400, "nomFichier"},
		{"too large", map[string]any{"fichierFlux": big, "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"}, 200, 20001, "GDP_MSG_11.022"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			r := c.post("/cpro/factures/v1/deposer/flux", tc.body)
			m := r.json(t)
			if r.status != tc.status || m["codeRetour"] != float64(tc.code) || !strings.Contains(m["libelle"].(string), tc.libelle) || m["numeroFluxDepot"] != nil {
				t.Fatalf("%d %v", r.status, m)
			}
		})
	}
	if n := len(e.Requests().Deposits); n != 0 {
		t.Fatalf("refused deposits were counted: %v", e.Requests().Deposits)
	}
}

// TestDepositIsNotIdempotent: every deposit makes a new flux. In the realistic profile the
// second invoice with the same number is then rejected as a duplicate; the strict profile
// integrates both.
func TestDepositIsNotIdempotent(t *testing.T) {
	for _, profile := range []Profile{ProfileRealistic, ProfileStrict} {
		t.Run(string(profile), func(t *testing.T) {
			e := startEmu(t, Options{ProcessingTime: fastProcessing, Profile: profile}, nil)
			c := newClient(t, e, demo1, pass1)
			data := testdataFile(t, "FA-2026-0001_UBL.xml")
			a := c.deposit("f.xml", "IN_DP_E1_UBL_INVOICE", data)
			b := c.deposit("f.xml", "IN_DP_E1_UBL_INVOICE", data)
			if a == b {
				t.Fatalf("two deposits share flux %s", a)
			}
			c.waitFlux(a)
			crB := c.waitFlux(b)
			l := c.list("/cpro/factures/v1/rechercher/fournisseur", map[string]any{"numeroFacture": "FA-2026-0001"}, "listeFactures")
			if profile == ProfileStrict {
				if len(l) != 2 || l[0].(map[string]any)["identifiantFactureCPP"] == l[1].(map[string]any)["identifiantFactureCPP"] {
					t.Fatalf("want two distinct invoices, got %v", l)
				}
			} else {
				dp := crB["listeErreurDP"].([]any)
				if len(l) != 1 || crB["etatCourantDepotFlux"] != fluxRejected || len(dp) != 1 ||
					dp[0].(map[string]any)["libelleErreurDP"] != libelleDuplicate {
					t.Fatalf("second deposit: %v, invoices %v", crB, l)
				}
			}
			if got := e.Requests(); got.Deposits["FA-2026-0001"] != 2 || got.Endpoints["/cpro/factures/v1/deposer/flux"] != 2 {
				t.Fatalf("counts %+v", got)
			}
			if d := e.Deposits(); len(d) != 2 || d[0].NumeroFluxDepot != a || d[1].NumeroFluxDepot != b || d[1].Invoices[0] != "FA-2026-0001" {
				t.Fatalf("deposit log %+v", d)
			}
			sum := sha256.Sum256(data)
			for _, d := range e.Deposits() {
				if d.Size != int64(len(data)) || d.SHA256 != hex.EncodeToString(sum[:]) {
					t.Fatalf("deposit log describes other bytes than were sent: size %d sha %s, sent %d", d.Size, d.SHA256, len(data))
				}
			}
		})
	}
}

func TestRecipientRules(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	cases := []struct {
		name, buyer, service, ej string
		seller                   string
		reject                   string // substring of libelleErreurDP, "" = integrated
	}{
		{"service given", RecipientServiceRequired, "SERV-COMPTA", "", SupplierSIRET1, ""},
		{"service missing", RecipientServiceRequired, "", "EJ-1", SupplierSIRET1, "FichierXml.BuyerReference.value est obligatoire"},
		{"FACTURES_PUBLIQUES", RecipientServiceRequired, "FACTURES_PUBLIQUES", "", SupplierSIRET1, "FACTURES_PUBLIQUES"},
		{"inactive service", RecipientServiceRequired, "SERV-ARCHIVE", "", SupplierSIRET1, "inconnu ou inactif"},
		{"unknown service", RecipientServiceRequired, "SERV-NOPE", "", SupplierSIRET1, "inconnu ou inactif"},
		{"no requirement", RecipientNoRequirement, "", "", SupplierSIRET1, ""},
		{"unknown recipient", "11000000100013", "", "", SupplierSIRET1, "destinataire 11000000100013"},
		{"supplier is a recipient", SupplierSIRET2, "", "", SupplierSIRET1, "destinataire"},
		{"EJ required, missing", RecipientEJRequired, "", "", SupplierSIRET1, "OrderReference.ID.value est obligatoire"},
		{"EJ required, given", RecipientEJRequired, "", "EJ-2026-17", SupplierSIRET1, ""},
		{"EJ too long", RecipientEJRequired, "", strings.Repeat("9", 51), SupplierSIRET1, "50 caracteres"},
		{"EJ or service, neither", RecipientEJOrService, "", "", SupplierSIRET1, "engagement ou le code service"},
		{"EJ or service, service", RecipientEJOrService, "SERV-ACHATS", "", SupplierSIRET1, ""},
		{"EJ or service, EJ", RecipientEJOrService, "", "EJ-3", SupplierSIRET1, ""},
		{"supplier not attached", RecipientNoRequirement, "", "", SupplierSIRET2, "n'est pas reference dans notre systeme"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			number := fmt.Sprintf("RULE-%02d", i)
			numero := c.deposit(number+".xml", "IN_DP_E1_UBL_INVOICE", ublVariant(t, number, tc.seller, tc.buyer, tc.service, tc.ej))
			cr := c.waitFlux(numero)
			dp := cr["listeErreurDP"].([]any)
			if tc.reject == "" {
				if cr["etatCourantDepotFlux"] != fluxIntegrated || len(c.invoicesOf(numero)) != 1 {
					t.Fatalf("want integrated: %v", cr)
				}
				return
			}
			if cr["etatCourantDepotFlux"] != fluxRejected || len(dp) != 1 || len(c.invoicesOf(numero)) != 0 {
				t.Fatalf("want rejected with one DP error: %v", cr)
			}
			err := dp[0].(map[string]any)
			if err["numeroDP"] != number || !strings.Contains(err["libelleErreurDP"].(string), tc.reject) ||
				err["identifiantDestinataire"] != tc.buyer || err["identifiantFournisseur"] != tc.seller {
				t.Fatalf("DP error %v, want %q", err, tc.reject)
			}
		})
	}
}

func TestTarGzPartialAndTechnicalRejections(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	good := ublVariant(t, "LOT-1", SupplierSIRET1, RecipientServiceRequired, "SERV-COMPTA", "")
	bad := ublVariant(t, "LOT-2", SupplierSIRET1, RecipientServiceRequired, "", "")
	lot := tarGz(t, map[string][]byte{"LOT-1.xml": good, "LOT-2.xml": bad, "notes.xml": []byte("not an invoice")})
	numero := c.deposit("ubl_chorus_lot_factures.tar.gz", "IN_DP_E1_UBL_INVOICE", lot)
	cr := c.waitFlux(numero)
	dp, tech := cr["listeErreurDP"].([]any), cr["listeErreurTechnique"].([]any)
	if cr["etatCourantDepotFlux"] != fluxPartial || len(dp) != 1 || dp[0].(map[string]any)["numeroDP"] != "LOT-2" ||
		len(tech) != 1 || tech[0].(map[string]any)["codeErreur"] != "ERR_XSD_001" {
		t.Fatalf("partial CR %v", cr)
	}
	inv := c.invoicesOf(numero)
	if len(inv) != 1 || inv[0].(map[string]any)["numeroFacture"] != "LOT-1" {
		t.Fatalf("rejected invoices must be absent from the search: %v", inv)
	}

	rejected := []struct{ name, file, syntax string }{
		{"garbage", "x.xml", "IN_DP_E1_UBL_INVOICE"},
		{"wrong syntax", "FA-2026-0001_UBL.xml", "IN_DP_E1_CII_16B"},
		{"PDF without XML", "x.pdf", "IN_DP_E2_CII_FACTURX"},
		{"broken archive", "x.tar.gz", "IN_DP_E1_UBL_INVOICE"},
	}
	for _, tc := range rejected {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			data := []byte("%PDF-1.7\nnothing here")
			if tc.file == "FA-2026-0001_UBL.xml" {
				data = testdataFile(t, tc.file)
			} else if !strings.HasSuffix(tc.file, ".pdf") {
				data = []byte("hello")
			}
			cr := c.waitFlux(c.deposit(tc.file, tc.syntax, data))
			tech := cr["listeErreurTechnique"].([]any)
			if cr["etatCourantDepotFlux"] != fluxRejected || len(tech) != 1 {
				t.Fatalf("CR %v", cr)
			}
			if te := tech[0].(map[string]any); te["codeErreur"] != "ERR_XSD_001" || !strings.HasPrefix(te["libelleErreur"].(string), "IRRECEVABILITE") {
				t.Fatalf("technical error %v", te)
			}
		})
	}
}

func TestInvoiceSearchPaging(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	files := map[string][]byte{}
	for i := range 12 {
		n := fmt.Sprintf("PAGE-%02d", i)
		files[n+".xml"] = ublVariant(t, n, SupplierSIRET1, RecipientNoRequirement, "", "")
	}
	numero := c.deposit("lot.tar.gz", "IN_DP_E1_UBL_INVOICE", tarGz(t, files))
	if cr := c.waitFlux(numero); cr["etatCourantDepotFlux"] != fluxIntegrated {
		t.Fatalf("CR %v", cr)
	}
	seen := map[string]bool{}
	for _, tc := range []struct{ page, per, want int }{{1, 0, 10}, {2, 0, 2}, {3, 0, 0}, {1, 5, 5}, {3, 5, 2}} {
		params := map[string]any{"pageResultatDemandee": tc.page}
		if tc.per > 0 {
			params["nbResultatsParPage"] = tc.per
		}
		m := c.call("/cpro/factures/v1/rechercher/fournisseur", map[string]any{"numeroFluxDepot": numero, "rechercheFactureParFournisseur": params})
		l := m["listeFactures"].([]any)
		pr := m["parametresRetour"].(map[string]any)
		per := max(tc.per, 10)
		if tc.per > 0 {
			per = tc.per
		}
		if len(l) != tc.want || pr["total"] != float64(12) || pr["pages"] != float64((12+per-1)/per) || pr["pageCourante"] != float64(tc.page) {
			t.Fatalf("page %d per %d: %d items, %v", tc.page, tc.per, len(l), pr)
		}
		if tc.per == 0 {
			for _, f := range l {
				seen[f.(map[string]any)["numeroFacture"].(string)] = true
			}
		}
	}
	if len(seen) != 12 {
		t.Fatalf("pages 1-2 cover %d invoices, want 12", len(seen))
	}
}

// TestSamples deposits every sample invoice with the account of its seller.
func TestSamples(t *testing.T) {
	dir := fixtures.InvoicesDir()
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	clients := map[string]*client{"FA-2026-000": newClient(t, e, demo1, pass1), "FA-2026-001": newClient(t, e, demo2, pass2)}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, de := range entries {
		name := de.Name()
		c := clients[name[:min(len(name), 11)]]
		if c == nil {
			continue
		}
		syntax := map[string]string{".xml": "IN_DP_E1_CII_16B", ".pdf": "IN_DP_E2_CII_FACTURX"}[filepath.Ext(name)]
		if strings.Contains(name, "UBL") {
			syntax = "IN_DP_E1_UBL_INVOICE"
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		numero := c.deposit(name, syntax, data)
		if cr := c.waitFlux(numero); cr["etatCourantDepotFlux"] != fluxIntegrated {
			t.Fatalf("%s: %v", name, cr)
		}
		inv := c.invoicesOf(numero)
		if len(inv) != 1 || inv[0].(map[string]any)["numeroFacture"] != strings.SplitN(name, "_", 2)[0] {
			t.Fatalf("%s: %v", name, inv)
		}
		n++
	}
	if n != 10 || len(e.Requests().Deposits) != 10 {
		t.Fatalf("deposited %d samples, counts %v", n, e.Requests().Deposits)
	}
}
