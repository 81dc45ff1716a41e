package chorusapi

// Request and response bodies. JSON names follow the official Swagger (Factures, Structures)
// and, for Transverses/Utilisateurs whose Swagger is not public, the clients cited in the API
// notes. Ids use FlexInt64 and identifiers FlexString because examples show both encodings.

import (
	"io"
	"time"
)

// Pagination is the request paging block; its JSON name differs per endpoint.
type Pagination struct {
	NbResultatsParPage   int64  `json:"nbResultatsParPage,omitempty"`
	PageResultatDemandee int64  `json:"pageResultatDemandee,omitempty"`
	TriColonne           string `json:"triColonne,omitempty"`
	TriSens              string `json:"triSens,omitempty"`
}

// ParametresRetour is the response paging block.
type ParametresRetour struct {
	PageCourante       FlexInt64 `json:"pageCourante"`
	Pages              FlexInt64 `json:"pages"`
	NbResultatsParPage FlexInt64 `json:"nbResultatsParPage"`
	Total              FlexInt64 `json:"total"`
}

// HealthCheckResponse is a serialised Spring ResponseEntity, not the codeRetour envelope.
type HealthCheckResponse struct {
	Body            string    `json:"body"`
	StatusCode      string    `json:"statusCode"`
	StatusCodeValue FlexInt64 `json:"statusCodeValue"`
}

// --- utilisateurs/v1/monCompte/recuperer/rattachements

type rattachementsRequest struct {
	ParametresRecherche Pagination `json:"parametresRecherche"`
}

type rattachementsResponse struct {
	CodeRetour                 FlexInt64        `json:"codeRetour"`
	Libelle                    string           `json:"libelle"`
	ListeStructureRattachement []Rattachement   `json:"listeStructureRattachement"`
	ParametresRetour           ParametresRetour `json:"parametresRetour"`
}

// Rattachement is one structure the technical account is attached to.
type Rattachement struct {
	DesignationStructure        string            `json:"designationStructure"`
	IDRattachementStructure     FlexInt64         `json:"idRattachementStructure"`
	IDStructure                 FlexInt64         `json:"idStructure"`
	IdentifiantStructure        FlexString        `json:"identifiantStructure"`
	TypeIdentifiantStructure    string            `json:"typeIdentifiantStructure"`
	RoleUtilisateur             string            `json:"roleUtilisateur"`
	StatutUtilisateur           string            `json:"statutUtilisateur"`
	StatutRattachementStructure string            `json:"statutRattachementStructure"`
	ListeServicesRattache       []ServiceRattache `json:"listeServicesRattache"`
}

// ServiceRattache is a service of an attached structure.
type ServiceRattache struct {
	CodeService               string    `json:"codeService"`
	LibelleService            string    `json:"libelleService"`
	IDService                 FlexInt64 `json:"idService"`
	IDRattachementService     FlexInt64 `json:"idRattachementService"`
	EstActif                  FlexBool  `json:"estActif"`
	StatutService             string    `json:"statutService"`
	StatutRattachementService string    `json:"statutRattachementService"`
}

// --- transverses/v1/recuperer/structures/actives/fournisseur

type structuresActivesResponse struct {
	CodeRetour      FlexInt64         `json:"codeRetour"`
	Libelle         string            `json:"libelle"`
	ListeStructures []StructureActive `json:"listeStructures"`
}

// StructureActive is a supplier structure the account may invoice from.
type StructureActive struct {
	DesignationStructure string     `json:"designationStructure"`
	IDStructureCPP       FlexInt64  `json:"idStructureCPP"`
	Identifiant          FlexString `json:"identifiant"`
}

// --- structures/v1/rechercher (RechercherStructureParam → WsRetourRechercherStructure)

type rechercherStructureRequest struct {
	Parametres                   *Pagination              `json:"parametres,omitempty"`
	RestreindreStructuresPrivees bool                     `json:"restreindreStructuresPrivees"`
	Structure                    rechercherStructureInput `json:"structure"`
}

type rechercherStructureInput struct {
	IdentifiantStructure     string `json:"identifiantStructure"`
	TypeIdentifiantStructure string `json:"typeIdentifiantStructure"`
}

type rechercherStructureResponse struct {
	CodeRetour       FlexInt64        `json:"codeRetour"`
	Libelle          string           `json:"libelle"`
	ListeStructures  []Structure      `json:"listeStructures"`
	ParametresRetour ParametresRetour `json:"parametresRetour"`
}

// Structure is one search result (StructureAAfficher).
type Structure struct {
	DesignationStructure     string     `json:"designationStructure"`
	IDStructureCPP           FlexInt64  `json:"idStructureCPP"`
	IdentifiantStructure     FlexString `json:"identifiantStructure"`
	Statut                   string     `json:"statut"`
	TypeIdentifiantStructure string     `json:"typeIdentifiantStructure"`
}

// --- structures/v1/consulter (ConsulterStructureAvecTVAIntraComParam → WsRetourConsulterStructureTVAIntraCom)

type consulterStructureRequest struct {
	IDStructureCPP int64  `json:"idStructureCPP"`
	CodeLangue     string `json:"codeLangue,omitempty"`
}

// StructureDetail is a public customer's record; Parametres says which references it requires.
type StructureDetail struct {
	CodeRetour            FlexInt64            `json:"codeRetour"`
	Libelle               string               `json:"libelle"`
	InformationGenerales  InformationGenerales `json:"informationGenerales"`
	AdressePostaleDuSiege AdressePostale       `json:"adressePostaleDuSiege"`
	Parametres            ParametresStructure  `json:"parametres"`
}

type InformationGenerales struct {
	IDStructureCPP                   FlexInt64  `json:"idStructureCPP"`
	IdentifiantStructure             FlexString `json:"identifiantStructure"`
	TypeIdentifiantStructure         string     `json:"typeIdentifiantStructure"`
	RaisonSocialeStructure           string     `json:"raisonSocialeStructure"`
	LibelleStructure                 string     `json:"libelleStructure"`
	EmailStructure                   string     `json:"emailStructure"`
	NumeroTVA                        string     `json:"numeroTVA"`
	StructurePriveePublique          string     `json:"structurePriveePublique"`
	DateExpirationMotPasseCompteTech string     `json:"dateExpirationMotPasseCompteTech"`
}

type AdressePostale struct {
	Adresse    string     `json:"adresse"`
	CodePostal FlexString `json:"codePostal"`
	Ville      string     `json:"ville"`
	Pays       string     `json:"pays"`
}

// ParametresStructure says which references an invoice to the structure must carry, and
// whether it reports payment: with StatutMiseEnPaiementNestPasRemonte, MANDATEE is the last
// status its invoices reach (official Structures Swagger).
type ParametresStructure struct {
	CodeServiceDoitEtreRenseigne       bool `json:"codeServiceDoitEtreRenseigne"`
	NumeroEJDoitEtreRenseigne          bool `json:"numeroEJDoitEtreRenseigne"`
	GestionNumeroEJOuCodeService       bool `json:"gestionNumeroEJOuCodeService"`
	ConnexionEDI                       bool `json:"connexionEDI"`
	EstMoaUniquement                   bool `json:"estMoaUniquement"`
	StatutMiseEnPaiementNestPasRemonte bool `json:"statutMiseEnPaiementNestPasRemonte"`
}

// --- structures/v1/rechercher/services

type rechercherServicesRequest struct {
	IDStructure                           int64      `json:"idStructure"`
	ParametresRechercherServicesStructure Pagination `json:"parametresRechercherServicesStructure"`
}

type rechercherServicesResponse struct {
	CodeRetour       FlexInt64        `json:"codeRetour"`
	Libelle          string           `json:"libelle"`
	ListeServices    []Service        `json:"listeServices"`
	ParametresRetour ParametresRetour `json:"parametresRetour"`
}

// Service is a service of a public structure (ServiceExpose).
type Service struct {
	CodeService    string    `json:"codeService"`
	EstActif       FlexBool  `json:"estActif"`
	IDService      FlexInt64 `json:"idService"`
	LibelleService string    `json:"libelleService"`
	StatutService  string    `json:"statutService"`
}

// --- factures/v1/deposer/flux (DeposerFluxFactureParam → WsRetourDeposerFluxFacture)

// DeposerFluxRequest is what the caller gives; the client base64-encodes FichierFlux.
type DeposerFluxRequest struct {
	FichierFlux []byte
	NomFichier  string
	SyntaxeFlux string
	// Open, when set, gives the file's Size bytes instead of FichierFlux: they are encoded
	// straight into the request's base64 text, so a 10 MB invoice is held once, encoded. An
	// error of the reader (a damaged stored copy) is returned as is, before anything is sent.
	Open func() (io.ReadCloser, error)
	Size int64
}

type deposerFluxBody struct {
	FichierFlux   string `json:"fichierFlux"`
	NomFichier    string `json:"nomFichier"`
	SyntaxeFlux   string `json:"syntaxeFlux"`
	AvecSignature bool   `json:"avecSignature"`
}

// DeposerFluxResponse: DateDepot is "YYYY-MM-DD" in practice although the Swagger says date-time.
type DeposerFluxResponse struct {
	CodeRetour      FlexInt64 `json:"codeRetour"`
	Libelle         string    `json:"libelle"`
	NumeroFluxDepot string    `json:"numeroFluxDepot"`
	DateDepot       string    `json:"dateDepot"`
	SyntaxeFlux     string    `json:"syntaxeFlux"`
}

// --- transverses/v1/consulterCRDetaille

type consulterCRRequest struct {
	NumeroFluxDepot string `json:"numeroFluxDepot"`
}

// CRDetaille is the detailed report of a flux (note: etatCourantDepotFlux, not etatCourantFlux).
type CRDetaille struct {
	CodeRetour               FlexInt64         `json:"codeRetour"`
	Libelle                  string            `json:"libelle"`
	CodeInterfaceDepotFlux   string            `json:"codeInterfaceDepotFlux"`
	DateDepotFlux            string            `json:"dateDepotFlux"`
	DateHeureEtatCourantFlux string            `json:"dateHeureEtatCourantFlux"`
	EtatCourantDepotFlux     string            `json:"etatCourantDepotFlux"`
	NomFichier               string            `json:"nomFichier"`
	ListeErreurDP            []ErreurDP        `json:"listeErreurDP"`
	ListeErreurTechnique     []ErreurTechnique `json:"listeErreurTechnique"`
}

type ErreurDP struct {
	IdentifiantDestinataire FlexString `json:"identifiantDestinataire"`
	IdentifiantFournisseur  FlexString `json:"identifiantFournisseur"`
	LibelleErreurDP         string     `json:"libelleErreurDP"`
	NumeroDP                FlexString `json:"numeroDP"`
}

type ErreurTechnique struct {
	CodeErreur    string `json:"codeErreur"`
	LibelleErreur string `json:"libelleErreur"`
	NatureErreur  string `json:"natureErreur"`
}

// --- factures/v1/rechercher/fournisseur

// RechercheFournisseur selects the supplier's invoices; empty fields are not sent.
type RechercheFournisseur struct {
	NumeroFluxDepot string
	NumeroFacture   string
	StatutCourant   []string
	// DeposeDu asks only for the invoices deposited on or after this time (periodeDateDepotDu);
	// zero = any day.
	DeposeDu time.Time
	// IDFournisseur asks only for the invoices of this supplier structure (its idStructureCPP,
	// e.g. from StructuresActivesFournisseur): a technical account shared by several
	// companies lists the invoices of all of them otherwise. 0 = every supplier of the account.
	IDFournisseur int64
	// PageSize is the page size asked for (default 50); every page is fetched anyway.
	PageSize int
}

type rechercherFournisseurRequest struct {
	NumeroFluxDepot                string     `json:"numeroFluxDepot,omitempty"`
	NumeroFacture                  string     `json:"numeroFacture,omitempty"`
	PeriodeDateDepotDu             string     `json:"periodeDateDepotDu,omitempty"`
	IDFournisseur                  int64      `json:"idFournisseur,omitempty"`
	StatutCourant                  []string   `json:"statutCourant,omitempty"`
	RechercheFactureParFournisseur Pagination `json:"rechercheFactureParFournisseur"`
}

type rechercherFournisseurResponse struct {
	CodeRetour       FlexInt64        `json:"codeRetour"`
	Libelle          string           `json:"libelle"`
	ParametresRetour ParametresRetour `json:"parametresRetour"`
	ListeFactures    []FactureResume  `json:"listeFactures"`
}

// FactureResume is one invoice of the supplier (RetourRechercherFactureParFournisseur).
type FactureResume struct {
	IdentifiantFactureCPP   FlexInt64  `json:"identifiantFactureCPP"`
	NumeroFacture           string     `json:"numeroFacture"`
	Statut                  string     `json:"statut"`
	TypeFacture             string     `json:"typeFacture"`
	DateFacture             string     `json:"dateFacture"`
	DateDepot               string     `json:"dateDepot"`
	MontantHT               float64    `json:"montantHT"`
	MontantTTC              float64    `json:"montantTTC"`
	MontantAPayer           float64    `json:"montantAPayer"`
	Devise                  string     `json:"devise"`
	NumeroFluxDepot         string     `json:"numeroFluxDepot"`
	ModeDepot               string     `json:"modeDepot"`
	CodeDestinataire        FlexString `json:"codeDestinataire"`
	CodeFournisseur         FlexString `json:"codeFournisseur"` // the supplier's SIRET (or other identifier)
	DesignationDestinataire string     `json:"designationDestinataire"`
	IDDestinataire          FlexInt64  `json:"idDestinataire"`
	CodeServiceExecutant    string     `json:"codeServiceExecutant"`
	DateHeureEtatCourant    string     `json:"dateHeureEtatCourant"`
	CommentaireEtatCourant  string     `json:"commentaireEtatCourant"`
	RejetTraite             bool       `json:"rejetTraite"`
}

// --- factures/v1/consulter/historique

type consulterHistoriqueRequest struct {
	IDFacture int64 `json:"idFacture"`
}

// Historique is an invoice's status history; reasons are in HistoStatutCommentaire.
type Historique struct {
	CodeRetour            FlexInt64          `json:"codeRetour"`
	Libelle               string             `json:"libelle"`
	IDFacture             FlexInt64          `json:"idFacture"`
	NumeroFacture         string             `json:"numeroFacture"`
	ModeDepot             string             `json:"modeDepot"`
	StatutCourantCode     string             `json:"statutCourantCode"`
	HistoriquesDesStatuts HistoriquesStatuts `json:"historiquesDesStatuts"`
}

type HistoriquesStatuts struct {
	HistoStatut      []HistoStatut `json:"histoStatut"`
	TotalHistoStatut FlexInt64     `json:"totalHistoStatut"`
}

type HistoStatut struct {
	HistoStatutID          FlexInt64 `json:"histoStatutId"`
	HistoStatutCode        string    `json:"histoStatutCode"`
	HistoStatutDatePassage string    `json:"histoStatutDatePassage"`
	HistoStatutCommentaire string    `json:"histoStatutCommentaire"`
}
