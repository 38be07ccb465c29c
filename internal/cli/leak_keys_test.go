package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// jwtRE finds compact JWTs in output.
var jwtRE = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

// leakedAssertions are the JWTs in out that oauthlens signed for client id
// (client assertions, JWT-bearer assertions, DPoP proofs): none may show.
func leakedAssertions(out, id string) []string {
	var bad []string
	for _, raw := range jwtRE.FindAllString(out, -1) {
		d, err := flows.DecodeJWT(raw)
		if err != nil {
			continue
		}
		if d.Claims["iss"] == id || d.Claims["htm"] != nil {
			bad = append(bad, raw)
		}
	}
	return bad
}

// keyForms are the lines of a PEM key that must never show.
func keyForms(pemText string) []string {
	var out []string
	for _, s := range flows.PrivateKeySecrets(pemText) {
		out = append(out, s.Value)
	}
	return out
}

// TestNoSecretLeaks_KeysAndAssertions runs the commands that sign with a
// private key against servers that echo the whole request, and looks for
// the key (every PEM line) and the signed assertions in everything printed.
func TestNoSecretLeaks_KeysAndAssertions(t *testing.T) {
	key, pemBytes, err := flows.GenerateSigningKey("ES256")
	if err != nil {
		t.Fatal(err)
	}
	_ = key
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key.pem")
	os.WriteFile(keyFile, pemBytes, 0o600)
	const secret = "Cl1ent+Secret/with=chars-for-hs256"
	env := []string{"S=" + secret, "KEY=" + string(pemBytes)}
	forms := append(keyForms(string(pemBytes)), secret)
	for _, mode := range []string{"ok", "json", "text", "html"} {
		iss := echoServer(t, mode)
		pk := []string{"--issuer", iss, "--client-id", "cid", "--auth", "private_key_jwt"}
		runs := map[string][]string{
			"token pkjwt env":  append([]string{"token", "-v", "--curl", "--key", "env:KEY"}, pk...),
			"token pkjwt file": append([]string{"token", "-v", "--json", "--key", "file:" + keyFile}, pk...),
			"token csjwt": {"token", "-v", "--curl", "--issuer", iss, "--client-id", "cid", "--auth",
				"client_secret_jwt", "--client-secret", "env:S"},
			"call pkjwt": append([]string{"call", "-v", "--key", "env:KEY", iss + "/api"}, pk...),
			"token dpop": {"token", "-v", "--curl", "--dpop", "--issuer", iss, "--client-id", "cid",
				"--client-secret", "env:S"},
			"call dpop": {"call", "-v", "--dpop", "--issuer", iss, "--client-id", "cid", "--client-secret", "env:S",
				iss + "/api"},
			"doctor dpop": {
				"doctor",
				"-v",
				"--dpop",
				"--issuer",
				iss,
				"--client-id",
				"cid",
				"--client-secret",
				"env:S",
			},
			"jwt bearer": append(
				[]string{"token", "-v", "--curl", "--grant", "jwt_bearer", "--key", "env:KEY"},
				pk...),
			"doctor pkjwt": append([]string{"doctor", "-v", "--key", "env:KEY"}, pk...),
			"introspect":   append([]string{"introspect", "-v", "--key", "env:KEY", "tok-0123456789"}, pk...),
			"register": {"register", "-v", "--issuer", iss, "--name", "x", "--jwks-from", "env:KEY",
				"--store-secret", "print"},
		}
		for name, args := range runs {
			r := runCLI(t, env, "", args...)
			out := r.stdout + r.stderr
			for _, f := range forms {
				if strings.Contains(out, f) {
					t.Errorf("%s %s shows a secret form %q:\n%s", mode, name, f, out)
				}
			}
			if bad := leakedAssertions(out, "cid"); len(bad) > 0 {
				t.Errorf("%s %s shows signed assertions %q:\n%s", mode, name, bad, out)
			}
		}
	}
}
