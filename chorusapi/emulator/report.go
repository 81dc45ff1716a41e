package emulator

import (
	"net/http"
	"time"
)

const crDateLayout = "2006-01-02T15:04:05.000-07:00"

// dummyCR is the base64 of a tiny PDF standing for the flux report (fichierCR).
const dummyCR = "JVBERi0xLjQKMSAwIG9iajw8L1R5cGUvQ2F0YWxvZy9QYWdlcyAyIDAgUj4+ZW5kb2JqCjIgMCBvYmo8PC9UeXBlL1BhZ2VzL0tpZHNbXS9Db3VudCAwPj5lbmRvYmoKdHJhaWxlcjw8L1Jvb3QgMSAwIFI+PgolJUVPRgo="

// lookupFlux returns the caller's flux, its state now and when that state began.
func (e *Emulator) lookupFlux(c *call, numero string) (f *flux, st string, since time.Time) {
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.advance(now)
	f = e.state.fluxes[numero]
	if f == nil || f.owner != c.acct.login {
		return nil, "", time.Time{}
	}
	st, since = f.stateAt(now, e.opt.ProcessingTime, e.fluxPath())
	return f, st, since
}

// consultCRDetailed answers transverses/v1/consulterCRDetaille (state in etatCourantDepotFlux).
func (e *Emulator) consultCRDetailed(w http.ResponseWriter, c *call) {
	var req struct {
		Numero string `json:"numeroFluxDepot"`
	}
	if !decode(w, c, &req) {
		return
	}
	f, st, since := e.lookupFlux(c, req.Numero)
	if f == nil {
		e.writeBusiness(w, codeNotFound, libelleFluxUnknown)
		return
	}
	dp, tech := []erreurDP{}, []erreurTechnique{}
	if f.isFinal(e.now(), e.opt.ProcessingTime) {
		dp = append(dp, f.dpErrors...)
		tech = append(tech, f.techErrors...)
	}
	writeJSON(w, http.StatusOK, struct {
		envelope
		CodeInterfaceDepotFlux   string            `json:"codeInterfaceDepotFlux"`
		DateDepotFlux            string            `json:"dateDepotFlux"`
		DateHeureEtatCourantFlux string            `json:"dateHeureEtatCourantFlux"`
		EtatCourantDepotFlux     string            `json:"etatCourantDepotFlux"`
		NomFichier               string            `json:"nomFichier"`
		ListeErreurDP            []erreurDP        `json:"listeErreurDP"`
		ListeErreurTechnique     []erreurTechnique `json:"listeErreurTechnique"`
	}{ok(), "FSO" + f.iface + "A", f.deposited.Format(crDateLayout), since.Format(crDateLayout), st,
		"FSO" + f.iface + "A_CPP001_" + f.numero, dp, tech})
}

// consultCR answers transverses/v1/consulterCR (state in etatCourantFlux, report as a PDF).
func (e *Emulator) consultCR(w http.ResponseWriter, c *call) {
	var req struct {
		Numero string `json:"numeroFluxDepot"`
	}
	if !decode(w, c, &req) {
		return
	}
	f, st, since := e.lookupFlux(c, req.Numero)
	if f == nil {
		e.writeBusiness(w, codeNotFound, libelleFluxUnknown)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		envelope
		CodeAppliPartenaire      string `json:"codeAppliPartenaire"`
		CodeInterfaceFlux        string `json:"codeInterfaceFlux"`
		DateDepotFlux            string `json:"dateDepotFlux"`
		DateHeureEtatCourantFlux string `json:"dateHeureEtatCourantFlux"`
		DesignationPartenaire    string `json:"designationPartenaire"`
		EtatCourantFlux          string `json:"etatCourantFlux"`
		FichierCR                string `json:"fichierCR"`
		NomFichierFlux           string `json:"nomFichierFlux"`
		NumeroFluxDepot          string `json:"numeroFluxDepot"`
	}{ok(), "API", "FSO" + f.iface + "A", f.deposited.Format(crDateLayout), since.Format(crDateLayout),
		"Raccordement API", st, dummyCR, f.fileName, f.numero})
}
