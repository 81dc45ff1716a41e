package emulator

import (
	"testing"
)

func TestRattachementsPerAccount(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	for _, tc := range []struct{ login, pass, siret string }{
		{demo1, pass1, SupplierSIRET1}, {demo2, pass2, SupplierSIRET2}, {"TECH_1_demo3@cpro.fr", "demo-password-3", SupplierSIRET3},
	} {
		c := newClient(t, e, tc.login, tc.pass)
		m := c.call("/cpro/utilisateurs/v1/monCompte/recuperer/rattachements",
			map[string]any{"parametresRecherche": map[string]any{"nbResultatsParPage": 100, "pageResultatDemandee": 1}})
		list := m["listeStructureRattachement"].([]any)
		if len(list) != 1 || list[0].(map[string]any)["identifiantStructure"] != tc.siret {
			t.Fatalf("%s: rattachements %v", tc.login, list)
		}
		if pr := m["parametresRetour"].(map[string]any); pr["total"] != float64(1) || pr["pages"] != float64(1) {
			t.Fatalf("%s: parametresRetour %v", tc.login, pr)
		}
		act := c.call("/cpro/transverses/v1/recuperer/structures/actives/fournisseur", map[string]any{})
		s := act["listeStructures"].([]any)
		if len(s) != 1 || s[0].(map[string]any)["identifiant"] != tc.siret || s[0].(map[string]any)["idStructureCPP"] == nil {
			t.Fatalf("%s: actives/fournisseur %v", tc.login, s)
		}
	}
	// Page 2 of a one-item list is empty but keeps the totals.
	c := newClient(t, e, demo1, pass1)
	m := c.call("/cpro/utilisateurs/v1/monCompte/recuperer/rattachements",
		map[string]any{"parametresRecherche": map[string]any{"nbResultatsParPage": 1, "pageResultatDemandee": 2}})
	if l := m["listeStructureRattachement"].([]any); len(l) != 0 || m["parametresRetour"].(map[string]any)["total"] != float64(1) {
		t.Fatalf("page 2: %v", m)
	}
}

func TestStructureSearchConsultServices(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	cases := []struct {
		siret                 string
		service, ej, ejOrServ bool
		wantServices          []string
		wantInactive          string
	}{
		{RecipientServiceRequired, true, false, false, []string{"SERV-COMPTA", "FACTURES_PUBLIQUES", "SERV-ARCHIVE"}, "SERV-ARCHIVE"},
		{RecipientNoRequirement, false, false, false, nil, ""},
		{RecipientEJRequired, false, true, false, nil, ""},
		{RecipientEJOrService, false, false, true, []string{"SERV-ACHATS"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.siret, func(t *testing.T) {
			c.t = t
			m := c.call("/cpro/structures/v1/rechercher", map[string]any{"structure": map[string]any{
				"identifiantStructure": tc.siret, "typeIdentifiantStructure": "SIRET"}})
			list := m["listeStructures"].([]any)
			if len(list) != 1 {
				t.Fatalf("rechercher %s: %v", tc.siret, list)
			}
			st := list[0].(map[string]any)
			if st["statut"] != "ACTIVE" || st["identifiantStructure"] != tc.siret {
				t.Fatalf("structure %v", st)
			}
			id := st["idStructureCPP"]
			cons := c.call("/cpro/structures/v1/consulter", map[string]any{"idStructureCPP": id})
			p := cons["parametres"].(map[string]any)
			if p["codeServiceDoitEtreRenseigne"] != tc.service || p["numeroEJDoitEtreRenseigne"] != tc.ej || p["gestionNumeroEJOuCodeService"] != tc.ejOrServ {
				t.Fatalf("parametres %v", p)
			}
			info := cons["informationGenerales"].(map[string]any)
			if info["structurePriveePublique"] != "PUBLIQUE" || info["identifiantStructure"] != tc.siret {
				t.Fatalf("informationGenerales %v", info)
			}
			// A body without any service answers "no result" (realistic profile).
			services := c.list("/cpro/structures/v1/rechercher/services", map[string]any{"idStructure": id,
				"parametresRechercherServicesStructure": map[string]any{"nbResultatsParPage": 10000}}, "listeServices")
			if len(services) != len(tc.wantServices) {
				t.Fatalf("services %v, want %v", services, tc.wantServices)
			}
			for i, s := range services {
				s := s.(map[string]any)
				if s["codeService"] != tc.wantServices[i] || s["estActif"] != (s["codeService"] != tc.wantInactive) {
					t.Fatalf("service %d: %v", i, s)
				}
			}
		})
	}
	c.t = t
	// Restricting to public structures hides the suppliers; paging splits the rest.
	m := c.call("/cpro/structures/v1/rechercher", map[string]any{"restreindreStructuresPrivees": true,
		"parametres": map[string]any{"nbResultatsParPage": 3, "pageResultatDemandee": 2}})
	if l := m["listeStructures"].([]any); len(l) != 2 || m["parametresRetour"].(map[string]any)["total"] != float64(5) {
		t.Fatalf("public structures page 2: %v", m)
	}
	// The own structure shows the technical password expiry; an unknown id is a business error.
	own := c.call("/cpro/structures/v1/consulter", map[string]any{"idStructureCPP": 25000001})
	if own["informationGenerales"].(map[string]any)["dateExpirationMotPasseCompteTech"] == nil {
		t.Fatalf("own structure lacks the password expiry: %v", own)
	}
	for _, p := range []string{"/cpro/structures/v1/consulter", "/cpro/structures/v1/rechercher/services"} {
		r := c.post(p, map[string]any{"idStructureCPP": 1, "idStructure": 1})
		if m := r.json(t); r.status != 200 || m["codeRetour"] != float64(codeNotFound) {
			t.Fatalf("%s unknown id: %d %s", p, r.status, r.body)
		}
	}
	// Another supplier's private structure is not visible.
	if m := c.post("/cpro/structures/v1/consulter", map[string]any{"idStructureCPP": 25000002}).json(t); m["codeRetour"] == float64(0) {
		t.Fatalf("private structure of another account visible: %v", m)
	}
}
