package emulator

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

// Flux states: the vocabulary of Tryton (modules/account_fr_chorus/account.py), OCA
// (l10n_fr_chorus_account chorus_flow.py) and piste-gouv-fr (src/Api/ChorusPro/Type/IStatus.php).
const (
	fluxDeposited   = "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP"
	fluxReceived    = "IN_RECU"
	fluxTreatedSE   = "IN_TRAITE_SE_CPP"
	fluxWaiting     = "IN_EN_ATTENTE_TRAITEMENT_CPP"
	fluxProcessing  = "IN_EN_COURS_TRAITEMENT_CPP"
	fluxStalled     = "IN_EN_ATTENTE_RETRAITEMENT_CPP"
	fluxIntegrated  = "IN_INTEGRE"
	fluxPartial     = "IN_INTEGRE_PARTIEL"
	fluxRejected    = "IN_REJETE"
	fluxIncident    = "IN_INCIDENTE"
	fluxIrrecevable = "QP_IRRECEVABLE"

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
	stalled                         bool // forced: stays in IN_EN_ATTENTE_RETRAITEMENT_CPP
	dpErrors                        []erreurDP
	techErrors                      []erreurTechnique
	accepted                        []*doc // invoices created when the flux reaches its final state
}

// stateAt returns the flux state at now and when it was entered: the path's states share the
// processing time equally, then the final state shows (a stalled flux never gets there).
func (f *flux) stateAt(now time.Time, p time.Duration, path []string) (string, time.Time) {
	el := now.Sub(f.deposited)
	if el >= p {
		if f.stalled {
			return fluxStalled, f.deposited.Add(p)
		}
		return f.final, f.deposited.Add(p)
	}
	step := p / time.Duration(len(path))
	i := min(int(el/max(step, 1)), len(path)-1)
	return path[i], f.deposited.Add(time.Duration(i) * step)
}

// isFinal reports whether f has reached its final state at now.
func (f *flux) isFinal(now time.Time, p time.Duration) bool {
	return !f.stalled && now.Sub(f.deposited) >= p
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
	rec := DepositRecord{NumeroFluxDepot: f.numero, NomFichier: f.fileName, SyntaxeFlux: f.syntax, Invoices: []string{},
		Time: now.UTC(), Account: c.acct.login, FinalState: f.final, Size: int64(len(file)), SHA256: sha256Hex(file)}
	if f.stalled {
		rec.FinalState = fluxStalled
	}
	for _, d := range docs {
		if d.doc != nil {
			e.state.deposits[d.doc.Number]++
			rec.Invoices = append(rec.Invoices, d.doc.Number)
		}
	}
	e.state.depositLog = append(e.state.depositLog, rec)
	e.mu.Unlock()

	writeJSON(w, http.StatusOK, struct {
		envelope
		NumeroFluxDepot string `json:"numeroFluxDepot"`
		DateDepot       string `json:"dateDepot"`
		SyntaxeFlux     string `json:"syntaxeFlux"`
	}{ok(), f.numero, now.Format("2006-01-02"), f.syntax})
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
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

// judge decides the final state and errors of f (caller holds e.mu). A forced outcome (see
// Outcome) that matches one of the documents takes precedence over the rules.
func (e *Emulator) judge(f *flux, acct *account, members []member) {
	forced := e.takeFluxOutcome(members)
	var partialTarget string // IN_INTEGRE_PARTIEL forced: the document to reject
	if forced != nil {
		switch forced.Kind {
		case fluxIncident:
			f.final = fluxIncident
			return
		case fluxIrrecevable:
			f.final = fluxIrrecevable
			f.techErrors = append(f.techErrors, erreurTechnique{CodeErreur: "ERR_XSD_001", NatureErreur: "IRRECEVABILITE",
				LibelleErreur: orDefault(forced.Libelle, libelleXSDExample)})
			return
		case fluxStalled:
			f.stalled = true
		case fluxPartial:
			partialTarget = forced.Invoice
			if partialTarget == "" {
				for _, m := range members {
					if m.doc != nil {
						partialTarget = m.doc.Number
						break
					}
				}
			}
		}
	}
	for _, m := range members {
		switch {
		case m.err != nil:
			f.techErrors = append(f.techErrors, erreurTechnique{CodeErreur: "ERR_XSD_001", NatureErreur: "IRRECEVABILITE",
				LibelleErreur: fmt.Sprintf("IRRECEVABILITE: %s: %v", path.Base(m.name), m.err)})
		case !syntaxMatches(f.syntax, m.doc.Syntax):
			f.techErrors = append(f.techErrors, erreurTechnique{CodeErreur: "ERR_XSD_001", NatureErreur: "IRRECEVABILITE",
				LibelleErreur: fmt.Sprintf("IRRECEVABILITE: %s n'est pas conforme a la syntaxe %s.", path.Base(m.name), f.syntax)})
		default:
			why := e.forcedRejection(forced, m.doc, partialTarget)
			if why == "" {
				why = e.recipientRule(acct, m.doc)
			}
			if why == "" && e.realistic() && e.state.integrated[duplicateKey(m.doc, f.deposited)] {
				why = libelleDuplicate
			}
			switch {
			case why == noMessage:
				// rejected without a word: Chorus Pro sometimes gives none (OCA l10n_fr_chorus_account
				// commit a3e89bcc, "sometime it doesn't")
			case why != "":
				f.dpErrors = append(f.dpErrors, erreurDP{IdentifiantDestinataire: m.doc.Buyer,
					IdentifiantFournisseur: m.doc.Seller, LibelleErreurDP: why, NumeroDP: m.doc.Number})
			default:
				f.accepted = append(f.accepted, m.doc)
				e.state.integrated[duplicateKey(m.doc, f.deposited)] = true
			}
		}
	}
	switch {
	case forced != nil && forced.Kind == fluxPartial:
		f.final = fluxPartial
	case forced != nil && forced.Kind == fluxRejected:
		f.final = fluxRejected
	case len(f.accepted) == 0:
		f.final = fluxRejected
	case len(f.dpErrors)+len(f.techErrors) > 0 || len(f.accepted) < len(members):
		f.final = fluxPartial
	default:
		f.final = fluxIntegrated
	}
}

// duplicateKey names an invoice for the duplicate rule: supplier, number, year of issue.
func duplicateKey(d *doc, deposited time.Time) string {
	year := deposited.Format("2006")
	if len(d.IssueDate) >= 4 {
		year = d.IssueDate[:4]
	}
	return d.Seller + "\x00" + d.Number + "\x00" + year
}

// recipientRule returns why Chorus Pro would reject d, or "" (caller holds e.mu). The labels
// are the documented ones where a source gives them (see the README); the others follow
// their form.
func (e *Emulator) recipientRule(acct *account, d *doc) string {
	sup := e.state.bySIRET[d.Seller]
	if sup == nil || !slices.Contains(acct.structures, sup.id) {
		return libelleSupplierNotReferenced
	}
	rcp := e.state.bySIRET[d.Buyer]
	if rcp == nil || !rcp.public {
		return fmt.Sprintf("L'identifiant destinataire %s de la demande de paiement (balise : AccountingCustomerParty.Party.PartyIdentification.ID.value) n'est pas reference dans notre systeme. ", d.Buyer)
	}
	if len(d.Commitment) > 50 {
		return "Le numero d'engagement depasse 50 caracteres."
	}
	switch {
	case rcp.ejOrService && d.Service == "" && d.Commitment == "":
		return fmt.Sprintf("Le numero d'engagement ou le code service est obligatoire pour le destinataire %s.", rcp.siret)
	case rcp.serviceReq && d.Service == "":
		return requiredLabel(d.Syntax, "ApplicableHeaderTradeAgreement.BuyerReference", "BuyerReference")
	case rcp.ejReq && d.Commitment == "":
		return requiredLabel(d.Syntax, "ApplicableHeaderTradeAgreement.BuyerOrderReferencedDocument.IssuerAssignedID", "OrderReference.ID")
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
				return libelleServiceUnknown
			}
			return ""
		}
	}
	return libelleServiceUnknown
}

// libelleServiceUnknown is the wording of public.agedi.fr's knowledge page on Chorus Pro's
// directory check.
const libelleServiceUnknown = "Le code service de la structure publique destinataire est inconnu ou inactif dans Chorus Pro"

// requiredLabel writes the "required element" rejection in the form of the real ones (OCA
// issues #414, #612: « L'element FichierXml.<path>.value est obligatoire. »): the CII path
// under SupplyChainTradeTransaction, the UBL path under the root.
func requiredLabel(syntax, ciiPath, ublPath string) string {
	p := "SupplyChainTradeTransaction." + ciiPath
	if syntax == syntaxUBL {
		p = ublPath
	}
	return "L'element FichierXml." + p + ".value est obligatoire."
}
