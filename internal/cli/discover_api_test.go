package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDiscover_APIWithoutResourceMetadata: for an API URL with no
// resource_metadata challenge and no RFC 9728 well-known document, the
// error was issuer discovery's alone; it says in the same line that
// protected resource metadata was looked for too, and where.
func TestDiscover_APIWithoutResourceMetadata(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	r := runCLI(t, nil, "", "discover", srv.URL+"/api/v1")
	first, _, _ := strings.Cut(r.stderr, "\n")
	for _, want := range []string{
		"discovery failed", // issuer discovery's failure stays
		"RFC 9728 protected resource metadata was looked for too",
		"GET " + srv.URL + "/api/v1 answered 401 Unauthorized with no resource_metadata challenge",
		srv.URL + "/.well-known/oauth-protected-resource/api/v1 answered 404 Not Found",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first line lacks %q:\n%s", want, first)
		}
	}
	if r.code != exitFailed || !strings.Contains(r.stderr, "(discovery.not_found)") {
		t.Errorf("exit %d, want 1 with the discovery.not_found diagnosis\n%s", r.code, r.stderr)
	}
}
