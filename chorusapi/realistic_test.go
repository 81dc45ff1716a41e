package chorusapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
)

// TestNoResultIsAnEmptyList: every search the client makes reads Chorus Pro's "no result"
// answers — codeRetour 20000 or 20007, or any label saying "aucun résultat", and the strict
// shape (codeRetour 0, empty list) — as an empty list, never as a refusal.
func TestNoResultIsAnEmptyList(t *testing.T) {
	ctx := context.Background()
	searches := []struct {
		name     string
		endpoint string
		run      func(c *chorusapi.Client) (int, error)
	}{
		{"structures", "structures/v1/rechercher", func(c *chorusapi.Client) (int, error) {
			l, err := c.RechercherStructure(ctx, "00000000000000")
			return len(l), err
		}},
		{"services of a body without any", "rechercher/services", func(c *chorusapi.Client) (int, error) {
			l, err := c.RechercherServices(ctx, 26000002) // RecipientNoRequirement: no service at all
			return len(l), err
		}},
		{"supplier invoices", "rechercher/fournisseur", func(c *chorusapi.Client) (int, error) {
			l, err := c.RechercherFacturesFournisseur(ctx, chorusapi.RechercheFournisseur{NumeroFacture: "NOPE-1"})
			return len(l), err
		}},
		{"attachments", "recuperer/rattachements", func(c *chorusapi.Client) (int, error) {
			l, err := c.Rattachements(ctx)
			return len(l), err
		}},
		{"active supplier structures", "structures/actives/fournisseur", func(c *chorusapi.Client) (int, error) {
			l, err := c.StructuresActivesFournisseur(ctx)
			return len(l), err
		}},
	}
	answers := []struct {
		name  string
		setup func(em *emulator.Emulator, endpoint string)
		opt   emulator.Options
	}{
		{"20000 TRA_MSG_00.015", func(em *emulator.Emulator, ep string) {
			em.InjectFault(emulator.Fault{Endpoint: ep, Kind: emulator.FaultBusiness, CodeRetour: 20000,
				Libelle: "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat"})
		}, emulator.Options{}},
		{"20007 GFT_MSG_01.075", func(em *emulator.Emulator, ep string) {
			em.InjectFault(emulator.Fault{Endpoint: ep, Kind: emulator.FaultBusiness, CodeRetour: 20007,
				Libelle: "GFT_MSG_01.075 - La recherche n'a retourné aucun résultat"})
		}, emulator.Options{}},
		{"label only, no accent, upper case", func(em *emulator.Emulator, ep string) {
			em.InjectFault(emulator.Fault{Endpoint: ep, Kind: emulator.FaultBusiness, CodeRetour: 20123,
				Libelle: "LA RECHERCHE N'A RETOURNE AUCUN RESULTAT"})
		}, emulator.Options{}},
		{"label only, mangled accent", func(em *emulator.Emulator, ep string) {
			em.InjectFault(emulator.Fault{Endpoint: ep, Kind: emulator.FaultBusiness, CodeRetour: 20124,
				Libelle: "Aucun rÃ©sultat"})
		}, emulator.Options{}},
		{"as HTTP 400", func(em *emulator.Emulator, ep string) {
			em.InjectFault(emulator.Fault{Endpoint: ep, Kind: emulator.FaultBusiness, CodeRetour: 20000,
				Libelle: "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat"})
		}, emulator.Options{BusinessErrorsAs400: true}},
		{"realistic profile, on its own", nil, emulator.Options{}},
		{"realistic profile, code 20007", func(em *emulator.Emulator, _ string) { em.SetNoResultCode(20007) }, emulator.Options{}},
		{"strict profile: codeRetour 0, empty list", nil, emulator.Options{Profile: emulator.ProfileStrict}},
	}
	for _, a := range answers {
		for _, s := range searches {
			if strings.HasPrefix(a.name, "realistic") || strings.HasPrefix(a.name, "strict") {
				if s.name == "attachments" || s.name == "active supplier structures" {
					continue // the account is attached to a structure: only a fault empties these
				}
			}
			t.Run(a.name+"/"+s.name, func(t *testing.T) {
				em := startEmu(t, a.opt)
				if a.setup != nil {
					a.setup(em, s.endpoint)
				}
				diag := chorusapi.NewDiagnostics(10, 10)
				c := emuClient(em, func(cfg *chorusapi.Config) { cfg.Diagnostics = diag })
				n, err := s.run(c)
				if err != nil || n != 0 {
					t.Fatalf("%d results, error %v", n, err)
				}
				if len(diag.Warnings()) != 0 {
					t.Errorf("a no-result answer raised warnings: %+v", diag.Warnings())
				}
				if a.opt.Profile != emulator.ProfileStrict {
					ex := diag.Exchanges()
					if len(ex) == 0 || ex[len(ex)-1].Result != "no_result" {
						t.Errorf("the exchange is not recorded as no result: %+v", ex)
					}
				}
			})
		}
	}
	// Outside a search, "no result" is an answer to explain, not an empty list.
	em := startEmu(t, emulator.Options{})
	em.InjectFault(emulator.Fault{Endpoint: "consulter/historique", Kind: emulator.FaultBusiness, CodeRetour: 20000,
		Libelle: "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat"})
	_, err := emuClient(em).ConsulterHistorique(ctx, 1)
	if e, ok := chorusapi.AsError(err); !ok || e.Kind != chorusapi.KindBusiness ||
		!strings.Contains(e.Localize(i18n.EN), "found nothing") || !strings.Contains(e.Localize(i18n.EN), "20000 TRA_MSG_00.015") {
		t.Fatalf("history with a no-result code: %v", err)
	}
}

// TestHistoryLatestStatusByDate: a status that occurs twice shows its newest comment, whether
// Chorus Pro lists the history newest first (realistic) or oldest first (strict).
func TestHistoryLatestStatusByDate(t *testing.T) {
	for _, profile := range []emulator.Profile{emulator.ProfileRealistic, emulator.ProfileStrict} {
		t.Run(string(profile), func(t *testing.T) {
			em := startEmu(t, emulator.Options{ProcessingTime: time.Millisecond, Profile: profile})
			c := emuClient(em)
			ctx := context.Background()
			dep, err := c.DeposerFlux(ctx, ublDeposit(t))
			if err != nil {
				t.Fatal(err)
			}
			id := waitInvoice(t, c, dep.NumeroFluxDepot)
			for _, s := range []struct{ status, comment string }{
				{"SUSPENDUE", "bon de commande manquant"}, {"COMPLETEE", ""}, {"SUSPENDUE", "signature manquante"},
			} {
				time.Sleep(2 * time.Millisecond) // distinct dates (the emulator writes milliseconds)
				if err := em.SetInvoiceStatus(id, s.status, s.comment); err != nil {
					t.Fatal(err)
				}
			}
			h, err := c.ConsulterHistorique(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			latest, ok := h.Latest()
			if !ok || latest.Code != "SUSPENDUE" || latest.Comment != "signature manquante" {
				t.Fatalf("latest %+v", latest)
			}
			ch := h.Changes()
			if len(ch) != 6 || ch[0].Comment != "signature manquante" || ch[len(ch)-1].Code != "DEPOSEE" {
				t.Fatalf("changes not newest first: %+v", ch)
			}
			for i := 1; i < len(ch); i++ {
				if ch[i].At.After(ch[i-1].At) {
					t.Fatalf("changes out of order at %d: %+v", i, ch)
				}
			}
		})
	}
}

func waitInvoice(t *testing.T, c *chorusapi.Client, flux string) int64 {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		l, err := c.RechercherFacturesFournisseur(context.Background(), chorusapi.RechercheFournisseur{NumeroFluxDepot: flux})
		if err != nil {
			t.Fatal(err)
		}
		if len(l) == 1 {
			return int64(l[0].IdentifiantFactureCPP)
		}
	}
	t.Fatalf("flux %s: no invoice listed", flux)
	return 0
}

// TestRealisticFluxStatesAndPayment: the flux shows IN_RECU and IN_TRAITE_SE_CPP on its way,
// every state is known to the client (no warning); a body that never reports payment says so.
func TestRealisticFluxStatesAndPayment(t *testing.T) {
	em := startEmu(t, emulator.Options{ProcessingTime: 250 * time.Millisecond})
	diag := chorusapi.NewDiagnostics(100, 10)
	c := emuClient(em, func(cfg *chorusapi.Config) { cfg.Diagnostics = diag })
	ctx := context.Background()
	dep, err := c.DeposerFlux(ctx, ublDeposit(t))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for deadline := time.Now().Add(5 * time.Second); !seen["IN_INTEGRE"] && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		cr, err := c.ConsulterCRDetaille(ctx, dep.NumeroFluxDepot)
		if err != nil {
			t.Fatal(err)
		}
		seen[cr.EtatCourantDepotFlux] = true
		if !chorusapi.KnownFluxState(cr.EtatCourantDepotFlux) {
			t.Fatalf("unknown state %s", cr.EtatCourantDepotFlux)
		}
	}
	for _, s := range []string{"IN_RECU", "IN_TRAITE_SE_CPP", "IN_INTEGRE"} {
		if !seen[s] {
			t.Errorf("state %s never seen: %v", s, seen)
		}
	}
	if w := diag.Warnings(); len(w) != 0 {
		t.Errorf("warnings on known states: %+v", w)
	}
	st, err := c.RechercherStructure(ctx, emulator.RecipientPaymentNotReported)
	if err != nil || len(st) != 1 {
		t.Fatalf("%v %v", st, err)
	}
	det, err := c.ConsulterStructure(ctx, int64(st[0].IDStructureCPP))
	if err != nil || !det.Parametres.StatutMiseEnPaiementNestPasRemonte {
		t.Fatalf("payment flag %+v %v", det, err)
	}
}

// TestUnknownCodeIsAMessageAndAWarning: a codeRetour no rule knows is never accepted: it is
// an error quoting the raw code and label, and a warning for the diagnostics bundle.
func TestUnknownCodeIsAMessageAndAWarning(t *testing.T) {
	em := startEmu(t, emulator.Options{})
	em.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultBusiness, CodeRetour: 29999,
		Libelle: "XYZ_MSG_99.999 - Nouvelle règle"})
	diag := chorusapi.NewDiagnostics(10, 10)
	c := emuClient(em, func(cfg *chorusapi.Config) { cfg.Diagnostics = diag })
	_, err := c.DeposerFlux(context.Background(), ublDeposit(t))
	e, ok := chorusapi.AsError(err)
	if !ok || e.Kind != chorusapi.KindBusiness {
		t.Fatalf("%v", err)
	}
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		if msg := e.Localize(lang); !strings.Contains(msg, "29999 XYZ_MSG_99.999 - Nouvelle règle") {
			t.Errorf("%s: %q lacks the raw code and label", lang, msg)
		}
	}
	w := diag.Warnings()
	if len(w) != 1 || w[0].Code != chorusapi.WarnUnknownCode || w[0].Path != chorusapi.PathDeposerFlux || w[0].Value != "29999 XYZ_MSG_99.999 - Nouvelle règle" {
		t.Fatalf("warnings %+v", w)
	}
	// A known one is explained in plain words, its raw label beside.
	em.ClearFaults()
	em.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultBusiness, CodeRetour: 20001, Libelle: "GDP_MSG_11.022"})
	_, err = c.DeposerFlux(context.Background(), ublDeposit(t))
	if msg := i18n.Message(i18n.FR, err); !strings.Contains(msg, "10 Mo") || !strings.Contains(msg, "20001 GDP_MSG_11.022") {
		t.Fatalf("file too large: %q", msg)
	}
}

// TestAttachmentTwoOpinions: structures/actives/fournisseur decides first; a 403 or 404 on one
// lookup is not a verdict; both refused is said plainly; any other failure is returned.
func TestAttachmentTwoOpinions(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		siret    string
		faults   []emulator.Fault
		attached bool
		source   string
		err      string // "unavailable" or a kind
	}{
		{"actives says yes", emulator.SupplierSIRET1, nil, true, chorusapi.PathStructuresActives, ""},
		{"actives 404, rattachements says yes", emulator.SupplierSIRET1,
			[]emulator.Fault{{Endpoint: "structures/actives/fournisseur", Kind: emulator.FaultStatus, Status: 404}}, true, chorusapi.PathRattachements, ""},
		{"actives 403, rattachements says yes", emulator.SupplierSIRET1,
			[]emulator.Fault{{Endpoint: "structures/actives/fournisseur", Kind: emulator.FaultStatus, Status: 403}}, true, chorusapi.PathRattachements, ""},
		{"actives says no, rattachements 403", emulator.SupplierSIRET2,
			[]emulator.Fault{{Endpoint: "recuperer/rattachements", Kind: emulator.FaultStatus, Status: 403}}, false, chorusapi.PathStructuresActives, ""},
		{"both say no", emulator.SupplierSIRET2, nil, false, chorusapi.PathStructuresActives, ""},
		{"both refused", emulator.SupplierSIRET1, []emulator.Fault{
			{Endpoint: "structures/actives/fournisseur", Kind: emulator.FaultStatus, Status: 403},
			{Endpoint: "recuperer/rattachements", Kind: emulator.FaultStatus, Status: 404}}, false, "", "unavailable"},
		{"actives fails otherwise", emulator.SupplierSIRET1,
			[]emulator.Fault{{Endpoint: "structures/actives/fournisseur", Kind: emulator.FaultStatus, Status: 500}}, false, "", string(chorusapi.KindServer)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			em := startEmu(t, emulator.Options{})
			for _, f := range tc.faults {
				em.InjectFault(f)
			}
			c := emuClient(em, func(cfg *chorusapi.Config) { cfg.Retry = chorusapi.NoRetry })
			a, err := c.CheckAttachment(ctx, tc.siret)
			var unavailable *chorusapi.ErrAttachmentUnavailable
			switch {
			case tc.err == "unavailable":
				if !errors.As(err, &unavailable) || !strings.Contains(i18n.Message(i18n.EN, err), "would not say") {
					t.Fatalf("%+v %v", a, err)
				}
			case tc.err != "":
				if !chorusapi.IsKind(err, chorusapi.Kind(tc.err)) {
					t.Fatalf("%+v %v", a, err)
				}
			case err != nil || a.Attached != tc.attached || a.Source != tc.source:
				t.Fatalf("%+v %v", a, err)
			}
		})
	}
}
