package cli

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

func TestToken_TokenExchangeDelegationAndJWTBearer(t *testing.T) {
	iss := startDemo(t)
	subject := runCLI(t, demoSecretEnv, "", tokenArgs(iss)...)
	wantCode(t, subject, 0)
	actor := runCLI(t, demoKeyEnv, "", "token", "--issuer", iss, "--client-id", demo.JWTClientID,
		"--auth", "private_key_jwt", "--key", "env:DEMO_KEY")
	wantCode(t, actor, 0)
	env := append([]string{"SUBJ=" + strings.TrimSpace(subject.stdout), "ACT=" + strings.TrimSpace(actor.stdout)},
		demoKeyEnv...)
	r := runCLI(t, env, "", "token", "-v", "--issuer", iss, "--client-id", demo.PublicClientID, "--auth", "none",
		"--grant", "token_exchange", "--subject-token", "env:SUBJ", "--subject-token-type", "access_token",
		"--actor-token", "env:ACT", "--actor-token-type", "access_token", "--scope", "api:read")
	wantCode(t, r, 0)
	if !strings.Contains(r.stderr, `delegation: sub demo-client acting through act`) ||
		!strings.Contains(r.stderr, demo.JWTClientID) {
		t.Errorf("stderr does not show the delegation:\n%s", r.stderr)
	}
	for _, tok := range []string{strings.TrimSpace(subject.stdout), strings.TrimSpace(actor.stdout)} {
		if strings.Contains(r.stderr, tok) {
			t.Errorf("-v shows the subject or actor token")
		}
	}
	r = runCLI(t, env, "", "token", "--issuer", iss, "--client-id", demo.JWTClientID, "--auth", "private_key_jwt",
		"--key", "env:DEMO_KEY", "--grant", "jwt_bearer", "--assertion-subject", "alice")
	wantCode(t, r, 0)
	r = runCLI(t, nil, "", "token", "--issuer", iss, "--client-id", "c", "--auth", "none", "--grant", "password")
	if r.code != 2 || !strings.Contains(r.stderr, "jwt_bearer") {
		t.Errorf("--grant password: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, nil, "", "token", "--issuer", iss, "--client-id", "c", "--auth", "none", "--grant", "token_exchange")
	if r.code != 2 || !strings.Contains(r.stderr, "--subject-token") {
		t.Errorf("no subject token: exit %d\n%s", r.code, r.stderr)
	}
}
