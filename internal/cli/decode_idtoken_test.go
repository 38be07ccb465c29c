package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

func TestDecode_IDTokenChecks(t *testing.T) {
	srv := startDemoWith(t, demo.Config{DeviceInterval: 1})
	approveSoon(srv, true)
	r := runCLI(t, demoSecretEnv, "", tokenArgs(srv.Issuer(), "--grant", "device", "--scope", "openid api:read",
		"--json")...)
	wantCode(t, r, 0)
	var tok map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &tok); err != nil {
		t.Fatal(err)
	}
	id, _ := tok["id_token"].(string)
	env := []string{"ID=" + id}
	r = runCLI(t, env, "", "decode", "env:ID", "--issuer", srv.Issuer(), "--client-id", demo.ClientID)
	wantCode(t, r, 0)
	for _, want := range []string{"ID token checks (OIDC Core §3.1.3.7)", "pass signature", "pass iss",
		"pass aud", "pass azp", "pass exp", "skip nonce"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runCLI(t, env, "", "decode", "env:ID", "--issuer", srv.Issuer(), "--client-id", "someone-else",
		"--nonce", "n-0123456789", "--json")
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, `"check": "aud"`) || !strings.Contains(r.stdout, `"status": "fail"`) {
		t.Errorf("--json lacks the failed aud row:\n%s", r.stdout)
	}
}

func TestDiscover_FromAnAPIURL(t *testing.T) {
	iss := startDemo(t)
	r := runCLI(t, nil, "", "discover", iss+"/api/me")
	wantCode(t, r, 0)
	for _, want := range []string{"Protected resource metadata (RFC 9728)", "via WWW-Authenticate resource_metadata",
		"resource               " + iss + "/api", "Authorization server " + iss, "token_endpoint",
		"Client registration paths offered, preferred first: [CIMD RFC 7591 pre-registered]",
		"registration path used without a pre-registered client id: RFC 7591"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runCLI(t, nil, "", "discover", iss+"/api/me", "--json")
	wantCode(t, r, 0)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out["authorization_server"] == nil ||
		out["registration_path"] != "RFC 7591" {
		t.Errorf("--json: %v\n%s", err, r.stdout)
	}
}
