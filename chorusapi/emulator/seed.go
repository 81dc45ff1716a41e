package emulator

import "chorusdesk/domain"

// PISTE applications of the seed data (README.md of this package). Each emulator instance is one
// environment and knows only its own application: the other environment's credentials get 400
// invalid_client, as on the real gateway.
const (
	SandboxClientID    = "demo-sandbox-app"
	SandboxSecret      = "demo-sandbox-secret"
	ProductionClientID = "demo-production-app"
	ProductionSecret   = "demo-production-secret"
)

// account is a Chorus Pro technical account attached to supplier structures.
type account struct {
	login, password string
	structures      []int64 // idStructureCPP of the attached (private, supplier) structures
}

// service is one service of a structure.
type service struct {
	id     int64
	code   string
	label  string
	active bool
}

// structure is a Chorus Pro structure (public recipient or private supplier).
type structure struct {
	id          int64
	siret       string
	name        string
	public      bool
	serviceReq  bool // parametres.codeServiceDoitEtreRenseigne
	ejReq       bool // parametres.numeroEJDoitEtreRenseigne
	ejOrService bool // parametres.gestionNumeroEJOuCodeService
	// paymentNotReported is parametres.statutMiseEnPaiementNestPasRemonte: MANDATEE is the
	// last status its invoices reach.
	paymentNotReported bool
	services           []service
	city               string
	postcode           string
}

// Seed SIRETs, exported so that tests of other packages can build invoices without magic values.
const (
	SupplierSIRET1           = "73282932000074"
	SupplierSIRET2           = "55208131766522"
	SupplierSIRET3           = "44306184100047"
	RecipientServiceRequired = "21750001600019"
	RecipientNoRequirement   = "26730062200011"
	RecipientEJRequired      = "21330000100012"
	RecipientEJOrService     = "21340000200027"
	// RecipientPaymentNotReported never reports payment (statutMiseEnPaiementNestPasRemonte).
	RecipientPaymentNotReported = "21690000100001"
)

func seedStructures() []*structure {
	return []*structure{
		{id: 25000001, siret: SupplierSIRET1, name: "DEMO FOURNISSEUR UN", city: "PARIS", postcode: "75002",
			services: []service{{id: 35000001, code: "VENTES", label: "Service ventes", active: true}}},
		{id: 25000002, siret: SupplierSIRET2, name: "DEMO FOURNISSEUR DEUX", city: "LYON", postcode: "69002"},
		{id: 25000003, siret: SupplierSIRET3, name: "DEMO FOURNISSEUR TROIS", city: "LILLE", postcode: "59000"},
		{id: 26000001, siret: RecipientServiceRequired, name: "DESTINATAIRE AVEC SERVICE OBLIGATOIRE", public: true,
			serviceReq: true, city: "PARIS", postcode: "75004",
			services: []service{
				{id: 36000001, code: "SERV-COMPTA", label: "Service comptabilite", active: true},
				{id: 36000002, code: "FACTURES_PUBLIQUES", label: "Factures publiques", active: true},
				{id: 36000003, code: "SERV-ARCHIVE", label: "Service archive (ferme)", active: false},
			}},
		{id: 26000002, siret: RecipientNoRequirement, name: "DESTINATAIRE SANS PARAMETRE", public: true,
			city: "STRASBOURG", postcode: "67000"},
		{id: 26000003, siret: RecipientEJRequired, name: "DESTINATAIRE AVEC EJ OBLIGATOIRE", public: true,
			ejReq: true, city: "BORDEAUX", postcode: "33000"},
		{id: 26000004, siret: RecipientEJOrService, name: "DESTINATAIRE AVEC EJ OU SERVICE OBLIGATOIRE", public: true,
			ejOrService: true, city: "TOULOUSE", postcode: "31000",
			services: []service{{id: 36000011, code: "SERV-ACHATS", label: "Service achats", active: true}}},
		{id: 26000005, siret: RecipientPaymentNotReported, name: "DESTINATAIRE SANS REMONTEE DE MISE EN PAIEMENT",
			public: true, paymentNotReported: true, city: "LYON", postcode: "69003"},
	}
}

func seedAccounts() []*account {
	return []*account{
		{login: "TECH_1_demo1@cpro.fr", password: "demo-password-1", structures: []int64{25000001}},
		{login: "TECH_1_demo2@cpro.fr", password: "demo-password-2", structures: []int64{25000002}},
		{login: "TECH_1_demo3@cpro.fr", password: "demo-password-3", structures: []int64{25000003}},
	}
}

// clientFor returns the PISTE application (id, secret) of env.
func clientFor(env domain.Env) (id, secret string) {
	if env == domain.Production {
		return ProductionClientID, ProductionSecret
	}
	return SandboxClientID, SandboxSecret
}
