package emulator

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

const (
	jsonContentType  = "application/json;charset=utf-8"
	tokenChallenge   = `Bearer realm="PISTE", error="invalid_token", error_description="access token missing, unknown or expired"`
	accountChallenge = `Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"`
	successLibelle   = "TRA_MSG_00.000"
)

// envelope is the codeRetour/libelle pair every Chorus Pro JSON answer carries.
type envelope struct {
	CodeRetour int    `json:"codeRetour"`
	Libelle    string `json:"libelle"`
}

func ok() envelope { return envelope{CodeRetour: 0, Libelle: successLibelle} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "emulator: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (e *Emulator) writeBusiness(w http.ResponseWriter, code int, libelle string) {
	status := http.StatusOK
	if e.opt.BusinessErrorsAs400 {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, envelope{CodeRetour: code, Libelle: libelle})
}

func badRequest(w http.ResponseWriter, why string) {
	writeJSON(w, http.StatusBadRequest, envelope{CodeRetour: http.StatusBadRequest, Libelle: "Requete mal formulee: " + why})
}

// serve is the root handler: control API, then latency, faults, token endpoint and gateway.
func (e *Emulator) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if strings.HasPrefix(path, controlPrefix) {
		e.control(w, r)
		return
	}
	if path != tokenPath && !strings.HasPrefix(path, "/cpro/") {
		http.NotFound(w, r)
		return
	}
	e.mu.Lock()
	e.state.endpoints[path]++
	latency := e.state.latency
	e.mu.Unlock()
	if !e.pause(r.Context(), latency) {
		return
	}
	if f := e.takeFault(path); f != nil {
		e.applyFault(w, r, f)
		return
	}
	if path == tokenPath {
		e.token(w, r)
		return
	}
	e.gateway(w, r)
}

// token implements the OAuth2 client-credentials grant of PISTE (chorus-api.md §1.2).
func (e *Emulator) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "invalid_request"})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "unreadable form body"})
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type",
			"error_description": "grant_type must be client_credentials"})
		return
	}
	wantID, wantSecret := clientFor(e.opt.Env)
	e.mu.Lock()
	if e.state.clientSecret != "" {
		wantSecret = e.state.clientSecret
	}
	e.mu.Unlock()
	if subtle.ConstantTimeCompare([]byte(id), []byte(wantID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(wantSecret)) != 1 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_client",
			"error_description": "Client authentication failed"})
		return
	}
	var raw [24]byte
	_, _ = rand.Read(raw[:])
	tok := hex.EncodeToString(raw[:])
	now := e.now()
	e.mu.Lock()
	for t, exp := range e.state.tokens { // drop expired tokens so long runs stay small
		if !now.Before(exp) {
			delete(e.state.tokens, t)
		}
	}
	e.state.tokens[tok] = now.Add(e.opt.TokenTTL)
	e.state.tokensIssued++
	e.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer",
		"expires_in": int(e.opt.TokenTTL / time.Second), "scope": "openid"})
}

// apiOf returns the Chorus Pro API name of a /cpro/<api>/... path.
func apiOf(path string) string {
	rest := strings.TrimPrefix(path, "/cpro/")
	api, _, _ := strings.Cut(rest, "/")
	return api
}

// call is what an endpoint handler receives once the gateway checks passed.
type call struct {
	acct *account
	body []byte
}

// gateway applies the PISTE checks in the order of chorus-api.md §7.2, then routes.
func (e *Emulator) gateway(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	hasBearer := len(auth) > 7 && strings.EqualFold(auth[:7], "Bearer ") // the scheme is case-insensitive
	bearer := ""
	if hasBearer {
		bearer = auth[7:]
	}
	e.mu.Lock()
	exp, known := e.state.tokens[strings.TrimSpace(bearer)]
	api := apiOf(r.URL.Path)
	sub, set := e.state.subscribed[api]
	e.mu.Unlock()
	if !hasBearer || !known || !e.now().Before(exp) {
		w.Header().Set("WWW-Authenticate", tokenChallenge)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token"})
		return
	}
	if set && !sub {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	acct := e.technicalAccount(r.Header.Get("cpro-account"))
	if acct == nil {
		w.Header().Set("WWW-Authenticate", accountChallenge)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	rt, found := routes[r.URL.Path]
	if !found {
		http.NotFound(w, r)
		return
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	c := &call{acct: acct}
	if rt.method == http.MethodPost {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			writeJSON(w, http.StatusUnsupportedMediaType, envelope{CodeRetour: http.StatusUnsupportedMediaType,
				Libelle: "Format de la requete non supporte"})
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, envelope{CodeRetour: http.StatusRequestEntityTooLarge,
				Libelle: "Requete trop volumineuse"})
			return
		}
		if err != nil {
			return // the client went away
		}
		body = bytes.TrimSpace(body)
		if !json.Valid(body) || len(body) == 0 || body[0] != '{' {
			badRequest(w, "JSON invalide")
			return
		}
		c.body = body
	}
	rt.fn(e, w, c)
}

// technicalAccount decodes cpro-account (base64 of login:password) and returns the account,
// or nil when it is missing, not base64, wrong or expired.
func (e *Emulator) technicalAccount(header string) *account {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(header))
	if header == "" || err != nil {
		return nil
	}
	login, pass, found := strings.Cut(string(raw), ":")
	if !found {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.state.accounts[login]
	if a == nil || e.state.expired[login] || subtle.ConstantTimeCompare([]byte(pass), []byte(a.password)) != 1 {
		return nil
	}
	return a
}

// decode unmarshals the request body into v; a type mismatch answers 400 like Spring does.
func decode(w http.ResponseWriter, c *call, v any) bool {
	if err := json.Unmarshal(c.body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			badRequest(w, "champ "+te.Field)
		} else {
			badRequest(w, "JSON invalide")
		}
		return false
	}
	return true
}
