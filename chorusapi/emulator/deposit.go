package emulator

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

// Flux states (chorus-api.md §4.1).
const (
	fluxDeposited  = "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP"
	fluxWaiting    = "IN_EN_ATTENTE_TRAITEMENT_CPP"
	fluxProcessing = "IN_EN_COURS_TRAITEMENT_CPP"
	fluxIntegrated = "IN_INTEGRE"
	fluxPartial    = "IN_INTEGRE_PARTIEL"
	fluxRejected   = "IN_REJETE"

	libelleFileTooBig  = "GDP_MSG_11.022"
	libelleFluxUnknown = "POQ_MSG_01.003 - Flux introuvable."
	maxArchiveMembers  = 500
)

// interfaceCodes gives the 4 digits of numeroFluxDepot and of codeInterfaceDepotFlux
// ("FSO"+digits+"A") for each of the 13 syntaxeFlux values of the official enum.
var interfaceCodes = map[string]string{
	"IN_DP_E1_UBL_INVOICE": "1100", "IN_DP_E1_CII": "1105", "IN_DP_E1_PES_FACTURE": "1102",
	"IN_DP_E1_XCBL": "1103", "IN_DP_E1_CII_16B": "1106", "IN_DP_E2_UBL_INVOICE_MIN": "1110",
	"IN_DP_E2_CII_MIN": "1111", "IN_DP_E2_PES_FACTURE_MIN": "1112", "IN_DP_E2_CPP_FACTURE_MIN": "1113",
	"IN_DP_E2_CII_MIN_16B": "1116", "IN_DP_E2_CII_FACTURX": "1117",
	"IN_DP_PDFARCHIVE_UBL_INVOICE_MUG": "1120", "IN_DP_PDFARCHIVE_CII_MUG": "1121",
}

type erreurDP struct {
	IdentifiantDestinataire string `json:"identifiantDestinataire"`
	IdentifiantFournisseur  string `json:"identifiantFournisseur"`
	LibelleErreurDP         string `json:"libelleErreurDP"`
	NumeroDP                string `json:"numeroDP"`
}

type erreurTechnique struct {
	CodeErreur    string `json:"codeErreur"`
	LibelleErreur string `json:"libelleErreur"`
	NatureErreur  string `json:"natureErreur"`
}

// flux is one deposit. Its outcome is decided at deposit time; the clock only decides when
// the outcome becomes visible (state = f(time since deposit)).
type flux struct {
	numero, syntax, iface, fileName string
	owner                           string // technical login
	deposited                       time.Time
	final                           string
	dpErrors                        []erreurDP
	techErrors                      []erreurTechnique
	accepted                        []*doc // invoices created when the flux reaches its final state
}

// stateAt returns the flux state at now and when it was entered.
func (f *flux) stateAt(now time.Time, p time.Duration) (string, time.Time) {
	step := p / 3
	switch el := now.Sub(f.deposited); {
	case el >= p:
		return f.final, f.deposited.Add(p)
	case el >= 2*step:
		return fluxProcessing, f.deposited.Add(2 * step)
	case el >= step:
		return fluxWaiting, f.deposited.Add(step)
	}
	return fluxDeposited, f.deposited
}

// depositFlux answers factures/v1/deposer/flux (chorus-api.md §3.2, §7.4). Not idempotent:
// every accepted call creates a new flux.
func (e *Emulator) depositFlux(w http.ResponseWriter, c *call) {
	var req struct {
		FichierFlux   string `json:"fichierFlux"`
		NomFichier    string `json:"nomFichier"`
		SyntaxeFlux   string `json:"syntaxeFlux"`
		AvecSignature bool   `json:"avecSignature"`
	}
	if !decode(w, c, &req) {
		return
	}
	iface, known := interfaceCodes[req.SyntaxeFlux]
	if !known {
		badRequest(w, "syntaxeFlux")
		return
	}
	kind := fileKind(req.NomFichier)
	if kind == "" {
		badRequest(w, "nomFichier (extension .xml, .pdf ou .tar.gz attendue)")
		return
	}
	if base64.StdEncoding.DecodedLen(len(req.FichierFlux)) > e.maxFile+3 {
		e.writeBusiness(w, codeNotFound, libelleFileTooBig)
		return
	}
	file, err := base64.StdEncoding.DecodeString(req.FichierFlux)
	if err != nil || len(file) == 0 {
		badRequest(w, "fichierFlux (base64)")
		return
	}
	if len(file) > e.maxFile {
		e.writeBusiness(w, codeNotFound, libelleFileTooBig)
		return
	}
	now := e.now()
	f := &flux{syntax: req.SyntaxeFlux, iface: iface, fileName: req.NomFichier, owner: c.acct.login, deposited: now}
	docs := e.examine(f, kind, file)

	e.mu.Lock()
	e.state.seqFlux++
	f.numero = fmt.Sprintf("CPP001%s%015d", iface, e.state.seqFlux)
	e.judge(f, c.acct, docs)
	e.state.fluxes[f.numero] = f
	e.state.pending = append(e.state.pending, f)
	for _, d := range docs {
		if d.doc != nil {
			e.state.deposits[d.doc.Number]++
		}
	}
	e.mu.Unlock()

	writeJSON(w, http.StatusOK, struct {
		envelope
		NumeroFluxDepot string `json:"numeroFluxDepot"`
		DateDepot       string `json:"dateDepot"`
		SyntaxeFlux     string `json:"syntaxeFlux"`
	}{ok(), f.numero, now.Format("2006-01-02"), f.syntax})
}

func fileKind(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	switch {
	case strings.HasSuffix(n, ".tar.gz"), strings.HasSuffix(n, ".tgz"):
		return "tar.gz"
	case strings.HasSuffix(n, ".xml"):
		return "xml"
	case strings.HasSuffix(n, ".pdf"):
		return "pdf"
	}
	return ""
}

// member is one document of a flux: parsed, or refused with a technical error.
type member struct {
	name string
	doc  *doc
	err  error
}

// examine unpacks and reads the deposited file (outside the lock: parsing may be slow).
func (e *Emulator) examine(f *flux, kind string, file []byte) []member {
	if kind != "tar.gz" {
		d, err := detectDoc(f.fileName, file)
		return []member{{name: f.fileName, doc: d, err: err}}
	}
	var out []member
	err := untar(file, e.maxFile, func(name string, data []byte) {
		d, err := detectDoc(name, data)
		out = append(out, member{name: name, doc: d, err: err})
	})
	if err != nil {
		out = append(out, member{name: f.fileName, err: err})
	}
	return out
}

// untar calls fn for each regular file of a gzip-compressed tar archive.
func untar(data []byte, maxMember int, fn func(name string, data []byte)) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("archive gzip illisible: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	n := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			if n == 0 {
				return errors.New("archive vide")
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("archive tar illisible: %w", err)
		}
		if h.Typeflag != tar.TypeReg || strings.HasPrefix(path.Base(h.Name), ".") {
			continue
		}
		if n++; n > maxArchiveMembers {
			return fmt.Errorf("plus de %d factures dans l'archive", maxArchiveMembers)
		}
		b, err := io.ReadAll(io.LimitReader(tr, int64(maxMember)+1))
		if err != nil {
			return fmt.Errorf("archive tar illisible: %w", err)
		}
		if len(b) > maxMember {
			return fmt.Errorf("fichier %s trop volumineux", h.Name)
		}
		fn(h.Name, b)
	}
}

// syntaxMatches tells whether the declared syntaxeFlux fits the detected content.
func syntaxMatches(declared, detected string) bool {
	return declared == detected || (declared == "IN_DP_E1_CII" && detected == syntaxCII)
}

// judge decides the final state and errors of f (caller holds e.mu).
func (e *Emulator) judge(f *flux, acct *account, members []member) {
	for _, m := range members {
		switch {
		case m.err != nil:
			f.techErrors = append(f.techErrors, erreurTechnique{CodeErreur: "ERR_XSD_001", NatureErreur: "IRRECEVABILITE",
				LibelleErreur: fmt.Sprintf("IRRECEVABILITE: %s: %v", path.Base(m.name), m.err)})
		case !syntaxMatches(f.syntax, m.doc.Syntax):
			f.techErrors = append(f.techErrors, erreurTechnique{CodeErreur: "ERR_XSD_001", NatureErreur: "IRRECEVABILITE",
				LibelleErreur: fmt.Sprintf("IRRECEVABILITE: %s n'est pas conforme a la syntaxe %s.", path.Base(m.name), f.syntax)})
		default:
			if why := e.recipientRule(acct, m.doc); why != "" {
				f.dpErrors = append(f.dpErrors, erreurDP{IdentifiantDestinataire: m.doc.Buyer,
					IdentifiantFournisseur: m.doc.Seller, LibelleErreurDP: why, NumeroDP: m.doc.Number})
			} else {
				f.accepted = append(f.accepted, m.doc)
			}
		}
	}
	switch {
	case len(f.accepted) == 0:
		f.final = fluxRejected
	case len(f.dpErrors)+len(f.techErrors) > 0:
		f.final = fluxPartial
	default:
		f.final = fluxIntegrated
	}
}

// recipientRule returns why Chorus Pro would reject d, or "" (caller holds e.mu).
func (e *Emulator) recipientRule(acct *account, d *doc) string {
	sup := e.state.bySIRET[d.Seller]
	if sup == nil || !slices.Contains(acct.structures, sup.id) {
		return fmt.Sprintf("L'identifiant fournisseur %s de la demande de paiement (balise : AccountingSupplierParty.Party.PartyIdentification.ID.value) n'est pas rattache au compte technique.", d.Seller)
	}
	rcp := e.state.bySIRET[d.Buyer]
	if rcp == nil || !rcp.public {
		return fmt.Sprintf("L'identifiant destinataire %s de la demande de paiement n'est pas reference dans notre systeme.", d.Buyer)
	}
	if len(d.Commitment) > 50 {
		return "Le numero d'engagement depasse 50 caracteres."
	}
	switch {
	case rcp.ejOrService && d.Service == "" && d.Commitment == "":
		return fmt.Sprintf("Le numero d'engagement ou le code service est obligatoire pour le destinataire %s.", rcp.siret)
	case rcp.serviceReq && d.Service == "":
		return fmt.Sprintf("Le code service est obligatoire pour le destinataire %s.", rcp.siret)
	case rcp.ejReq && d.Commitment == "":
		return fmt.Sprintf("Le numero d'engagement est obligatoire pour le destinataire %s.", rcp.siret)
	}
	if d.Service == "" {
		return ""
	}
	if d.Service == "FACTURES_PUBLIQUES" {
		return "Le code service FACTURES_PUBLIQUES est reserve aux factures entre entites publiques."
	}
	for _, sv := range rcp.services {
		if sv.code == d.Service {
			if !sv.active {
				return fmt.Sprintf("Le service %s du destinataire %s est inactif.", sv.code, rcp.siret)
			}
			return ""
		}
	}
	return fmt.Sprintf("Le code service %s n'existe pas pour le destinataire %s.", d.Service, rcp.siret)
}
