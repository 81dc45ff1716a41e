package domain

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"chorusdesk/i18n"
)

// The real PISTE hosts (chorus-api.md §1.1). Sandbox is Chorus Pro "qualification".
const (
	SandboxOAuthURL    = "https://sandbox-oauth.piste.gouv.fr/api/oauth/token"
	SandboxAPIURL      = "https://sandbox-api.piste.gouv.fr"
	ProductionOAuthURL = "https://oauth.piste.gouv.fr/api/oauth/token"
	ProductionAPIURL   = "https://api.piste.gouv.fr"
)

// ParseEnv reads an environment name as typed on the command line (case-insensitive).
func ParseEnv(s string) (Env, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case string(Sandbox):
		return Sandbox, nil
	case string(Production):
		return Production, nil
	}
	return "", i18n.Errorf("domain.env.unknown")
}

// DefaultEndpoints returns the real PISTE URLs of environment e.
func DefaultEndpoints(e Env) Endpoints {
	if e == Production {
		return Endpoints{OAuthURL: ProductionOAuthURL, APIURL: ProductionAPIURL}
	}
	return Endpoints{OAuthURL: SandboxOAuthURL, APIURL: SandboxAPIURL}
}

// ValidateEndpoints checks both URLs of an environment: absolute http(s) URLs with a host,
// https unless the host is a loopback address (the local emulator), no user:password part
// (it would be stored and shown in clear) and no fragment. Surrounding spaces are trimmed.
// The OAuth URL is kept as given (it is the full token URL); the API base URL loses its
// trailing slashes because request paths are appended to it.
func ValidateEndpoints(ep Endpoints) (Endpoints, error) {
	oauth, err := checkURL("oauth", ep.OAuthURL)
	if err != nil {
		return Endpoints{}, err
	}
	api, err := checkURL("api", ep.APIURL)
	if err != nil {
		return Endpoints{}, err
	}
	if u, _ := url.Parse(api); u.RawQuery != "" {
		return Endpoints{}, i18n.Errorf("domain.endpoints.api.query")
	}
	return Endpoints{OAuthURL: oauth, APIURL: strings.TrimRight(api, "/")}, nil
}

func checkURL(which, raw string) (string, error) {
	s := strings.TrimSpace(raw)
	key := "domain.endpoints." + which + "."
	if s == "" {
		return "", i18n.Errorf(key + "empty")
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Opaque != "" {
		return "", i18n.Errorf(key + "invalid")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", i18n.Errorf(key + "scheme")
	}
	if u.Hostname() == "" || !validPort(u.Port()) {
		return "", i18n.Errorf(key + "invalid")
	}
	if u.User != nil {
		return "", i18n.Errorf(key + "userinfo")
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return "", i18n.Errorf(key + "invalid")
	}
	if scheme == "http" && !isLoopback(u.Hostname()) {
		return "", i18n.Errorf(key + "https")
	}
	return s, nil
}

// validPort accepts no port or 1–65535: url.Parse only checks that a port is digits.
func validPort(p string) bool {
	if p == "" {
		return true
	}
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

// isLoopback reports whether host names this machine: plain http is only acceptable there
// because nothing leaves the computer.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
