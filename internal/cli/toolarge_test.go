package cli

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestToken_AnswerTooLarge: a 2 MB token answer was cut at the 1 MiB cap
// and then blamed on the server ("not valid JSON: unexpected EOF … a broken
// or truncated body … retry"). It is reported as too large, with the cap
// and the size seen, and the too-large diagnosis; valid JSON or garbage.
func TestToken_AnswerTooLarge(t *testing.T) {
	for name, body := range map[string]string{
		"valid JSON": `{"access_token":"tok-secret-value","token_type":"Bearer","pad":"` +
			strings.Repeat("x", 2<<20) + `"}`,
		"garbage": strings.Repeat("\x00garbage", 2<<20/8),
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, body)
			}))
			defer srv.Close()
			r := runCLI(t, nil, "", "token", "--token-url", srv.URL, "--client-id", "cli", "--auth", "none")
			want := fmt.Sprintf("oauthlens: the token response is too large (%d bytes, limit 1048576)", len(body))
			if r.code != exitFailed || !strings.HasPrefix(r.stderr, want+"\n") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and first line %q", r.code, r.stderr, want)
			}
			for _, bad := range []string{"not valid JSON", "truncated", "retry", "token.invalid_json"} {
				if strings.Contains(r.stderr, bad) {
					t.Errorf("stderr says %q: oauthlens cut the answer, the server did not\n%s", bad, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "tok-secret-value") {
				t.Errorf("the access_token of the cut answer is shown\n%s", r.stderr)
			}
			if !strings.Contains(r.stderr, "(token.too_large)") || r.stdout != "" {
				t.Errorf("want the token.too_large diagnosis and nothing on stdout; got stdout %q\n%s", r.stdout, r.stderr)
			}
		})
	}
}
