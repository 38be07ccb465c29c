package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

var demoKeyEnv = []string{"DEMO_KEY=" + demo.JWTClientKeyPEM, "JWT_SECRET=" + demo.JWTClientSecret}

func TestToken_PrivateKeyJWTAndClientSecretJWT(t *testing.T) {
	iss := startDemo(t, demo.DefaultClients()[1:]...)
	base := []string{"token", "--issuer", iss, "--client-id", demo.JWTClientID}
	for name, extra := range map[string][]string{
		"pkjwt":        {"--auth", "private_key_jwt", "--key", "env:DEMO_KEY"},
		"pkjwt issuer": {"--auth", "private_key_jwt", "--key", "env:DEMO_KEY", "--assertion-aud", "issuer"},
		"csjwt":        {"--auth", "client_secret_jwt", "--client-secret", "env:JWT_SECRET"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, demoKeyEnv, "", append(base, extra...)...)
			wantCode(t, r, 0)
			if !strings.HasPrefix(r.stdout, "eyJ") {
				t.Errorf("stdout: got %q, want the token", r.stdout)
			}
		})
	}
}

func TestToken_KeyUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"literal key": {"--auth", "private_key_jwt", "--key", "-----BEGIN PRIVATE KEY-----"},
		"bad aud":     {"--auth", "private_key_jwt", "--key", "env:DEMO_KEY", "--assertion-aud", "api"},
		"bad auth":    {"--auth", "mtls_magic"},
	} {
		r := runCLI(t, demoKeyEnv, "", append([]string{"token", "--token-url", "http://127.0.0.1:1/token",
			"--client-id", "c"}, args...)...)
		if r.code != 2 {
			t.Errorf("%s: exit %d, want 2\n%s", name, r.code, r.stderr)
		}
	}
	r := runCLI(t, []string{"BAD=not a key"}, "", "token", "--token-url", "http://127.0.0.1:1/token",
		"--client-id", "c", "--auth", "private_key_jwt", "--key", "env:BAD")
	if r.code == 0 || !strings.Contains(r.stderr, "no PEM private key") || strings.Contains(r.stderr, "not a key") {
		t.Errorf("a key that does not parse: exit %d\n%s", r.code, r.stderr)
	}
}

// TestKeysNew_RegisterAndToken is the new user's path: make a key, register
// its public half, get a token with it through the saved profile.
func TestKeysNew_RegisterAndToken(t *testing.T) {
	iss := startDemo(t)
	cfg := t.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + cfg}
	r := runCLI(t, env, "", "keys", "new", "--alg", "EdDSA", "--name", "svc-key", "--json")
	wantCode(t, r, 0)
	var out struct {
		Alg, KID, Key string
		JWKS          map[string]any
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(out.Key, "file:")
	pemBytes, err := os.ReadFile(path)
	if err != nil || out.Alg != "EdDSA" || !strings.HasPrefix(out.Key, "file:") {
		t.Fatalf("got %+v, %v", out, err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
	if strings.Contains(r.stdout+r.stderr, strings.Split(string(pemBytes), "\n")[1]) {
		t.Errorf("keys new printed the private key:\n%s", r.stdout+r.stderr)
	}
	r = runCLI(
		t,
		env,
		"",
		"register",
		"--issuer",
		iss,
		"--name",
		"svc",
		"--jwks-from",
		out.Key,
		"--save-profile",
		"svc",
	)
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "Token test: OK") || strings.Contains(r.stderr, "no client_secret") ||
		!strings.Contains(r.stdout, "(private key: file "+path+")") {
		t.Errorf("register:\n%s\n%s", r.stdout, r.stderr)
	}
	prof, _ := os.ReadFile(filepath.Join(cfg, "oauthlens", "profiles", "svc.yaml"))
	if !strings.Contains(string(prof), "key: "+out.Key) ||
		!strings.Contains(string(prof), "auth_method: private_key_jwt") {
		t.Errorf("profile:\n%s", prof)
	}
	r = runCLI(t, env, "", "token", "-p", "svc")
	wantCode(t, r, 0)
}

func TestKeysNew_PrintStoresNothing(t *testing.T) {
	cfg := t.TempDir()
	r := runCLI(t, []string{"XDG_CONFIG_HOME=" + cfg}, "", "keys", "new", "--store", "print", "--alg", "RS256")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "BEGIN PRIVATE KEY") || !strings.Contains(r.stdout, `"kty": "RSA"`) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(cfg, "oauthlens", "secrets")); err == nil {
		t.Errorf("--store print stored something")
	}
	if r := runCLI(t, nil, "", "keys", "new", "--alg", "HS256"); r.code != 2 {
		t.Errorf("--alg HS256: exit %d, want 2", r.code)
	}
}
