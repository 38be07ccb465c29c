package interop

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// cli is the oauthlens binary, built from the module root, run with a
// configuration directory of its own (profiles, stored secrets).
type cli struct {
	bin, home string
	issuer    string
}

// cliResult is one run of the binary.
type cliResult struct {
	stdout, stderr string
	code           int
}

// buildCLI builds the oauthlens binary into a temporary directory, or
// uses $OAUTHLENS_INTEROP_BIN. The binary is built without -race even when
// the tests have it: instrumented, every run takes about a second.
func buildCLI(t *testing.T, issuer string) *cli {
	t.Helper()
	dir := t.TempDir()
	c := &cli{bin: os.Getenv("OAUTHLENS_INTEROP_BIN"), home: filepath.Join(dir, "home"), issuer: issuer}
	if c.bin != "" {
		return c
	}
	c.bin = filepath.Join(dir, "oauthlens")
	start := time.Now()
	out, err := exec.CommandContext(t.Context(), "go", "build", "-o", c.bin, "..").CombinedOutput()
	if err != nil {
		t.Fatalf("go build -o %s ..: %v\n%s", c.bin, err, out)
	}
	t.Logf("built oauthlens in %s", time.Since(start).Round(time.Millisecond))
	return c
}

// run runs the binary with args and the extra environment (NAME=value),
// with HOME and XDG_CONFIG_HOME in a temporary directory.
func (c *cli) run(t *testing.T, env []string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+c.home, "XDG_CONFIG_HOME="+filepath.Join(c.home, ".config"), "NO_COLOR=1")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("oauthlens %s: %v", strings.Join(args, " "), err)
	}
	return cliResult{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

// want fails the test unless the run ended with code and, when code is
// not 0, printed exactly one "oauthlens: " line on stderr (the first one,
// any diagnosis after it indented) containing every one of parts.
func (r cliResult) want(t *testing.T, code int, parts ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code: got %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	if code == 0 {
		return
	}
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	for i, l := range lines {
		if (i == 0) != strings.HasPrefix(l, "oauthlens: ") || (i > 0 && l != "" && !strings.HasPrefix(l, " ")) {
			t.Errorf("stderr line %d: %q; want one \"oauthlens: \" line first, the rest indented\n%s", i+1, l, r.stderr)
		}
	}
	for _, p := range parts {
		if !strings.Contains(lines[0], p) {
			t.Errorf("stderr %q: want %q in it", lines[0], p)
		}
	}
}

// noSecret fails the test if a secret (or its Basic encoding) shows.
func (r cliResult) noSecret(t *testing.T, id, secret string) {
	t.Helper()
	basic := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	for _, s := range []string{secret, basic} {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Errorf("the output shows the secret %q:\nstdout: %s\nstderr: %s", s, r.stdout, r.stderr)
		}
	}
}

// jsonOf decodes the run's stdout as one JSON object.
func (r cliResult) jsonOf(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("stdout is not a JSON object (%v): %s", err, r.stdout)
	}
	return m
}

// clientFlags are the token flags for c, its secret in $SECRET.
func (c *cli) clientFlags(cl client) ([]string, []string) {
	method := map[string]string{"client_secret_basic": "basic", "client_secret_post": "post"}[string(cl.auth)]
	return []string{"--issuer", c.issuer, "--client-id", cl.id, "--client-secret", "env:SECRET", "--auth", method},
		[]string{"SECRET=" + cl.secret}
}

// token runs "oauthlens token" for cl and returns the access token.
func (c *cli) token(t *testing.T, cl client, extra ...string) string {
	t.Helper()
	flags, env := c.clientFlags(cl)
	r := c.run(t, env, append(append([]string{"token"}, flags...), extra...)...)
	r.want(t, 0)
	if r.stderr != "" || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf(
			"token: got stdout %q, stderr %q; want the token on one line and nothing on stderr",
			r.stdout,
			r.stderr,
		)
	}
	return strings.TrimSpace(r.stdout)
}

// testCLI builds the oauthlens binary once and runs its commands against
// the server, as a person would.
func testCLI(t *testing.T, s *server) {
	c := buildCLI(t, s.issuer)
	for _, sub := range []struct {
		name string
		run  func(*testing.T, *cli)
	}{
		{"TokenAndDecode", testCLITokenAndDecode},
		{"IntrospectAndRevoke", testCLIIntrospectAndRevoke},
		{"WrongSecret", testCLIWrongSecret},
		{"WrongSecretDoctor", testCLIWrongSecretDoctor},
		{"Register", testCLIRegister},
	} {
		t.Run(sub.name, func(t *testing.T) {
			t.Parallel()
			sub.run(t, c)
		})
	}
}

// testCLITokenAndDecode: "token" with each auth method prints a JWT that
// "decode --issuer" verifies against the discovered JWKS, and a wrong
// expected audience fails.
func testCLITokenAndDecode(t *testing.T, c *cli) {
	for _, cl := range []client{ccBasic, ccPost} {
		jwt := c.token(t, cl, "--scope", "api:read api:write")
		r := c.run(t, nil, "decode", "--issuer", c.issuer, "--audience", resourceAPI, "--json", jwt)
		r.want(t, 0)
		m := r.jsonOf(t)
		sig, _ := m["signature"].(map[string]any)
		claims, _ := m["claims"].(map[string]any)
		checks, _ := m["checks"].([]any)
		got := []any{
			sig["verified"],
			sig["alg"],
			claims["iss"],
			claims["client_id"],
			claims["scope"],
			checks != nil,
			len(checks),
		}
		want := []any{true, "RS256", c.issuer, cl.id, "api:read api:write", true, 0}
		if !slices.Equal(got, want) {
			t.Errorf("decode --json of %s's token: got %v, want %v\n%s", cl.id, got, want, r.stdout)
		}
	}
	jwt := c.token(t, ccBasic, "--resource", resourceES256)
	c.run(t, nil, "decode", "--issuer", c.issuer, jwt).want(t, 0)
	r := c.run(t, nil, "decode", "--issuer", c.issuer, "--audience", "urn:oauthlens:nope", jwt)
	if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "urn:oauthlens:nope") {
		t.Errorf(
			"decode with a wrong audience: got exit %d\nstdout: %s\nstderr: %s; want 1, naming the audience",
			r.code,
			r.stdout,
			r.stderr,
		)
	}
}

// testCLIIntrospectAndRevoke: an opaque token from "token --resource" is
// opaque to "decode", introspected by another client, refused for
// revocation by that client with the server's error, revoked by its own
// client, and then introspected as inactive (exit 1).
func testCLIIntrospectAndRevoke(t *testing.T, c *cli) {
	opaque := c.token(t, ccBasic, "--scope", "api:read", "--resource", resourceOpaque)
	tokEnv := []string{"TOK=" + opaque}
	r := c.run(t, tokEnv, "decode", "env:TOK")
	if r.code != 0 || !strings.Contains(r.stdout, "opaque") {
		t.Errorf("decode of an opaque token: got exit %d, %q; want 0 and that it is opaque", r.code, r.stdout)
	}
	postFlags, postEnv := c.clientFlags(ccPost)
	r = c.run(
		t,
		append(postEnv, tokEnv...),
		append(append([]string{"introspect", "--json"}, postFlags...), "env:TOK")...)
	r.want(t, 0)
	m := r.jsonOf(t)
	if got, want := []any{m["active"], m["client_id"], m["aud"], m["scope"]}, []any{true, ccBasic.id, resourceOpaque, "api:read"}; !slices.Equal(
		got,
		want,
	) {
		t.Errorf("introspect --json: got %v, want %v", got, want)
	}
	r = c.run(t, append(postEnv, tokEnv...), append(append([]string{"revoke"}, postFlags...), "env:TOK")...)
	r.want(t, 1, "invalid_request", descRevokeOther)
	r.noSecret(t, ccPost.id, ccPost.secret)

	basicFlags, basicEnv := c.clientFlags(ccBasic)
	r = c.run(t, append(basicEnv, tokEnv...), append(append([]string{"revoke"}, basicFlags...), "env:TOK")...)
	r.want(t, 0)
	if !strings.HasPrefix(r.stdout, "Revoked (HTTP 200)") {
		t.Errorf("revoke: got %q, want it to say Revoked (HTTP 200)", r.stdout)
	}
	r = c.run(t, append(basicEnv, tokEnv...), append(append([]string{"introspect"}, basicFlags...), "env:TOK")...)
	if r.code != 1 || strings.TrimSpace(r.stdout) != "active     false" {
		t.Errorf("introspect after revoke: got exit %d, %q; want 1, active false", r.code, r.stdout)
	}
	jwt := c.token(t, ccBasic)
	r = c.run(t, append(basicEnv, "TOK="+jwt), append(append([]string{"introspect"}, basicFlags...), "env:TOK")...)
	r.want(t, 1, "unsupported_token_type", descIntrospectJWT)
}

// testCLIWrongSecret: a wrong secret fails with exit 1 and one line with
// the server's code and description (then the diagnosis, indented); the
// secret shows nowhere, not even with -v, which prints every exchange.
func testCLIWrongSecret(t *testing.T, c *cli) {
	for _, cl := range []client{ccBasic, ccPost} {
		wrong := cl
		wrong.secret = "wrong-secret-" + cl.id
		for _, verbose := range []bool{false, true} {
			flags, env := c.clientFlags(wrong)
			if verbose {
				flags = append(flags, "-v")
			}
			r := c.run(t, env, append([]string{"token"}, flags...)...)
			if !verbose {
				r.want(t, 1, "token failed", "invalid_client", descClientAuth)
			} else if r.code != 1 || !strings.Contains(r.stderr, "POST "+c.issuer+"/token") {
				t.Errorf("token -v: got exit %d, want 1 and the exchange on stderr:\n%s", r.code, r.stderr)
			}
			r.noSecret(t, wrong.id, wrong.secret)
			if r.stdout != "" {
				t.Errorf("stdout: got %q, want nothing", r.stdout)
			}
		}
	}
}

// testCLIRegister: "register" (when the binary has it) registers a client
// at the discovered registration endpoint, stores its secret and
// registration access token in files, proves it with a token, and then
// "register show" and "register delete" manage it (RFC 7592). Without
// response_types the server's error reaches the person with the flag that
// fixes it.
func testCLIRegister(t *testing.T, c *cli) {
	if r := c.run(t, nil, "register", "--help"); r.code != 0 {
		t.Skipf("this oauthlens has no register command (register --help: exit %d)", r.code)
	}
	r := c.run(
		t,
		nil,
		"register",
		"--issuer",
		c.issuer,
		"--name",
		"interop-cli",
		"--scope",
		"api:read",
		"--auth",
		"post",
		"--metadata",
		`{"response_types":[]}`,
		"--json",
	)
	r.want(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var created, tested map[string]any
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &created) != nil ||
		json.Unmarshal([]byte(lines[1]), &tested) != nil {
		t.Fatalf("register --json: got %q, want two JSON lines (client, token)", r.stdout)
	}
	secretRef, _ := created["client_secret_ref"].(string)
	regRef, _ := created["registration_access_token_ref"].(string)
	uri, _ := created["registration_client_uri"].(string)
	id, _ := created["client_id"].(string)
	if !strings.HasPrefix(secretRef, "file:") || !strings.HasPrefix(regRef, "file:") || uri != c.issuer+"/reg/"+id ||
		tested["ok"] != true {
		t.Fatalf(
			"register --json: got %v then %v; want the secrets in files, the client URI and a working token",
			created,
			tested,
		)
	}
	c.run(t, nil, "token", "--issuer", c.issuer, "--client-id", id, "--client-secret", secretRef, "--auth", "post").
		want(t, 0)
	r = c.run(t, nil, "register", "show", uri, "--registration-token", regRef, "--json")
	r.want(t, 0)
	if m := r.jsonOf(t); m["client_id"] != id || m["client_name"] != "interop-cli" ||
		m["token_endpoint_auth_method"] != "client_secret_post" {
		t.Errorf("register show --json: got %v, want client %s", m, id)
	}
	c.run(t, nil, "register", "delete", uri, "--registration-token", regRef).want(t, 0)
	c.run(t, nil, "register", "show", uri, "--registration-token", regRef).
		want(t, 1, "invalid_token", "invalid token provided")
	c.run(t, nil, "token", "--issuer", c.issuer, "--client-id", id, "--client-secret", secretRef).
		want(t, 1, "invalid_client")

	r = c.run(t, nil, "register", "--issuer", c.issuer, "--name", "interop-cli-2")
	r.want(t, 1, "invalid_redirect_uri", "redirect_uris is mandatory property", "--metadata")
}
