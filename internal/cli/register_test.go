package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// watchedDemo is the demo server behind httptest. When a token request
// arrives it looks, before answering, at the secret file the run must
// already have written, and records whether it held the secret that the
// request uses: the proof that the secret is stored before the next
// request is made.
type watchedDemo struct {
	*httptest.Server
	demo       *demo.Server
	secretFile string        // where the secret must be when a token request arrives
	arrived    chan struct{} // receives one value per token request, when set
	release    chan struct{} // token requests wait for it to close, when set

	mu     sync.Mutex
	checks []string // "stored" or "not stored: …", one per token request
}

func startWatchedDemo(t *testing.T, secretFile string, opts ...func(*watchedDemo)) *watchedDemo {
	t.Helper()
	w := &watchedDemo{demo: demo.New(demo.Config{}), secretFile: secretFile}
	for _, o := range opts {
		o(w) // before the server starts, so its handlers see the fields set
	}
	h := w.demo.Handler()
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.checkSecretFile(r)
			if w.arrived != nil {
				w.arrived <- struct{}{}
				<-w.release
			}
		}
		h.ServeHTTP(rw, r)
	}))
	t.Cleanup(w.Close)
	return w
}

// checkSecretFile compares the secret of a token request with the file.
func (w *watchedDemo) checkSecretFile(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	secret := form.Get("client_secret")
	if _, s, ok := r.BasicAuth(); ok {
		secret, _ = url.QueryUnescape(s)
	}
	stored, err := os.ReadFile(w.secretFile)
	check := "stored"
	if err != nil || strings.TrimSpace(string(stored)) != secret || secret == "" {
		check = "not stored when the token request arrived"
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.checks = append(w.checks, check)
}

func (w *watchedDemo) tokenChecks() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.checks...)
}

// secretsFile is where --store-secret file puts the secret called name.
func secretsFile(home, name string) string {
	return filepath.Join(home, "oauthlens", "secrets", name)
}

// writeVendorProfile saves a profile whose client_creation template is the
// demo's WorkfloPlus-style admin API.
func writeVendorProfile(t *testing.T, home, name, base string) {
	t.Helper()
	dir := filepath.Join(home, "oauthlens", "profiles")
	yaml := `issuer: ` + base + `
auth_method: client_secret_post
scopes: [api:read]
client_creation:
  url: ` + base + `/api/client/
  bearer_token: env:DEMO_ADMIN_TOKEN
  body: '{"name": "{{name}}", "scopes": {{scopes}}, "permissions": {{permissions}}}'
  client_id_path: client.clientId
  client_secret_path: newSecret
  permissions: [admin]
`
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
}

var adminEnv = []string{"DEMO_ADMIN_TOKEN=" + demo.AdminToken}

// checkCreated checks a run that created client "app" with --save-profile
// app: the secret was stored before the token test, the profile works,
// and -v showed no secret.
func checkCreated(t *testing.T, home string, w *watchedDemo, r result) {
	t.Helper()
	wantCode(t, r, 0)
	if got := w.tokenChecks(); len(got) != 1 || got[0] != "stored" {
		t.Fatalf("token requests saw the secret file as %v, want [stored]", got)
	}
	secret, err := os.ReadFile(secretsFile(home, "app"))
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(secretsFile(home, "app")); info.Mode().Perm() != 0o600 {
		t.Errorf("secret file mode %04o, want 0600", info.Mode().Perm())
	}
	stored := strings.Index(r.stdout, "stored in file "+secretsFile(home, "app"))
	tested := strings.Index(r.stdout, "Token test: OK")
	if stored < 0 || tested < stored || !strings.Contains(r.stdout, "Saved profile app") {
		t.Errorf("stdout does not say where the secret went, then the token test, then the profile:\n%s", r.stdout)
	}
	if s := strings.TrimSpace(string(secret)); strings.Contains(r.stdout+r.stderr, s) {
		t.Errorf("the stored secret is shown:\n%s\n%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "── token") || !strings.Contains(r.stderr, "••••••••") {
		t.Errorf("-v did not show the masked exchanges:\n%s", r.stderr)
	}
	wantCode(t, runIn(t, home, nil, "token", "-p", "app"), 0)
}

func TestRegister_RFC7591_StoresTheSecretBeforeTheTokenTest(t *testing.T) {
	home := t.TempDir()
	w := startWatchedDemo(t, secretsFile(home, "app"))
	r := runIn(
		t,
		home,
		nil,
		"register",
		"--issuer",
		w.URL,
		"--name",
		"my app",
		"--scope",
		"api:read",
		"--save-profile",
		"app",
		"-v",
	)
	checkCreated(t, home, w, r)
	regTok, err := os.ReadFile(secretsFile(home, "app-registration-token"))
	if err != nil || strings.Contains(r.stderr, strings.TrimSpace(string(regTok))) {
		t.Errorf("registration access token: %v, or shown in -v output", err)
	}
}

func TestRegister_Vendor_StoresTheSecretBeforeTheTokenTest(t *testing.T) {
	home := t.TempDir()
	w := startWatchedDemo(t, secretsFile(home, "app"))
	writeVendorProfile(t, home, "wfp", w.URL)
	r := runIn(t, home, adminEnv, "register", "-p", "wfp", "--name", "scheduler", "--save-profile", "app", "-v")
	checkCreated(t, home, w, r)
	if !strings.Contains(r.stderr, `"newSecret":"••••••••"`) {
		t.Errorf("-v does not show the masked answer:\n%s", r.stderr)
	}
}

func TestRegister_KilledAfterTheAnswerKeepsTheSecret(t *testing.T) {
	home := t.TempDir()
	w := startWatchedDemo(t, secretsFile(home, "app"), func(w *watchedDemo) {
		w.arrived, w.release = make(chan struct{}, 1), make(chan struct{})
	})
	t.Cleanup(func() { close(w.release) })
	cmd := exec.Command(binary, "register", "--issuer", w.URL, "--name", "app", "--save-profile", "app")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+home)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-w.arrived // the token test has begun: kill the program right there
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if got := w.tokenChecks(); len(got) != 1 || got[0] != "stored" {
		t.Fatalf("token request saw the secret file as %v, want [stored]", got)
	}
	if !strings.Contains(out.String(), "stored in file "+secretsFile(home, "app")) {
		t.Errorf("before it was killed, the run did not say where the secret is:\n%s", out.String())
	}
}
