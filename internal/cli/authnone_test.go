package cli

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// TestAuthNone_EndToEnd: the demo advertises none, registration accepts
// it (no secret issued), and a public client is refused the client
// credentials grant with the reason (RFC 6749 §4.4), no secret asked for.
func TestAuthNone_EndToEnd(t *testing.T) {
	iss := startDemo(t)
	r := runCLI(t, nil, "", "discover", iss)
	if !strings.Contains(r.stdout, "none") {
		t.Errorf("discover does not show none:\n%s", r.stdout)
	}
	r = runCLI(t, nil, "", "register", "--issuer", iss, "--name", "pub", "--auth", "none", "--json")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, `"token_endpoint_auth_method":"none"`) ||
		strings.Contains(r.stdout, "client_secret\":\"") {
		t.Errorf("register --auth none:\n%s", r.stdout)
	}
	r = runCLI(t, nil, "", "token", "--issuer", iss, "--client-id", demo.PublicClientID, "--auth", "none")
	if r.code != 1 || !strings.Contains(r.stderr, "public client") ||
		strings.Contains(r.stderr, "--client-secret is required") {
		t.Errorf("token --auth none: exit %d\n%s", r.code, r.stderr)
	}
}
