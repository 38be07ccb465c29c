package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// startDemoServer starts the demo and returns it, for its options.
func startDemoServer(t *testing.T) *demo.Server {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// printedSecret returns the value on the "client_secret" line of stdout.
func printedSecret(t *testing.T, stdout string) string {
	t.Helper()
	for _, line := range strings.Split(stdout, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "client_secret" {
			return f[1]
		}
	}
	t.Fatalf("no client_secret line in:\n%s", stdout)
	return ""
}

func TestRegister_AdminTokenRefusedIsExplained(t *testing.T) {
	home := t.TempDir()
	iss := startDemo(t)
	writeVendorProfile(t, home, "wfp", iss)
	cases := []struct {
		token string
		code  int
		says  []string
	}{
		{"wrong-token", 1, []string{"401", "wrong or expired", "--admin-token"}},
		{demo.UserToken, 1, []string{"403", "may not create clients"}},
	}
	for _, c := range cases {
		r := runIn(
			t,
			home,
			[]string{"ADMIN=" + c.token},
			"register",
			"-p",
			"wfp",
			"--name",
			"x",
			"--admin-token",
			"env:ADMIN",
		)
		wantCode(t, r, c.code)
		for _, s := range c.says {
			if !strings.Contains(r.stderr, s) {
				t.Errorf("token %s: stderr does not say %q:\n%s", c.token, s, r.stderr)
			}
		}
		if strings.Contains(r.stderr, c.token) {
			t.Errorf("the admin token is shown: %s", r.stderr)
		}
	}
	wantCode(t, runIn(t, home, nil, "register", "-p", "wfp", "--name", "x"), 2) // DEMO_ADMIN_TOKEN not set
	if _, err := os.Stat(filepath.Join(home, "oauthlens", "secrets")); err == nil {
		t.Error("a secret was stored although no client was created")
	}
}

func TestRegister_SecretStoreFailsShowsTheSecretOnce(t *testing.T) {
	home := t.TempDir()
	iss := startDemo(t)
	// A file where the secrets directory goes: storing fails, even as root.
	if err := os.MkdirAll(filepath.Join(home, "oauthlens"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "oauthlens", "secrets"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, home, nil, "register", "--issuer", iss, "--name", "app", "--save-profile", "app", "-v")
	wantCode(t, r, 1)
	secret := printedSecret(t, r.stdout)
	if n := strings.Count(r.stdout+r.stderr, secret); n != 1 {
		t.Errorf("the secret appears %d times, want once:\n%s\n%s", n, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "WARNING: client_secret could not be stored") ||
		!strings.Contains(r.stdout, "SHOWN ONCE") {
		t.Errorf("no loud warning:\n%s\n%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "Token test: OK") || !strings.Contains(r.stderr, "has no client_secret") {
		t.Errorf("the later steps did not run or say what is missing:\n%s\n%s", r.stdout, r.stderr)
	}
	var id string
	for _, line := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "client_id" {
			id = f[1]
		}
	}
	tok := runCLI(
		t,
		[]string{"S=" + secret},
		"",
		"token",
		"--issuer",
		iss,
		"--client-id",
		id,
		"--client-secret",
		"env:S",
	)
	wantCode(t, tok, 0) // the printed secret is the real one
}

func TestRegister_RegistrationErrorsSayWhatToDo(t *testing.T) {
	srv := startDemoServer(t)
	iss := srv.Issuer()
	srv.SetRegistrationOptions(demo.RegistrationOptions{RequireRedirectURIs: true})
	r := runCLI(t, nil, "", "register", "--issuer", iss, "--name", "app")
	wantCode(t, r, 1)
	if want := `--metadata '{"redirect_uris":["https://localhost/cb"]}'`; !strings.Contains(r.stderr, want) ||
		!strings.Contains(r.stderr, "invalid_redirect_uri") {
		t.Errorf("stderr does not name the field and say %s:\n%s", want, r.stderr)
	}
	wantCode(
		t,
		runCLI(
			t,
			nil,
			"",
			"register",
			"--issuer",
			iss,
			"--name",
			"app",
			"--metadata",
			`{"redirect_uris":["https://localhost/cb"]}`,
		),
		0,
	)

	srv.SetRegistrationOptions(demo.RegistrationOptions{InitialAccessToken: "iat-1"})
	r = runCLI(t, nil, "", "register", "--issuer", iss, "--name", "app")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "401") || !strings.Contains(r.stderr, "--initial-token") {
		t.Errorf("stderr does not explain the initial access token:\n%s", r.stderr)
	}
	r = runCLI(t, []string{"IAT=iat-2"}, "", "register", "--issuer", iss, "--name", "app", "--initial-token", "env:IAT")
	if wantCode(t, r, 1); !strings.Contains(r.stderr, "was refused") {
		t.Errorf("wrong initial token: %s", r.stderr)
	}
	wantCode(
		t,
		runCLI(
			t,
			[]string{"IAT=iat-1"},
			"",
			"register",
			"--issuer",
			iss,
			"--name",
			"app",
			"--initial-token",
			"env:IAT",
		),
		0,
	)

	r = runCLI(
		t,
		[]string{"IAT=iat-1"},
		"",
		"register",
		"--issuer",
		iss,
		"--name",
		"app",
		"--initial-token",
		"env:IAT",
		"--scope",
		"api:admin",
	)
	if wantCode(t, r, 1); !strings.Contains(r.stderr, "invalid_client_metadata") ||
		!strings.Contains(r.stderr, "api:admin") {
		t.Errorf("unknown scope: %s", r.stderr)
	}
}

func TestRegister_JSONLines(t *testing.T) {
	home := t.TempDir()
	iss := startDemo(t)
	r := runIn(t, home, nil, "register", "--issuer", iss, "--name", "app", "--save-profile", "app", "--json")
	wantCode(t, r, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var steps []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
		steps = append(steps, m)
	}
	if len(steps) != 3 || steps[0]["step"] != "client" || steps[1]["step"] != "token" || steps[2]["step"] != "profile" {
		t.Fatalf("got %s", r.stdout)
	}
	c := steps[0]
	if c["client_secret_ref"] != "file:"+secretsFile(home, "app") || c["client_secret"] != nil ||
		c["kind"] != "rfc7591" ||
		steps[1]["ok"] != true {
		t.Errorf("got %v", steps)
	}
	r = runCLI(
		t,
		nil,
		"",
		"register",
		"--issuer",
		iss,
		"--name",
		"p",
		"--store-secret",
		"print",
		"--json",
		"--test-token=false",
	)
	wantCode(t, r, 0)
	var p map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p["client_secret"] == nil || p["warnings"] == nil {
		t.Errorf("print: got %s (%v), want the secret and a warning", r.stdout, err)
	}
}

func TestRegister_ShowAndDelete(t *testing.T) {
	home := t.TempDir()
	iss := startDemo(t)
	r := runIn(
		t,
		home,
		nil,
		"register",
		"--issuer",
		iss,
		"--name",
		"app",
		"--save-profile",
		"app",
		"--json",
		"--test-token=false",
	)
	wantCode(t, r, 0)
	var c map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(r.stdout, "\n", 2)[0]), &c); err != nil {
		t.Fatal(err)
	}
	uri, ref := c["registration_client_uri"].(string), c["registration_access_token_ref"].(string)
	show := runIn(t, home, nil, "register", "show", uri, "--registration-token", ref, "-v")
	wantCode(t, show, 0)
	if !strings.Contains(show.stdout, c["client_id"].(string)) || !strings.Contains(show.stdout, "client_secret_ref") {
		t.Errorf("show:\n%s", show.stdout)
	}
	secret, _ := os.ReadFile(secretsFile(home, "app"))
	if strings.Contains(show.stdout+show.stderr, strings.TrimSpace(string(secret))) {
		t.Errorf("show prints the secret:\n%s", show.stdout)
	}
	wantCode(t, runIn(t, home, nil, "register", "delete", uri, "--registration-token", ref), 0)
	wantCode(t, runIn(t, home, nil, "token", "-p", "app"), 1)
	gone := runIn(t, home, nil, "register", "show", uri, "--registration-token", ref)
	if wantCode(t, gone, 1); !strings.Contains(gone.stderr, "registration access token was refused") {
		t.Errorf("show after delete: %s", gone.stderr)
	}
}

func TestRegister_VendorAnswerWithoutTheSecretPathIsKept(t *testing.T) {
	home := t.TempDir()
	iss := startDemo(t)
	writeVendorProfile(t, home, "wfp", iss)
	path := filepath.Join(home, "oauthlens", "profiles", "wfp.yaml")
	b, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), "client_secret_path: newSecret", "client_secret_path: secret", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, home, adminEnv, "register", "-p", "wfp", "--name", "x")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "client_secret_path") || !strings.Contains(r.stderr, "newSecret") {
		t.Errorf("stderr does not say the path is wrong and what the answer has:\n%s", r.stderr)
	}
	files, _ := filepath.Glob(filepath.Join(home, "oauthlens", "secrets", "*-answer"))
	if len(files) != 1 || !strings.Contains(r.stdout, "client_creation_answer") {
		t.Fatalf("the answer was not kept: %v\n%s", files, r.stdout)
	}
	if answer, _ := os.ReadFile(files[0]); !strings.Contains(string(answer), `"newSecret"`) {
		t.Errorf("the kept answer is %s", answer)
	}
}

func TestRegister_UsageErrors(t *testing.T) {
	home := t.TempDir()
	iss := startDemo(t)
	writeVendorProfile(t, home, "wfp", iss)
	for name, args := range map[string][]string{
		"no name":            {"register", "--issuer", iss},
		"nowhere":            {"register", "--name", "x"},
		"bad store":          {"register", "--issuer", iss, "--name", "x", "--store-secret", "vault"},
		"bad metadata":       {"register", "--issuer", iss, "--name", "x", "--metadata", "[1]"},
		"admin token 7591":   {"register", "--issuer", iss, "--name", "x", "--admin-token", "env:A"},
		"metadata vendor":    {"register", "-p", "wfp", "--name", "x", "--metadata", "{}"},
		"profile exists":     {"register", "--issuer", iss, "--name", "x", "--save-profile", "wfp"},
		"profile unsaveable": {"register", "--registration-url", iss + "/register", "--name", "x", "--save-profile", "n"},
		"bad auth":           {"register", "--issuer", iss, "--name", "x", "--auth", "jwt"},
		"show no token":      {"register", "show", iss + "/register/x"},
		"unknown subcommand": {"register", "frob", "x"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runIn(t, home, adminEnv, args...)
			wantCode(t, r, 2)
			if r.stderr == "" || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
				t.Errorf("got stderr %q, want one clear line", r.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(home, "oauthlens", "secrets")); err == nil {
		t.Error("a usage error still created a client")
	}
}
