package cli

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// The demo's resource-strict fault through the CLI: token, call and
// doctor find the API's resource metadata (RFC 9728) and the diagnosis
// names a resource that differs by a trailing slash, or none sent.
func TestResourceDiagnoses_DemoResourceStrict(t *testing.T) {
	iss := startDemoFaults(t, string(demo.FaultResourceStrict))
	auth := []string{"--issuer", iss, "--client-id", demo.ClientID, "--client-secret", "env:DEMO_SECRET"}
	for _, tc := range []struct {
		name string
		args []string
		want flows.Code
	}{
		{"token, trailing slash", append([]string{"token", "-v", "--resource", iss + "/api/"}, auth...),
			flows.CodeResourceTrailingSlash},
		{"call, none sent", append([]string{"call", "-v", iss + "/api/me"}, auth...), flows.CodeResourceNotSent},
		{"call, trailing slash", append([]string{"call", "--resource", iss + "/api/", iss + "/api/me"}, auth...),
			flows.CodeResourceTrailingSlash},
		{"doctor, none sent", append([]string{"doctor", iss + "/api/me"}, auth...), flows.CodeResourceNotSent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, demoSecretEnv, "", tc.args...)
			wantCode(t, r, exitFailed)
			if !strings.Contains(r.stderr+r.stdout, string(tc.want)) {
				t.Errorf("no %s in\nstdout: %s\nstderr: %s", tc.want, r.stdout, r.stderr)
			}
			if tc.args[1] == "-v" && !strings.Contains(r.stderr, "/.well-known/oauth-protected-resource/api") {
				t.Errorf("-v does not show the resource metadata exchange:\n%s", r.stderr)
			}
		})
	}
	// the resource exactly as the metadata says: a token, no diagnosis
	r := runCLI(t, demoSecretEnv, "", append([]string{"token", "--resource", iss + "/api"}, auth...)...)
	wantCode(t, r, exitOK)
}
