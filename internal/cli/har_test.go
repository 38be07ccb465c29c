package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/har"
)

// TestHAR_EveryNetworkCommand_NoSecret runs every network command with
// --har against servers that echo the whole request, reads each file back
// with the HAR reader, and looks for every form of every secret in it.
func TestHAR_EveryNetworkCommand_NoSecret(t *testing.T) {
	const secret = "Cl1ent+Secret/with=chars"
	const apiKey = "api-key-0123456789abcdef"
	const token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl"
	const admin = "admin-token-0123456789"
	env := []string{"S=" + secret, "K=" + apiKey, "T=" + token, "A=" + admin}
	forms := append(secretForms("cid", secret), apiKey, token, admin, "c2lnbmF0dXJlLXZhbHVl")
	dir := t.TempDir()
	for _, mode := range []string{"ok", "json", "html"} {
		iss := echoServer(t, mode)
		auth := []string{"--issuer", iss, "--client-id", "cid", "--client-secret", "env:S"}
		runs := map[string][]string{
			"token":      append([]string{"token"}, auth...),
			"token post": append([]string{"token", "--auth", "post"}, auth...),
			"call":       append([]string{"call", "-H", "X-Api-Key: env:K", iss + "/api"}, auth...),
			"doctor":     append([]string{"doctor", "-H", "X-Api-Key: env:K", iss + "/api"}, auth...),
			"introspect": append([]string{"introspect", "env:T"}, auth...),
			"revoke":     append([]string{"revoke", "env:T"}, auth...),
			"discover":   {"discover", iss},
			"decode":     {"decode", "--issuer", iss, token},
			"register": {"register", "--issuer", iss, "--name", "x", "--initial-token", "env:A",
				"--store-secret", "print"},
		}
		for name, args := range runs {
			path := filepath.Join(dir, mode+"-"+strings.ReplaceAll(name, " ", "-")+".har")
			r := runCLI(t, env, "", append(args, "--har", path)...)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%s %s: no HAR written (exit %d): %v\n%s", mode, name, r.code, err, r.stderr)
				continue
			}
			exs, err := har.Parse(data)
			if err != nil || len(exs) == 0 {
				t.Errorf("%s %s: the HAR reads back as %d exchanges, %v", mode, name, len(exs), err)
			}
			if !strings.Contains(r.stderr, "wrote ") || !strings.Contains(r.stderr, path) {
				t.Errorf("%s %s: stderr does not say where the HAR went:\n%s", mode, name, r.stderr)
			}
			for _, f := range forms {
				if strings.Contains(string(data), f) {
					t.Errorf("%s %s: the HAR holds the secret form %q", mode, name, f)
				}
			}
			if st, _ := os.Stat(path); st != nil && st.Mode().Perm() != 0o600 {
				t.Errorf("%s %s: mode %v, want 0600", mode, name, st.Mode().Perm())
			}
		}
	}
}

func TestHAR_UnwritableFileFailsASuccess(t *testing.T) {
	iss := echoServer(t, "ok")
	r := runCLI(t, []string{"S=secret-0123456789"}, "", "token", "--issuer", iss, "--client-id", "cid",
		"--client-secret", "env:S", "--har", filepath.Join(t.TempDir(), "no", "such", "dir", "x.har"))
	if r.code != exitFailed || !strings.Contains(r.stderr, "--har") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}
