package cli

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// TestCompletion_AuthGrantAndKeys: every auth method, every grant and the
// key flags' values are completed.
func TestCompletion_AuthGrantAndKeys(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "token", "--auth", ""}, append([]string{"tls", "self_signed_tls"},
			func() []string {
				var out []string
				for _, m := range flows.AuthMethods() {
					out = append(out, string(m))
				}
				return out
			}()...)},
		{[]string{"__complete", "token", "--grant", ""}, flows.GrantNames()},
		{[]string{"__complete", "token", "--assertion-aud", ""}, []string{"token", "issuer"}},
		{[]string{"__complete", "token", "--subject-token-type", ""}, []string{"access_token", "jwt"}},
		{[]string{"__complete", "keys", "new", "--alg", ""}, flows.SigningAlgs},
		{[]string{"__complete", "keys", "new", "--store", ""}, []string{"file", "keyring", "print"}},
	} {
		r := runCLI(t, nil, "", tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w+"\t") && !strings.Contains(r.stdout, w+"\n") {
				t.Errorf("%v: %q not offered:\n%s", tc.args, w, r.stdout)
			}
		}
	}
}
