package cli

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// A client id that is the URL of the demo's client metadata document gets
// a token by the authorization code grant, and the walk names the path.
func TestToken_AuthorizationCodeWithAClientMetadataDocument(t *testing.T) {
	iss := startDemo(t)
	loginWhenOpened(t, fakeBrowser(t))
	r := runCLI(t, nil, "", "token", "--issuer", iss, "--client-id", iss+demo.ClientMetadataDocumentPath,
		"--auth", "none", "--grant", "authorization_code", "--scope", "openid api:read")
	wantCode(t, r, 0)
	if tok := strings.TrimSpace(r.stdout); strings.Count(tok, ".") != 2 {
		t.Fatalf("stdout %q; stderr:\n%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "client registration: CIMD") {
		t.Errorf("stderr does not name the path:\n%s", r.stderr)
	}
	loginWhenOpened(t, fakeBrowser(t))
	r = runCLI(t, demoSecretEnv, "", tokenArgs(iss, "--grant", "authorization_code", "--scope", "openid")...)
	wantCode(t, r, 0)
	if !strings.Contains(r.stderr, "client registration: pre-registered") {
		t.Errorf("stderr does not name the path:\n%s", r.stderr)
	}
}
