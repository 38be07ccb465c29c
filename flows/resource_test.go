package flows

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// resourceServer is an API that answers 401 (with resource_metadata when
// challenge is set) and serves a metadata document naming resource.
func resourceServer(t *testing.T, challenge bool, resource func(base string) string, servers string) *httptest.Server {
	t.Helper()
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/oauth-protected-resource/api":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"resource":%q,"authorization_servers":%s}`, resource(ts.URL), servers)
		default:
			v := `Bearer realm="x"`
			if challenge {
				v += `, resource_metadata="` + ts.URL + `/.well-known/oauth-protected-resource/api"`
			}
			w.Header().Set("WWW-Authenticate", v)
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestDiscoverResource(t *testing.T) {
	same := func(b string) string { return b + "/api" }
	for _, tc := range []struct {
		name      string
		challenge bool
		resource  func(string) string
		servers   string
		via, err  string
		problem   string
	}{
		{"challenge", true, same, `["https://as.example"]`, "WWW-Authenticate resource_metadata", "", ""},
		{"well-known", false, same, `["https://as.example"]`, "well-known URL", "", ""},
		{"trailing slash", true, func(b string) string { return b + "/api/" }, `["https://as"]`, "", "",
			"resource_trailing_slash"},
		{"other resource", true, func(string) string { return "https://other.example/api" }, `["https://as"]`, "",
			"does not name the API", "resource_mismatch"},
		{"no servers", true, same, `[]`, "", "names no authorization_servers", "no_authorization_servers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := resourceServer(t, tc.challenge, tc.resource, tc.servers)
			rd, exs, err := DiscoverResource(context.Background(), ts.Client(), ts.URL+"/api")
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("got %v, want %q", err, tc.err)
			}
			if tc.via != "" && rd.Via != tc.via {
				t.Errorf("via %q, want %q", rd.Via, tc.via)
			}
			if tc.problem != "" && (len(rd.Problems) == 0 || rd.Problems[0].Code != tc.problem) {
				t.Errorf("problems %+v, want %s", rd.Problems, tc.problem)
			}
			if len(exs) != 2 {
				t.Errorf("%d exchanges, want the probe and the document", len(exs))
			}
		})
	}
}

func TestResourceMetadataURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.example.com":         "https://api.example.com/.well-known/oauth-protected-resource",
		"https://api.example.com/v1/mcp/": "https://api.example.com/.well-known/oauth-protected-resource/v1/mcp",
		"http://127.0.0.1:9400/api":       "http://127.0.0.1:9400/.well-known/oauth-protected-resource/api",
	} {
		if got, err := ResourceMetadataURL(in); err != nil || got != want {
			t.Errorf("%s: got %q %v, want %q", in, got, err, want)
		}
	}
}
