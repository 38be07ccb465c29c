package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// binary is the oauthlens binary built once for the CLI tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "oauthlens-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "oauthlens")
	build := exec.Command("go", "build", "-o", binary, "github.com/oauthlens/oauthlens")
	if out, err := build.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the command line in this process with args, extra
// environment (NAME=value, restored afterwards) and stdin, with
// XDG_CONFIG_HOME set to a new temporary directory unless env sets it.
func runCLI(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	restore := setenv(append([]string{"XDG_CONFIG_HOME=" + t.TempDir(), "XDG_CACHE_HOME=" + t.TempDir()}, env...))
	defer restore()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return result{out.String(), errb.String(), code}
}

// setenv sets the NAME=value pairs and returns a function that puts the
// environment back as it was. Tests that use it must not run in parallel.
func setenv(env []string) func() {
	var undo []func()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		old, had := os.LookupEnv(k)
		os.Setenv(k, v)
		undo = append(undo, func() {
			if had {
				os.Setenv(k, old)
			} else {
				os.Unsetenv(k)
			}
		})
	}
	return func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
}

// runBinary runs the built binary with args, extra environment and stdin.
func runBinary(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir()), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// startDemo starts the demo server on a free loopback port.
func startDemo(t *testing.T, clients ...demo.Client) string {
	t.Helper()
	cfg := demo.Config{}
	if len(clients) > 0 {
		cfg.Clients = append([]demo.Client{demo.DefaultClient}, clients...)
	}
	srv, err := demo.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.Issuer()
}

var demoSecretEnv = []string{"DEMO_SECRET=" + demo.ClientSecret}

func tokenArgs(iss string, extra ...string) []string {
	return append(
		[]string{"token", "--issuer", iss, "--client-id", demo.ClientID, "--client-secret", "env:DEMO_SECRET"},
		extra...)
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
}

func TestToken_PrintsTheAccessTokenAlone(t *testing.T) {
	iss := startDemo(t)
	r := runBinary(t, demoSecretEnv, "", tokenArgs(iss)...)
	wantCode(t, r, 0)
	tok := strings.TrimSpace(r.stdout)
	if strings.Count(tok, ".") != 2 || strings.ContainsAny(tok, " \n{") {
		t.Fatalf("stdout is not a bare JWT: %q", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("got stderr %q, want nothing", r.stderr)
	}
}

func TestToken_JSON(t *testing.T) {
	iss := startDemo(t)
	r := runCLI(t, demoSecretEnv, "", tokenArgs(iss, "--json", "--auth", "post", "--scope", "api:read")...)
	wantCode(t, r, 0)
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	for _, k := range []string{"access_token", "token_type", "expires_in", "expires_at", "scope"} {
		if _, ok := got[k]; !ok {
			t.Errorf("--json has no %q: %v", k, got)
		}
	}
	if got["scope"] != "api:read" {
		t.Errorf("got scope %v, want api:read", got["scope"])
	}
}

func TestToken_SecretNeverInVerboseCurlOrErrors(t *testing.T) {
	const secret = "Sup3r-Secret-Value"
	iss := startDemo(t, demo.Client{ID: "c2", Secret: secret, Scopes: demo.DefaultScopes})
	env := []string{"S=" + secret, "WRONG=" + secret + "-wrong"}
	for _, auth := range []string{"basic", "post"} {
		ok := runCLI(
			t,
			env,
			"",
			"token",
			"--issuer",
			iss,
			"--client-id",
			"c2",
			"--client-secret",
			"env:S",
			"--auth",
			auth,
			"-v",
			"--curl",
		)
		wantCode(t, ok, 0)
		bad := runCLI(
			t,
			env,
			"",
			"token",
			"--issuer",
			iss,
			"--client-id",
			"c2",
			"--client-secret",
			"env:WRONG",
			"--auth",
			auth,
			"-v",
			"--curl",
		)
		wantCode(t, bad, 1)
		token := strings.TrimSpace(ok.stdout)
		for name, text := range map[string]string{"-v/--curl (ok)": ok.stderr, "-v/--curl/error (wrong secret)": bad.stderr} {
			if strings.Contains(text, secret) {
				t.Errorf("%s with %s auth shows the secret:\n%s", name, auth, text)
			}
			if strings.Contains(text, token) || strings.Contains(text, token[len(token)-20:]) {
				t.Errorf("%s with %s auth shows the access token", name, auth)
			}
		}
		if !strings.Contains(ok.stderr, "$CLIENT_SECRET") && !strings.Contains(ok.stderr, "$BASIC_CREDENTIALS") {
			t.Errorf("--curl with %s auth has no secret placeholder:\n%s", auth, ok.stderr)
		}
	}
}

func TestToken_SpecialCharacterSecretWithBasic(t *testing.T) {
	const secret = "p:a+s/s%w rd"
	iss := startDemo(t, demo.Client{ID: "odd", Secret: secret, Scopes: demo.DefaultScopes})
	r := runCLI(
		t,
		[]string{"ODD=" + secret},
		"",
		"token",
		"--issuer",
		iss,
		"--client-id",
		"odd",
		"--client-secret",
		"env:ODD",
		"--auth",
		"basic",
	)
	wantCode(t, r, 0)
}

func TestToken_WrongSecretIsOneClearLineThenTheDiagnosis(t *testing.T) {
	iss := startDemo(t)
	r := runCLI(
		t,
		[]string{"BAD=nope"},
		"",
		"token",
		"--issuer",
		iss,
		"--client-id",
		demo.ClientID,
		"--client-secret",
		"env:BAD",
	)
	wantCode(t, r, 1)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "oauthlens: ") || !strings.Contains(r.stderr, "Likely causes:") {
		t.Fatalf("want one error line, then the diagnosis; got:\n%s", r.stderr)
	}
	for _, want := range []string{"token", "401", "invalid_client"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("error line %q does not name %q", lines[0], want)
		}
	}
}

func TestToken_InvalidScope(t *testing.T) {
	iss := startDemo(t)
	r := runCLI(t, demoSecretEnv, "", tokenArgs(iss, "--scope", "api:admin")...)
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "invalid_scope") || !strings.Contains(r.stderr, "400") {
		t.Errorf("got %q, want the status and invalid_scope", r.stderr)
	}
}

func TestToken_SecretReferences(t *testing.T) {
	iss := startDemo(t)
	file := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(file, []byte(demo.ClientSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, ref, stdin string
		code             int
		stderr           string
	}{
		{"env", "env:DEMO_SECRET", "", 0, ""},
		{"file", "file:" + file, "", 0, ""},
		{"cmd", "cmd:printf " + demo.ClientSecret, "", 0, ""},
		{"stdin", "-", demo.ClientSecret + "\n", 0, ""},
		{"literal warns", demo.ClientSecret, "", 0, "not a reference"},
		{"missing env", "env:NOT_SET_ANYWHERE", "", 2, "NOT_SET_ANYWHERE"},
		{"missing file", "file:/nonexistent/secret", "", 2, "/nonexistent/secret"},
		{"failing cmd", "cmd:false", "", 2, "cmd:false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(
				t,
				demoSecretEnv,
				c.stdin,
				"token",
				"--issuer",
				iss,
				"--client-id",
				demo.ClientID,
				"--client-secret",
				c.ref,
			)
			wantCode(t, r, c.code)
			if !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("stderr %q does not mention %q", r.stderr, c.stderr)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	iss := startDemo(t)
	for name, args := range map[string][]string{
		"unknown command":  {"frobnicate"},
		"no client id":     {"token", "--issuer", iss, "--client-secret", "env:DEMO_SECRET"},
		"no endpoint":      {"token", "--client-id", "x", "--client-secret", "env:DEMO_SECRET"},
		"bad auth":         {"token", "--issuer", iss, "--client-id", "x", "--client-secret", "env:DEMO_SECRET", "--auth", "jwt"},
		"unknown flag":     {"token", "--frob"},
		"discover no args": {"discover"},
		"bad param":        {"token", "--issuer", iss, "--client-id", "x", "--client-secret", "env:DEMO_SECRET", "--param", "novalue"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runBinary(t, demoSecretEnv, "", args...) // the real exit codes
			in := runCLI(t, demoSecretEnv, "", args...)
			wantCode(t, in, 2)
			wantCode(t, r, 2)
			if r.stderr == "" || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("got stderr %q, want a clear message", r.stderr)
			}
		})
	}
}

func TestToken_WarnsAboutAnExpiredTokenButStillPrintsIt(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{"expired-token"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r := runCLI(t, demoSecretEnv, "", tokenArgs(srv.Issuer())...)
	wantCode(t, r, 0)
	if strings.Count(strings.TrimSpace(r.stdout), ".") != 2 {
		t.Errorf("stdout is not the token alone: %q", r.stdout)
	}
	if !strings.Contains(r.stderr, "token.already_expired") {
		t.Errorf("got stderr %q, want a token.already_expired warning", r.stderr)
	}
	clean := runCLI(t, demoSecretEnv, "", tokenArgs(startDemo(t))...)
	if clean.stderr != "" {
		t.Errorf("a healthy token gets warnings: %q", clean.stderr)
	}
}
