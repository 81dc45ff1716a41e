package conntest

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"chorusdesk/domain"
)

// networkStep checks DNS, TCP and (for https) TLS to the token host and the API host. When a
// proxy applies, only the proxy can be reached directly: the later steps go through it.
func networkStep(ctx context.Context, ep domain.Endpoints, opt Options) outcome {
	var hosts []string
	plainHTTP := false
	seen := map[string]bool{}
	for _, raw := range []string{ep.OAuthURL, ep.APIURL} {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
			return fail("api.test.bad_url", shortURL(raw))
		}
		hosts = append(hosts, u.Host)
		if seen[u.Host] {
			continue
		}
		seen[u.Host] = true
		if proxy := proxyFor(u); proxy != nil {
			if out := reach(ctx, proxy, false, opt); !out.ok {
				return out
			}
			return pass("api.test.network_proxy", proxy.Host)
		}
		if u.Scheme == "http" {
			plainHTTP = true
		}
		if out := reach(ctx, u, u.Scheme == "https", opt); !out.ok {
			return out
		}
	}
	key := "api.test.network_ok"
	if plainHTTP {
		key = "api.test.network_ok_http"
	}
	if hosts[0] == hosts[1] { // one host serves both: name it once
		return pass(key+"_one", hosts[0])
	}
	return pass(key, hosts[0], hosts[1])
}

func proxyFor(u *url.URL) *url.URL {
	p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	if err != nil {
		return nil
	}
	return p
}

// reach resolves, connects and, when withTLS, completes a verified TLS handshake.
func reach(ctx context.Context, u *url.URL, withTLS bool, opt Options) outcome {
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	addrs, err := net.DefaultResolver.LookupHost(ctx, host)
	if err != nil || len(addrs) == 0 {
		return fail("api.test.network_dns", host)
	}
	var d net.Dialer
	var conn net.Conn
	for _, a := range addrs {
		if conn, err = d.DialContext(ctx, "tcp", net.JoinHostPort(a, port)); err == nil {
			break
		}
	}
	if conn == nil {
		return fail("api.test.network_tcp", net.JoinHostPort(host, port))
	}
	defer conn.Close()
	if !withTLS {
		return outcome{ok: true}
	}
	tc := tls.Client(conn, tlsConfig(host, opt.RootCAs))
	if err := tc.HandshakeContext(ctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fail("api.timeout")
		}
		return fail("api.test.network_tls", host)
	}
	_ = tc.Close()
	return outcome{ok: true}
}

// shortURL keeps a bad URL printable without echoing a very long paste.
func shortURL(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 80 {
		return s[:80] + "…"
	}
	if s == "" {
		return `""`
	}
	return s
}
