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

// TestURLFlags_Malformed: a malformed --issuer or --token-url (or any URL
// flag) is a usage error, exit 2, one line naming the flag, for every
// command; doctor --issuer notaurl exited 1 with a failed check.
func TestURLFlags_Malformed(t *testing.T) {
	for _, args := range [][]string{
		{"doctor", "--issuer", "notaurl", "--client-id", "c", "--auth", "none"},
		{"token", "--issuer", "notaurl", "--client-id", "c", "--auth", "none"},
		{"token", "--token-url", "ftp://example.com/token", "--client-id", "c", "--auth", "none"},
		{"call", "--issuer", "notaurl", "--client-id", "c", "--auth", "none", "GET", "https://api.example.com/"},
		{"introspect", "--token-url", "example.com/token", "--client-id", "c", "tok"},
		{"register", "--issuer", "notaurl", "--name", "x"},
		{"decode", "--jwks", "http:///keys", "e30.e30.x"},
		{"profiles", "new", "zz", "--issuer", "notaurl"},
	} {
		r := runCLI(t, nil, "", args...)
		flag := args[firstFlag(args)]
		if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 ||
			!strings.Contains(r.stderr, `"`+flag+`" flag`) || !strings.Contains(r.stderr, "URL") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line naming %s", args, r.code, r.stderr, flag)
		}
	}
}

// firstFlag is the index of the first --flag in args.
func firstFlag(args []string) int {
	for i, a := range args {
		if strings.HasPrefix(a, "--") {
			return i
		}
	}
	return 0
}
