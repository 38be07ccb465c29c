package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/bundle"
	"github.com/oauthlens/oauthlens/har"
)

// TestBundle_EchoServer_NoSecretInAnyFile makes a support bundle of doctor
// runs against servers that echo the whole request (and a proxy variable
// with a password), and scans every file of it for every form of every
// secret.
func TestBundle_EchoServer_NoSecretInAnyFile(t *testing.T) {
	const secret = "Cl1ent+Secret/with=chars"
	const apiKey = "api-key-0123456789abcdef"
	const proxyPass = "proxy-pass-0123456789"
	env := []string{"S=" + secret, "K=" + apiKey, "ALL_PROXY=socks5://me:" + proxyPass + "@proxy.example:1080"}
	forms := append(secretForms("cid", secret), apiKey, proxyPass)
	for _, mode := range []string{"ok", "json", "text", "html"} {
		iss := echoServer(t, mode)
		path := filepath.Join(t.TempDir(), "bundle.tar.gz")
		r := runCLI(t, env, "", "doctor", "--issuer", iss, "--client-id", "cid", "--client-secret", "env:S",
			"-H", "X-Api-Key: env:K", iss+"/api", "--bundle", path)
		files := readBundle(t, path)
		for name, data := range files {
			for _, f := range forms {
				if strings.Contains(string(data), f) {
					t.Errorf("%s: %s holds the secret form %q", mode, name, f)
				}
			}
		}
		for _, want := range []string{"will hold:", bundle.FileHAR, bundle.FileEnvText, "no secret inside", path} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr does not say %q:\n%s", mode, want, r.stderr)
			}
		}
		if !strings.Contains(string(files[bundle.FileProfile]), "env:S") {
			t.Errorf("%s: the profile lost its reference:\n%s", mode, files[bundle.FileProfile])
		}
		envText := string(files[bundle.FileEnvText])
		if !strings.Contains(envText, "ALL_PROXY → proxy.example:1080") || !strings.Contains(envText, "127.0.0.1") {
			t.Errorf("%s: environment.txt misses the proxy host or the DNS answer:\n%s", mode, envText)
		}
		if mode != "ok" && !strings.Contains(string(files[bundle.FileDoctorText]), "✗") {
			t.Errorf("%s: doctor.txt shows no failure:\n%s", mode, files[bundle.FileDoctorText])
		}
		exs, err := har.Parse(files[bundle.FileHAR])
		if err != nil || len(exs) < 2 {
			t.Errorf("%s: the HAR in the bundle reads as %d exchanges (%v)", mode, len(exs), err)
		}
	}
}

func TestBundle_LiteralSecretIsRemovedFromTheProfile(t *testing.T) {
	const literal = "literal-secret-on-the-command-line"
	iss := echoServer(t, "json")
	path := filepath.Join(t.TempDir(), "b.tar.gz")
	runCLI(t, nil, "", "doctor", "--issuer", iss, "--client-id", "cid", "--client-secret", literal, "--bundle", path)
	for name, data := range readBundle(t, path) {
		if strings.Contains(string(data), literal) {
			t.Errorf("%s holds the literal secret", name)
		}
	}
}

func readBundle(t *testing.T, path string) map[string][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no bundle: %v", err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("bundle mode %v, want 0600", st.Mode().Perm())
	}
	files, err := bundle.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{bundle.FileDoctorJSON, bundle.FileDoctorText, bundle.FileHAR, bundle.FileProfile,
		bundle.FileEnvJSON, bundle.FileEnvText, bundle.FileReadme} {
		if _, ok := files[n]; !ok {
			t.Errorf("the bundle has no %s", n)
		}
	}
	return files
}
