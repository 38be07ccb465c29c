package cli

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// TestDPoP_TokenAndCallWithNonce: --dpop against the demo that demands a
// nonce: the retry shows as its own exchange in -v, the token is bound,
// and the call sends a proof (retried with the API's nonce).
func TestDPoP_TokenAndCallWithNonce(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{string(demo.FaultDPoPNonce)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	r := runCLI(t, demoSecretEnv, "", tokenArgs(srv.Issuer(), "--dpop", "-v")...)
	wantCode(t, r, 0)
	for _, want := range []string{"token (DPoP nonce asked)", "use_dpop_nonce", "token (with DPoP nonce)",
		"DPoP-bound to this run's key", "decoded DPoP header"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	args := append(tokenArgs(srv.Issuer(), "--dpop", "-v", srv.Issuer()+"/api/me"), "")
	args[0] = "call"
	r = runCLI(t, demoSecretEnv, "", args[:len(args)-1]...)
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "Hello from the oauthlens demo API") ||
		!strings.Contains(r.stderr, "call (DPoP nonce)") {
		t.Errorf("call --dpop:\n%s\n%s", r.stdout, r.stderr)
	}
}
