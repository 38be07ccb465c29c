package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// echoServer is a server that answers every request with the whole
// request echoed back (headers and body), as a 400 error in JSON, plain
// text or HTML depending on the mode: debug modes, proxies and error pages
// do this, and support staff paste what oauthlens prints into tickets.
// Its metadata is honest, so every command gets as far as sending.
func echoServer(t *testing.T, mode string) string {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/openid-configuration") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"issuer":%q,"token_endpoint":%q,"jwks_uri":%q,"introspection_endpoint":%q,`+
				`"revocation_endpoint":%q,"registration_endpoint":%q}`, srv.URL, srv.URL+"/token",
				srv.URL+"/jwks", srv.URL+"/introspect", srv.URL+"/revoke", srv.URL+"/register")
			return
		}
		body, _ := io.ReadAll(r.Body)
		var dump strings.Builder
		fmt.Fprintf(&dump, "%s %s\n", r.Method, r.URL.RequestURI())
		for k, vs := range r.Header {
			fmt.Fprintf(&dump, "%s: %s\n", k, strings.Join(vs, ", "))
		}
		dump.WriteString(string(body))
		switch mode {
		case "ok": // a success that carries a debug copy of the request
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"access_token": echoAccessToken,
				"token_type": "Bearer", "active": true, "debug": dump.String(), "headers": r.Header})
		case "json":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"error": "invalid_request",
				"error_description": "debug echo: " + dump.String(), "headers": r.Header, "body": string(body)})
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, "<html><title>Echo %s</title><pre>%s</pre></html>", html.EscapeString(dump.String()),
				html.EscapeString(dump.String()))
		default:
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, dump.String())
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// echoAccessToken is the access token echoServer's "ok" mode issues.
const echoAccessToken = "at-from-echo-0123456789"

// secretForms are every form the test secrets can take on the wire.
func secretForms(id string, secrets ...string) []string {
	var out []string
	for _, s := range secrets {
		out = append(out, s, url.QueryEscape(s))
	}
	s := secrets[0]
	out = append(out, flows.BasicCredentials(id, s), base64.StdEncoding.EncodeToString([]byte(id+":"+s)))
	return out
}

// TestNoSecretLeaks_EchoServer runs every network command against servers
// that echo the whole request, and looks for every form of every secret in
// everything printed.
func TestNoSecretLeaks_EchoServer(t *testing.T) {
	const secret = "Cl1ent+Secret/with=chars"
	const apiKey = "api-key-0123456789abcdef"
	const token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl"
	const admin = "admin-token-0123456789"
	env := []string{"S=" + secret, "K=" + apiKey, "T=" + token, "A=" + admin}
	forms := append(secretForms("cid", secret), apiKey, token, admin)
	for _, mode := range []string{"ok", "json", "text", "html"} {
		iss := echoServer(t, mode)
		auth := []string{"--issuer", iss, "--client-id", "cid", "--client-secret", "env:S"}
		runs := map[string][]string{
			"token basic": append([]string{"token", "-v", "--curl"}, auth...),
			"token post":  append([]string{"token", "-v", "--auth", "post", "--json"}, auth...),
			"call":        append([]string{"call", "-v", "-H", "X-Api-Key: env:K", iss + "/api"}, auth...),
			"doctor":      append([]string{"doctor", "-v", "-H", "X-Api-Key: env:K", iss + "/api"}, auth...),
			"doctor json": append([]string{"doctor", "--json"}, auth...),
			"introspect":  append([]string{"introspect", "-v", "env:T"}, auth...),
			"revoke":      append([]string{"revoke", "-v", "env:T"}, auth...),
			"register": {"register", "-v", "--issuer", iss, "--name", "x", "--initial-token", "env:A",
				"--store-secret", "print"},
		}
		for name, args := range runs {
			r := runCLI(t, env, "", args...)
			if r.code == 0 && mode != "ok" {
				t.Errorf("%s %s: exit 0 against a server that only answers 400", mode, name)
			}
			for _, f := range forms {
				if strings.Contains(r.stdout, f) || strings.Contains(r.stderr, f) {
					t.Errorf("%s %s shows the secret form %q:\nstdout: %s\nstderr: %s", mode, name, f,
						r.stdout, r.stderr)
				}
			}
		}
	}
}

// mixupServer publishes metadata naming another issuer and counts any
// request to its other endpoints.
func mixupServer(t *testing.T) (string, *atomic.Int32) {
	var hits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/.well-known/") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"issuer":"https://login.evil.example","token_endpoint":%q,"jwks_uri":%q,`+
				`"introspection_endpoint":%q,"revocation_endpoint":%q,"registration_endpoint":%q}`,
				srv.URL+"/token", srv.URL+"/jwks", srv.URL+"/introspect", srv.URL+"/revoke", srv.URL+"/register")
			return
		}
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-0123456789","token_type":"Bearer","active":true,"keys":[]}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &hits
}

func TestIssuerMismatch_StopsEveryCommandBeforeCredentials(t *testing.T) {
	iss, hits := mixupServer(t)
	auth := []string{"--issuer", iss, "--client-id", "cid", "--client-secret", "env:S"}
	env := []string{"S=secret-0123456789"}
	runs := map[string][]string{
		"token":      append([]string{"token"}, auth...),
		"call":       append([]string{"call", iss + "/api"}, auth...),
		"doctor":     append([]string{"doctor"}, auth...),
		"introspect": append([]string{"introspect", "tok"}, auth...),
		"revoke":     append([]string{"revoke", "tok"}, auth...),
		"register":   {"register", "--issuer", iss, "--name", "x", "--store-secret", "print"},
		"decode":     {"decode", "--issuer", iss, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"},
	}
	for name, args := range runs {
		r := runCLI(t, env, "", args...)
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", name, r.code, r.stderr+r.stdout)
		}
		if !strings.Contains(r.stderr+r.stdout, "login.evil.example") {
			t.Errorf("%s: the output does not name the foreign issuer:\n%s", name, r.stderr+r.stdout)
		}
		if n := hits.Swap(0); n != 0 {
			t.Errorf("%s: %d requests reached the endpoints of a document for another issuer", name, n)
		}
	}
}

func TestIssuerMismatch_AllowedWithALoudWarning(t *testing.T) {
	iss, hits := mixupServer(t)
	r := runCLI(t, []string{"S=secret-0123456789"}, "", "token", "--issuer", iss, "--client-id", "cid",
		"--client-secret", "env:S", "--allow-issuer-mismatch")
	wantCode(t, r, 0)
	if hits.Load() != 1 || !strings.Contains(r.stderr, "WARNING: --allow-issuer-mismatch") {
		t.Errorf("hits %d; stderr:\n%s", hits.Load(), r.stderr)
	}
}

func TestPlainHTTPToAnotherHostIsWarnedAbout(t *testing.T) {
	// No request is made: the host does not resolve. The warning comes first.
	r := runCLI(t, []string{"S=secret-0123456789"}, "", "token", "--token-url", "http://oauthlens-test.invalid/token",
		"--client-id", "cid", "--client-secret", "env:S", "--timeout", "2s")
	if !strings.Contains(r.stderr, "plain http://") {
		t.Errorf("no warning about plain http:\n%s", r.stderr)
	}
}
