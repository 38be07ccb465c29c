package flows

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// metadataServer serves documents at exact paths and 404 everywhere else;
// doc builds each document from the server's base URL. It records the
// paths asked for.
type metadataServer struct {
	URL   string
	mu    sync.Mutex
	asked []string
}

func newMetadataServer(t *testing.T, docs map[string]func(base string) string) *metadataServer {
	t.Helper()
	ms := &metadataServer{}
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		ms.mu.Lock()
		ms.asked = append(ms.asked, r.URL.Path)
		ms.mu.Unlock()
		if r.Method != http.MethodGet {
			t.Errorf("method: got %q, want GET", r.Method)
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept: got %q, want %q", got, "application/json")
		}
		doc, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, doc(ms.URL))
	})
	ms.URL = srv.URL
	return ms
}

func (ms *metadataServer) paths() []string {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return slices.Clone(ms.asked)
}

// metadataDoc is an RFC 8414 document for issuer, with the given fields
// changed (a nil value removes the field).
func metadataDoc(issuer string, change map[string]any) string {
	doc := map[string]any{
		"issuer":                                issuer,
		"token_endpoint":                        issuer + "/token",
		"jwks_uri":                              issuer + "/keys",
		"grant_types_supported":                 []string{"client_credentials", "authorization_code"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                      []string{"role:app", "catalog:read"},
	}
	for k, v := range change {
		if v == nil {
			delete(doc, k)
		} else {
			doc[k] = v
		}
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

func attemptStatuses(d Discovery) []int {
	var out []int
	for _, a := range d.Attempts {
		out = append(out, a.Status)
	}
	return out
}

func TestDiscover_Forms(t *testing.T) {
	tests := []struct {
		name, issuerPath, docPath, form string
		statuses                        []int
	}{
		{"OIDC", "", "/.well-known/openid-configuration", FormOIDC, []int{200}},
		{"OIDC with a path (Apiture)", "/oidc", "/oidc/.well-known/openid-configuration", FormOIDC, []int{200}},
		{
			"RFC 8414 path insertion",
			"/oauth2/abc",
			"/.well-known/oauth-authorization-server/oauth2/abc",
			FormPathInsertion,
			[]int{404, 200},
		},
		{"RFC 8414 without a path", "", "/.well-known/oauth-authorization-server", FormPathInsertion, []int{404, 200}},
		{
			"appended (Okta)",
			"/oauth2/abc",
			"/oauth2/abc/.well-known/oauth-authorization-server",
			FormAppended,
			[]int{404, 404, 200},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := newMetadataServer(t, map[string]func(string) string{
				tt.docPath: func(base string) string { return metadataDoc(base+tt.issuerPath, nil) },
			})
			issuer := ms.URL + tt.issuerPath
			d, exs, err := Discover(context.Background(), nil, issuer, StyleAuto)
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			if d.Form != tt.form || d.URL != ms.URL+tt.docPath || d.Asked != issuer {
				t.Errorf(
					"got form %q URL %q asked %q, want %q %q %q",
					d.Form,
					d.URL,
					d.Asked,
					tt.form,
					ms.URL+tt.docPath,
					issuer,
				)
			}
			if got := attemptStatuses(d); !slices.Equal(got, tt.statuses) {
				t.Errorf("attempt statuses: got %v, want %v", got, tt.statuses)
			}
			if len(exs) != len(tt.statuses) || exs[len(exs)-1].Label != "discovery" {
				t.Errorf("exchanges: got %d, want %d labelled discovery", len(exs), len(tt.statuses))
			}
			if last := d.Attempts[len(d.Attempts)-1]; last.URL != d.URL || last.Err != "" || last.Form != tt.form {
				t.Errorf("last attempt: got %+v", last)
			}
			for _, a := range d.Attempts[:len(d.Attempts)-1] {
				if a.Err == "" || !strings.Contains(a.Err, "404") {
					t.Errorf("failed attempt %s: Err %q, want it to mention 404", a.URL, a.Err)
				}
			}
			md := d.Metadata
			if md.Issuer != issuer || md.TokenEndpoint != issuer+"/token" || md.JWKSURI != issuer+"/keys" ||
				!slices.Contains(
					md.GrantTypesSupported,
					"client_credentials",
				) || len(md.ScopesSupported) != 2 || md.Raw["issuer"] != issuer {
				t.Errorf("metadata: got %+v", md)
			}
			if len(d.Problems) != 0 {
				t.Errorf("Problems: got %+v, want none", d.Problems)
			}
		})
	}
}

func TestDiscover_GivenWellKnownURL(t *testing.T) {
	tests := []struct{ name, docPath, issuerPath string }{
		{"OIDC", "/oidc/.well-known/openid-configuration", "/oidc"},
		{"appended", "/oauth2/abc/.well-known/oauth-authorization-server", "/oauth2/abc"},
		{"path insertion", "/.well-known/oauth-authorization-server/oauth2/abc", "/oauth2/abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := newMetadataServer(t, map[string]func(string) string{
				tt.docPath: func(base string) string { return metadataDoc(base+tt.issuerPath, nil) },
			})
			d, _, err := Discover(context.Background(), nil, ms.URL+tt.docPath, "")
			if err != nil {
				t.Fatal(err)
			}
			if d.Form != FormGiven || len(d.Attempts) != 1 || len(d.Problems) != 0 {
				t.Errorf(
					"got form %q, %d attempts, problems %+v; want %q, 1, none",
					d.Form,
					len(d.Attempts),
					d.Problems,
					FormGiven,
				)
			}
			if got := ms.paths(); !slices.Equal(got, []string{tt.docPath}) {
				t.Errorf("paths asked: got %q, want %q", got, []string{tt.docPath})
			}
		})
	}
}

func problemCodes(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestDiscover_Problems(t *testing.T) {
	tests := []struct {
		name   string
		change func(base string) map[string]any
		want   []string
	}{
		{
			"issuer mismatch",
			func(b string) map[string]any { return map[string]any{"issuer": "https://other.example"} },
			[]string{"issuer_mismatch"},
		},
		{
			"issuer missing",
			func(b string) map[string]any { return map[string]any{"issuer": nil} },
			[]string{"issuer_mismatch"},
		},
		{
			"issuer trailing slash",
			func(b string) map[string]any { return map[string]any{"issuer": b + "/"} },
			[]string{"issuer_trailing_slash"},
		},
		{
			"no token endpoint",
			func(b string) map[string]any { return map[string]any{"token_endpoint": nil} },
			[]string{"no_token_endpoint"},
		},
		{"no client_credentials", func(b string) map[string]any {
			return map[string]any{"grant_types_supported": []string{"authorization_code"}}
		}, []string{"no_client_credentials"}},
		{
			"grant types absent",
			func(b string) map[string]any { return map[string]any{"grant_types_supported": nil} },
			nil,
		},
		{"http token endpoint elsewhere", func(b string) map[string]any {
			return map[string]any{"token_endpoint": "http://auth.example.com/token"}
		}, []string{"insecure_endpoint"}},
		{"http endpoints on loopback", func(b string) map[string]any {
			return map[string]any{
				"token_endpoint":      "http://localhost:9400/token",
				"jwks_uri":            "http://127.0.0.1:9400/keys",
				"revocation_endpoint": "http://[::1]/r",
			}
		}, nil},
		{"https endpoint elsewhere", func(b string) map[string]any {
			return map[string]any{"token_endpoint": "https://auth.example.com/token"}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := newMetadataServer(t, map[string]func(string) string{
				"/.well-known/openid-configuration": func(base string) string { return metadataDoc(base, tt.change(base)) },
			})
			d, _, err := Discover(context.Background(), nil, ms.URL, StyleOIDC)
			if err != nil {
				t.Fatalf("Discover: got %v, want the document with problems, not an error", err)
			}
			if got := problemCodes(d.Problems); !slices.Equal(got, tt.want) {
				t.Errorf("problems: got %q, want %q (%+v)", got, tt.want, d.Problems)
			}
		})
	}
}

func TestDiscover_IssuerWithTrailingSlashAsGiven(t *testing.T) {
	ms := newMetadataServer(t, map[string]func(string) string{
		"/.well-known/openid-configuration": func(base string) string { return metadataDoc(base+"/", nil) },
	})
	d, _, err := Discover(context.Background(), nil, ms.URL+"/", StyleAuto)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Problems) != 0 {
		t.Errorf("problems: got %+v, want none: the issuer is exactly the one given", d.Problems)
	}
}

func TestDiscover_AllFormsNotFound(t *testing.T) {
	ms := newMetadataServer(t, nil)
	d, exs, err := Discover(context.Background(), nil, ms.URL+"/oauth2/abc", StyleAuto)
	var de *DiscoveryError
	if !errors.As(err, &de) {
		t.Fatalf("error: got %v (%T), want *DiscoveryError", err, err)
	}
	want := []string{
		ms.URL + "/oauth2/abc/.well-known/openid-configuration",
		ms.URL + "/.well-known/oauth-authorization-server/oauth2/abc",
		ms.URL + "/oauth2/abc/.well-known/oauth-authorization-server",
	}
	if len(de.Attempts) != len(want) || len(exs) != len(want) || len(d.Attempts) != len(want) {
		t.Fatalf("attempts: got %+v, want %d", de.Attempts, len(want))
	}
	for i, a := range de.Attempts {
		if a.URL != want[i] || a.Status != http.StatusNotFound || exs[i].URL != want[i] {
			t.Errorf("attempt %d: got %s %d, want %s 404", i, a.URL, a.Status, want[i])
		}
		if !strings.Contains(err.Error(), want[i]) {
			t.Errorf("Error(): got %q, want it to list %s", err.Error(), want[i])
		}
	}
	var oe *OAuthError
	if !errors.As(err, &oe) || oe.StatusCode != http.StatusNotFound {
		t.Errorf("the last cause: got %v, want an *OAuthError with 404", de.Last)
	}
}

func TestDiscover_BadDocuments(t *testing.T) {
	tests := []struct{ name, contentType, body, want string }{
		{
			"HTML",
			"text/html",
			"<!doctype html><html><head><title>Sign in - Portal</title></head></html>",
			`HTML page titled "Sign in - Portal"`,
		},
		{"invalid JSON", "application/json", `{"issuer": "x",`, "not valid JSON"},
		{"JSON array", "application/json", `[{"issuer":"x"}]`, "JSON array"},
		{"JSON null", "application/json", `null`, "not valid JSON"},
		{"empty", "application/json", ``, "empty"},
		{
			"wrong field type",
			"application/json",
			`{"issuer":"x","grant_types_supported":"client_credentials"}`,
			"wrong type",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startFlowServer(
				t,
				func(w http.ResponseWriter, r *http.Request) { flowReply(w, http.StatusOK, tt.contentType, tt.body) },
			)
			_, exs, err := Discover(context.Background(), srv.Client(), srv.URL, StyleOIDC)
			var de *DiscoveryError
			if !errors.As(err, &de) || len(de.Attempts) != 1 {
				t.Fatalf("error: got %v (%T), want *DiscoveryError with one attempt", err, err)
			}
			if a := de.Attempts[0]; a.Status != 200 || !strings.Contains(a.Err, tt.want) {
				t.Errorf("attempt: got status %d Err %q, want 200 and %q", a.Status, a.Err, tt.want)
			}
			if string(exs[0].ResponseBody) != tt.body {
				t.Errorf("exchange body: got %q, want %q", exs[0].ResponseBody, tt.body)
			}
		})
	}
}

func TestDiscover_StyleOIDCOnlyTriesOneURL(t *testing.T) {
	ms := newMetadataServer(t, nil)
	d, _, err := Discover(context.Background(), nil, ms.URL+"/oauth2/abc", StyleOIDC)
	if err == nil {
		t.Fatal("error: got nil, want not found")
	}
	if got, want := ms.paths(), []string{"/oauth2/abc/.well-known/openid-configuration"}; !slices.Equal(got, want) ||
		len(d.Attempts) != 1 {
		t.Errorf("paths asked: got %q, want %q", got, want)
	}
}

func TestDiscover_ConfigErrors(t *testing.T) {
	ms := newMetadataServer(t, nil)
	for _, tc := range []struct{ target, style string }{{ms.URL, "webfinger"}, {"auth.example.com", ""}, {"/oauth2/abc", ""}, {"ftp://x.example", ""}} {
		d, exs, err := Discover(context.Background(), nil, tc.target, tc.style)
		var ce *ConfigError
		if !errors.As(err, &ce) || len(exs) != 0 || len(d.Attempts) != 0 {
			t.Errorf(
				"Discover(%q, %q): got %v (%T), %d exchanges; want *ConfigError and none",
				tc.target,
				tc.style,
				err,
				err,
				len(exs),
			)
		}
	}
	if got := ms.paths(); len(got) != 0 {
		t.Errorf("requests made: got %q, want none", got)
	}
}

func TestDiscover_Cancelled(t *testing.T) {
	ms := newMetadataServer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, exs, err := Discover(ctx, nil, ms.URL+"/oauth2/abc", StyleAuto)
	if !errors.Is(err, context.Canceled) || len(exs) != 1 {
		t.Errorf("got %v after %d exchanges, want context.Canceled after 1", err, len(exs))
	}
}

func TestWellKnownURLs(t *testing.T) {
	type c = WellKnown
	tests := []struct {
		target, style string
		want          []WellKnown
	}{
		{"https://auth.example.com", "", []c{
			{FormOIDC, "https://auth.example.com/.well-known/openid-configuration", "https://auth.example.com"},
			{
				FormPathInsertion,
				"https://auth.example.com/.well-known/oauth-authorization-server",
				"https://auth.example.com",
			}}},
		{"https://auth.example.com/", StyleAuto, []c{
			{FormOIDC, "https://auth.example.com/.well-known/openid-configuration", "https://auth.example.com/"},
			{
				FormPathInsertion,
				"https://auth.example.com/.well-known/oauth-authorization-server",
				"https://auth.example.com/",
			}}},
		{"https://x.okta.com/oauth2/abc", StyleAuto, []c{
			{
				FormOIDC,
				"https://x.okta.com/oauth2/abc/.well-known/openid-configuration",
				"https://x.okta.com/oauth2/abc",
			},
			{
				FormPathInsertion,
				"https://x.okta.com/.well-known/oauth-authorization-server/oauth2/abc",
				"https://x.okta.com/oauth2/abc",
			},
			{
				FormAppended,
				"https://x.okta.com/oauth2/abc/.well-known/oauth-authorization-server",
				"https://x.okta.com/oauth2/abc",
			}}},
		{" https://x.okta.com/oauth2/abc/ ", StyleRFC8414, []c{
			{
				FormPathInsertion,
				"https://x.okta.com/.well-known/oauth-authorization-server/oauth2/abc",
				"https://x.okta.com/oauth2/abc/",
			},
			{
				FormAppended,
				"https://x.okta.com/oauth2/abc/.well-known/oauth-authorization-server",
				"https://x.okta.com/oauth2/abc/",
			}}},
		{"https://auth.example.com", StyleRFC8414, []c{
			{
				FormPathInsertion,
				"https://auth.example.com/.well-known/oauth-authorization-server",
				"https://auth.example.com",
			}}},
		{"https://auth.apiture.com/oidc", StyleOIDC, []c{
			{
				FormOIDC,
				"https://auth.apiture.com/oidc/.well-known/openid-configuration",
				"https://auth.apiture.com/oidc",
			}}},
		{"http://127.0.0.1:9400/realms/a b", StyleAuto, []c{
			{
				FormOIDC,
				"http://127.0.0.1:9400/realms/a%20b/.well-known/openid-configuration",
				"http://127.0.0.1:9400/realms/a%20b",
			},
			{
				FormPathInsertion,
				"http://127.0.0.1:9400/.well-known/oauth-authorization-server/realms/a%20b",
				"http://127.0.0.1:9400/realms/a%20b",
			},
			{
				FormAppended,
				"http://127.0.0.1:9400/realms/a%20b/.well-known/oauth-authorization-server",
				"http://127.0.0.1:9400/realms/a%20b",
			}}},
		{"https://auth.apiture.com/oidc/.well-known/openid-configuration", StyleRFC8414, []c{
			{
				FormGiven,
				"https://auth.apiture.com/oidc/.well-known/openid-configuration",
				"https://auth.apiture.com/oidc",
			}}},
		{"https://x.okta.com/.well-known/oauth-authorization-server/oauth2/abc", "", []c{
			{
				FormGiven,
				"https://x.okta.com/.well-known/oauth-authorization-server/oauth2/abc",
				"https://x.okta.com/oauth2/abc",
			}}},
		{"https://x.okta.com/.well-known/openid-configuration", "", []c{
			{FormGiven, "https://x.okta.com/.well-known/openid-configuration", "https://x.okta.com"}}},
	}
	for _, tt := range tests {
		got, err := WellKnownURLs(tt.target, tt.style)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("WellKnownURLs(%q, %q):\ngot  %+v (%v)\nwant %+v", tt.target, tt.style, got, err, tt.want)
		}
	}
	for _, bad := range []struct{ target, style string }{{"auth.example.com", ""}, {"", ""}, {"https://", ""}, {"https://a.example", "other"}} {
		var ce *ConfigError
		if _, err := WellKnownURLs(bad.target, bad.style); !errors.As(err, &ce) {
			t.Errorf("WellKnownURLs(%q, %q): got %v, want *ConfigError", bad.target, bad.style, err)
		}
	}
}

func TestInsecureURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"http://auth.example.com/token", true},
		{"http://10.0.0.5/token", true},
		{"https://auth.example.com/token", false},
		{"http://localhost:8080/token", false},
		{"http://LOCALHOST/token", false},
		{"http://demo.localhost/token", false},
		{"http://127.0.0.1:9400/token", false},
		{"http://127.1.2.3/token", false},
		{"http://[::1]:9400/token", false},
		{"http://localhost.example.com/token", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := InsecureURL(tt.url); got != tt.want {
			t.Errorf("InsecureURL(%q): got %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestDiscover_NoAnswerStopsAfterTheFirstURL(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	addr := ts.URL
	ts.Close() // nothing listens there now
	d, exs, err := Discover(context.Background(), http.DefaultClient, addr+"/tenant", StyleAuto)
	var de *DiscoveryError
	if !errors.As(err, &de) {
		t.Fatalf("got %v, want *DiscoveryError", err)
	}
	if len(exs) != 1 || len(d.Attempts) != 1 {
		t.Errorf(
			"got %d exchanges and %d attempts, want 1 each: a host that does not answer is not asked again",
			len(exs),
			len(d.Attempts),
		)
	}
	if strings.Count(err.Error(), addr) != 1 {
		t.Errorf("got %q, want the URL named once", err.Error())
	}
}
