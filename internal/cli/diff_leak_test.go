package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// devtoolsSecrets are the secrets the devtools HARs in har/testdata hold
// in the clear: codes in a URL, a form body and an error_description, a
// code_verifier, a Basic credential's secret, a custom secret header, a
// session cookie, the tokens of a JSON answer and a Bearer header.
var devtoolsSecrets = []string{
	"CODEAAAA1111", "CODEBBBB2222", "verifier-AAAA-0123456789", "verifier-BBBB-0123456789",
	"client-secret-AAAA", "client-secret-BBBB", "tenant-secret-AAAA", "tenant-secret-BBBB",
	"session-AAAA-123456", "session-BBBB-123456", "access-BBBB-0123456789", "refresh-BBBB-0123456789",
	"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sigBBBB",
}

// Two HARs a browser's devtools wrote hold every secret: oauthlens diff
// masks them all, in text (with --all) and in --json.
func TestDiff_DevtoolsHARsLeakNothing(t *testing.T) {
	a := filepath.Join("..", "..", "har", "testdata", "devtools_a.har")
	b := filepath.Join("..", "..", "har", "testdata", "devtools_b.har")
	for _, args := range [][]string{{"diff", a, b}, {"diff", "--all", a, b}, {"diff", "--json", a, b}} {
		r := runCLI(t, nil, "", args...)
		if r.code != exitFailed || !strings.Contains(r.stdout, "token") {
			t.Fatalf("%v: exit %d, want 1 with the token pair:\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
		for _, s := range devtoolsSecrets {
			if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
				t.Errorf("%v shows %q:\n%s", args, s, r.stdout)
			}
		}
	}
}
