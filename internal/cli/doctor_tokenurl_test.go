package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDoctor_TokenURLOnly: doctor with a token URL and no issuer panicked
// (a nil check in flows' guard when the destination drew no warning); it
// runs the checkup and reports the refusal, exit 1.
func TestDoctor_TokenURLOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
	}))
	defer srv.Close()
	r := runCLI(t, nil, "", "doctor", "--token-url", srv.URL+"/token", "--client-id", "c", "--auth", "none")
	if r.code != exitFailed || !strings.Contains(r.stdout+r.stderr, "invalid_client") {
		t.Errorf("exit %d, want 1 and the invalid_client refusal\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}
