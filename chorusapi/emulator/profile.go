package emulator

import "net/http"

// Profile chooses how closely the emulator copies the answers production code documents, as
// opposed to what the Swagger alone would suggest.
type Profile string

const (
	// ProfileRealistic (the default) answers as Chorus Pro is documented to answer by
	// production code and official pages:
	//   - a search that finds nothing answers codeRetour 20000 "TRA_MSG_00.015 - La recherche
	//     n'a retourné aucun résultat" (HTTP 200), not codeRetour 0 and an empty list: Pastell
	//     (libriciel/pastell connecteur/cpp/lib/CPPWrapper.php) ends its loops on 20000 and on
	//     20007 "GFT_MSG_01.075 - …" (SetNoResultCode picks 20007);
	//   - consulter/historique lists the statuses newest first: "Par défaut le tri est
	//     descendant sur HistoStatutDatePassage" (Pastell, connecteur-type/
	//     PortailFactureConnecteur.php);
	//   - a flux goes through IN_RECU and IN_TRAITE_SE_CPP (which Tryton,
	//     modules/account_fr_chorus/account.py, counts as done) and the queued states before
	//     its final state;
	//   - a second invoice with the same number from the same supplier in the same year is
	//     rejected: « Vous avez déjà déposé une demande de paiement avec ce numéro de facture
	//     pour cette structure » (communaute.chorus-pro.gouv.fr, "Bien renseigner son numéro de
	//     facture", 2023-03-28);
	//   - the seeded structure RecipientPaymentNotReported has statutMiseEnPaiementNestPasRemonte
	//     (official Structures Swagger): MANDATEE is the last status its invoices reach, as OCA
	//     (l10n_fr_chorus_account chorus_flow.py) stops following invoices at MANDATEE;
	//   - the seeded public bodies RecipientNoRequirement and RecipientEJRequired have no
	//     service at all, so rechercher/services answers "no result" for them.
	ProfileRealistic Profile = "realistic"
	// ProfileStrict mirrors only what the Swagger says: empty lists with codeRetour 0, history
	// oldest first, three intermediate flux states, no duplicate check. Kept so the client is
	// tested against both shapes of "no result" (OCA is written to survive either).
	ProfileStrict Profile = "strict"
)

// Labels of the realistic profile (sources above).
const (
	libelleNoResult        = "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat"
	libelleNoResultTravaux = "GFT_MSG_01.075 - La recherche n'a retourné aucun résultat"
	libelleDuplicate       = "Vous avez déjà déposé une demande de paiement avec ce numéro de facture pour cette structure"
	codeNoResult           = 20000
	codeNoResultTravaux    = 20007
)

func (e *Emulator) realistic() bool { return e.opt.Profile != ProfileStrict }

// emptySearch answers a search that found nothing: "no result" in the realistic profile,
// false when the caller must send its (empty) list.
func (e *Emulator) emptySearch(w http.ResponseWriter, found int) bool {
	if found > 0 || !e.realistic() {
		return false
	}
	e.mu.Lock()
	code := e.state.noResultCode
	e.mu.Unlock()
	lib := libelleNoResult
	if code == codeNoResultTravaux {
		lib = libelleNoResultTravaux
	}
	writeJSON(w, http.StatusOK, envelope{CodeRetour: code, Libelle: lib})
	return true
}

// SetNoResultCode chooses the code of "no result" answers: 20000 (default) or 20007.
func (e *Emulator) SetNoResultCode(code int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if code != codeNoResultTravaux {
		code = codeNoResult
	}
	e.state.noResultCode = code
}

// fluxPath is the list of states a flux shows before its final one.
func (e *Emulator) fluxPath() []string {
	if e.realistic() {
		return []string{fluxDeposited, fluxReceived, fluxTreatedSE, fluxWaiting, fluxProcessing}
	}
	return []string{fluxDeposited, fluxWaiting, fluxProcessing}
}
