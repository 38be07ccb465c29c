package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTimeout_NotPositive: --timeout 0 or below switched the timeout off
// (http.Client's 0 is "never"); it is a usage error, one line, exit 2,
// before any request.
func TestTimeout_NotPositive(t *testing.T) {
	seen := make(chan string, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.URL.Path
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
	}))
	defer srv.Close()
	for _, v := range []string{"0", "-5s", "0s"} {
		r := runCLI(t, nil, "", "token", "--token-url", srv.URL+"/token", "--client-id", "cli", "--auth", "none",
			"--timeout", v)
		if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 ||
			!strings.Contains(r.stderr, "--timeout") || !strings.Contains(r.stderr, "more than 0") {
			t.Errorf("--timeout %s: exit %d, stderr %q; want exit 2 and one line about --timeout", v, r.code, r.stderr)
		}
	}
	select {
	case p := <-seen:
		t.Errorf("a request was sent (%s)", p)
	default:
	}
}
