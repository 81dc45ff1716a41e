package emulator

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

const (
	codeNotFound           = 20001
	libelleStructUnknown   = "GCU_MSG_01.000 - Structure introuvable." // invented label (no source)
	serviceDateLayout      = "2006-01-02 15:04"
	passwordValidityPeriod = 90 * 24 * time.Hour
)

func (e *Emulator) attached(a *account, id int64) bool { return slices.Contains(a.structures, id) }

type serviceRattache struct {
	CodeService               string `json:"codeService"`
	LibelleService            string `json:"libelleService"`
	IDService                 int64  `json:"idService"`
	IDRattachementService     int64  `json:"idRattachementService"`
	EstActif                  bool   `json:"estActif"`
	StatutService             string `json:"statutService"`
	StatutRattachementService string `json:"statutRattachementService"`
	DateDbtService            string `json:"dateDbtService"`
	DateFinService            string `json:"dateFinService,omitempty"`
}

type structureRattachement struct {
	DesignationStructure        string            `json:"designationStructure"`
	IDRattachementStructure     int64             `json:"idRattachementStructure"`
	IDStructure                 int64             `json:"idStructure"`
	IdentifiantStructure        string            `json:"identifiantStructure"`
	TypeIdentifiantStructure    string            `json:"typeIdentifiantStructure"`
	RoleUtilisateur             string            `json:"roleUtilisateur"`
	StatutUtilisateur           string            `json:"statutUtilisateur"`
	StatutRattachementStructure string            `json:"statutRattachementStructure"`
	ListeServicesRattache       []serviceRattache `json:"listeServicesRattache"`
}

func activeWord(active bool) string {
	if active {
		return "ACTIF"
	}
	return "INACTIF"
}

// rattachements answers utilisateurs/v1/monCompte/recuperer/rattachements (chorus-api.md §3.9).
func (e *Emulator) rattachements(w http.ResponseWriter, c *call) {
	var req struct {
		Params *paging `json:"parametresRecherche"`
	}
	if !decode(w, c, &req) {
		return
	}
	var all []structureRattachement
	e.mu.Lock()
	for _, id := range c.acct.structures {
		st := e.state.byID[id]
		sr := structureRattachement{DesignationStructure: st.name, IDRattachementStructure: id + 1000000,
			IDStructure: id, IdentifiantStructure: st.siret, TypeIdentifiantStructure: "SIRET",
			RoleUtilisateur: "GESTIONNAIRE_PRINCIPAL", StatutUtilisateur: "ACTIF",
			StatutRattachementStructure: "ACTIF", ListeServicesRattache: []serviceRattache{}}
		for _, sv := range st.services {
			sr.ListeServicesRattache = append(sr.ListeServicesRattache, serviceRattache{CodeService: sv.code,
				LibelleService: sv.label, IDService: sv.id, IDRattachementService: sv.id + 1000000,
				EstActif: sv.active, StatutService: activeWord(sv.active), StatutRattachementService: "ACTIF",
				DateDbtService: "2020-01-01 00:00"})
		}
		all = append(all, sr)
	}
	e.mu.Unlock()
	if e.emptySearch(w, len(all)) {
		return
	}
	from, to, info := page(req.Params, len(all))
	writeJSON(w, http.StatusOK, struct {
		envelope
		ListeStructureRattachement []structureRattachement `json:"listeStructureRattachement"`
		ParametresRetour           pageInfo                `json:"parametresRetour"`
	}{ok(), append([]structureRattachement{}, all[from:to]...), info})
}

// activeSupplierStructures answers transverses/v1/recuperer/structures/actives/fournisseur.
func (e *Emulator) activeSupplierStructures(w http.ResponseWriter, c *call) {
	type item struct {
		DesignationStructure string `json:"designationStructure"`
		IDStructureCPP       int64  `json:"idStructureCPP"`
		Identifiant          string `json:"identifiant"`
	}
	list := []item{}
	e.mu.Lock()
	for _, id := range c.acct.structures {
		st := e.state.byID[id]
		list = append(list, item{st.name, st.id, st.siret})
	}
	e.mu.Unlock()
	if e.emptySearch(w, len(list)) {
		return
	}
	writeJSON(w, http.StatusOK, struct {
		envelope
		ListeStructures []item `json:"listeStructures"`
	}{ok(), list})
}

type structureAAfficher struct {
	DesignationStructure     string `json:"designationStructure"`
	IDStructureCPP           int64  `json:"idStructureCPP"`
	IdentifiantStructure     string `json:"identifiantStructure"`
	Statut                   string `json:"statut"`
	TypeIdentifiantStructure string `json:"typeIdentifiantStructure"`
}

// searchStructures answers structures/v1/rechercher.
func (e *Emulator) searchStructures(w http.ResponseWriter, c *call) {
	var req struct {
		Params          *paging `json:"parametres"`
		RestrictPrivate bool    `json:"restreindreStructuresPrivees"`
		Structure       struct {
			Identifiant string `json:"identifiantStructure"`
			TypeIdent   string `json:"typeIdentifiantStructure"`
			RaisonSoc   string `json:"raisonSocialeStructure"`
			TypeStruct  string `json:"typeStructure"`
			Statut      string `json:"statutStructure"`
		} `json:"structure"`
	}
	if !decode(w, c, &req) {
		return
	}
	q := req.Structure
	var found []structureAAfficher
	e.mu.Lock()
	for _, st := range e.state.structures {
		switch {
		case q.Identifiant != "" && q.Identifiant != st.siret,
			q.TypeIdent != "" && q.TypeIdent != "SIRET",
			q.RaisonSoc != "" && !strings.Contains(strings.ToUpper(st.name), strings.ToUpper(q.RaisonSoc)),
			q.TypeStruct == "PUBLIQUE" && !st.public,
			q.TypeStruct == "PRIVEE" && st.public,
			q.Statut == "INACTIF",
			req.RestrictPrivate && !st.public:
			continue
		}
		found = append(found, structureAAfficher{st.name, st.id, st.siret, "ACTIVE", "SIRET"})
	}
	e.mu.Unlock()
	if e.emptySearch(w, len(found)) {
		return
	}
	from, to, info := page(req.Params, len(found))
	writeJSON(w, http.StatusOK, struct {
		envelope
		ListeStructures  []structureAAfficher `json:"listeStructures"`
		ParametresRetour pageInfo             `json:"parametresRetour"`
	}{ok(), append([]structureAAfficher{}, found[from:to]...), info})
}

// consultStructure answers structures/v1/consulter, with the parametres flags that say which
// references an invoice to this structure must carry.
func (e *Emulator) consultStructure(w http.ResponseWriter, c *call) {
	var req struct {
		ID int64 `json:"idStructureCPP"`
	}
	if !decode(w, c, &req) {
		return
	}
	e.mu.Lock()
	st := e.state.byID[req.ID]
	expired := e.state.expired[c.acct.login]
	e.mu.Unlock()
	if st == nil || (!st.public && !e.attached(c.acct, st.id)) {
		e.writeBusiness(w, codeNotFound, libelleStructUnknown)
		return
	}
	type info struct {
		DateExpirationMotPasseCompteTech string `json:"dateExpirationMotPasseCompteTech,omitempty"`
		EmailStructure                   string `json:"emailStructure"`
		EstValideurDeleguee              bool   `json:"estValideurDeleguee"`
		IDStructureCPP                   int64  `json:"idStructureCPP"`
		IdentifiantStructure             string `json:"identifiantStructure"`
		LibelleStructure                 string `json:"libelleStructure"`
		RaisonSocialeStructure           string `json:"raisonSocialeStructure"`
		StructurePriveePublique          string `json:"structurePriveePublique"`
		TypeIdentifiantStructure         string `json:"typeIdentifiantStructure"`
		NumeroTVA                        string `json:"numeroTVA"`
	}
	type params struct {
		CodeServiceDoitEtreRenseigne       bool `json:"codeServiceDoitEtreRenseigne"`
		ConnexionEDI                       bool `json:"connexionEDI"`
		EstMoaUniquement                   bool `json:"estMoaUniquement"`
		EstValideurDelegue                 bool `json:"estValideurDelegue"`
		GestionNumeroEJOuCodeService       bool `json:"gestionNumeroEJOuCodeService"`
		GetaMoa                            bool `json:"getaMoa"`
		NonDiffusibleInsee                 bool `json:"nonDiffusibleInsee"`
		NumeroEJDoitEtreRenseigne          bool `json:"numeroEJDoitEtreRenseigne"`
		RecevoirDonneesViaEDI              bool `json:"recevoirDonneesViaEDI"`
		StatutMiseEnPaiementNestPasRemonte bool `json:"statutMiseEnPaiementNestPasRemonte"`
	}
	type address struct {
		Adresse    string `json:"adresse"`
		CodePostal string `json:"codePostal"`
		Pays       string `json:"pays"`
		Ville      string `json:"ville"`
	}
	kind := "PRIVEE"
	if st.public {
		kind = "PUBLIQUE"
	}
	inf := info{EmailStructure: "contact@" + strings.ToLower(st.siret) + ".example", IDStructureCPP: st.id,
		IdentifiantStructure: st.siret, LibelleStructure: st.name, RaisonSocialeStructure: st.name,
		StructurePriveePublique: kind, TypeIdentifiantStructure: "SIRET", NumeroTVA: vatNumber(st.siret)}
	if e.attached(c.acct, st.id) {
		exp := e.now().Add(passwordValidityPeriod)
		if expired {
			exp = e.now().Add(-24 * time.Hour)
		}
		inf.DateExpirationMotPasseCompteTech = exp.Format("2006-01-02T15:04:05.000-07:00")
	}
	writeJSON(w, http.StatusOK, struct {
		envelope
		InformationGenerales  info    `json:"informationGenerales"`
		AdressePostaleDuSiege address `json:"adressePostaleDuSiege"`
		Parametres            params  `json:"parametres"`
	}{ok(), inf, address{"1 rue de la Demo", st.postcode, "FR", st.city},
		params{CodeServiceDoitEtreRenseigne: st.serviceReq, NumeroEJDoitEtreRenseigne: st.ejReq,
			GestionNumeroEJOuCodeService: st.ejOrService, ConnexionEDI: true,
			StatutMiseEnPaiementNestPasRemonte: st.paymentNotReported}})
}

// vatNumber derives the French intra-community VAT number from the SIREN of a SIRET.
func vatNumber(siret string) string {
	if len(siret) != 14 {
		return ""
	}
	var siren int
	for _, r := range siret[:9] {
		siren = siren*10 + int(r-'0')
	}
	key := (12 + 3*(siren%97)) % 97
	return "FR" + string(rune('0'+key/10)) + string(rune('0'+key%10)) + siret[:9]
}

type serviceExpose struct {
	CodeService    string `json:"codeService"`
	EstActif       bool   `json:"estActif"`
	IDService      int64  `json:"idService"`
	LibelleService string `json:"libelleService"`
	StatutService  string `json:"statutService"`
	DateDbtService string `json:"dateDbtService"`
	DateFinService string `json:"dateFinService,omitempty"`
}

// searchServices answers structures/v1/rechercher/services (inactive services included, with
// estActif false, so clients can tell "closed" from "unknown").
func (e *Emulator) searchServices(w http.ResponseWriter, c *call) {
	var req struct {
		ID     int64   `json:"idStructure"`
		Params *paging `json:"parametresRechercherServicesStructure"`
	}
	if !decode(w, c, &req) {
		return
	}
	e.mu.Lock()
	st := e.state.byID[req.ID]
	e.mu.Unlock()
	if st == nil || (!st.public && !e.attached(c.acct, st.id)) {
		e.writeBusiness(w, codeNotFound, libelleStructUnknown)
		return
	}
	list := make([]serviceExpose, 0, len(st.services))
	for _, sv := range st.services {
		se := serviceExpose{sv.code, sv.active, sv.id, sv.label, activeWord(sv.active), "2020-01-01 00:00", ""}
		if !sv.active {
			se.DateFinService = time.Date(2024, 12, 31, 23, 59, 0, 0, time.UTC).Format(serviceDateLayout)
		}
		list = append(list, se)
	}
	if e.emptySearch(w, len(list)) {
		return
	}
	from, to, info := page(req.Params, len(list))
	writeJSON(w, http.StatusOK, struct {
		envelope
		ListeServices    []serviceExpose `json:"listeServices"`
		ParametresRetour pageInfo        `json:"parametresRetour"`
	}{ok(), append([]serviceExpose{}, list[from:to]...), info})
}
