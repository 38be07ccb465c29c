package cli

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
)

// startDemoFaults starts the demo server with fault switches on.
func startDemoFaults(t *testing.T, faults ...string) string {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.Issuer()
}

func doctorArgs(iss string, extra ...string) []string {
	return append(
		[]string{"doctor", "--issuer", iss, "--client-id", demo.ClientID, "--client-secret", "env:DEMO_SECRET"},
		extra...)
}

func wantAll(t *testing.T, text string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("output does not contain %q:\n%s", s, text)
		}
	}
}

func TestDoctor_AllPass(t *testing.T) {
	iss := startDemo(t)
	r := runCLI(t, demoSecretEnv, "", doctorArgs(iss, iss+"/api/me")...)
	wantCode(t, r, 0)
	wantAll(t, r.stdout, "✓ discovery", "✓ token", "✓ signature", "✓ call", "HTTP 200")
}

func TestDoctor_Failures(t *testing.T) {
	cases := []struct {
		name, fault string
		extra       []string
		want        []string
	}{
		{"wrong auth method", "post-only", nil,
			[]string{
				"✓ discovery",
				"✗ token",
				"registered for client_secret_post",
				"switch to client_secret_post and retry (--auth post)",
				"(token.invalid_client.try_post)",
			}},
		{"key rotation", "rotated-key", nil,
			[]string{
				"✓ token",
				"✗ signature",
				"rotated its signing keys",
				"fetch the JWKS again",
				"(jwt.kid_not_found)",
			}},
		{"API needs a key", "api-needs-key", []string{"GET", "/api/me"},
			[]string{
				"✗ call",
				"API key header",
				`-H "X-Api-Key: env:API_KEY"`,
				"(call.no_challenge)",
				"(call.refused_after_reacquire)",
			}},
		{"no test call configured", "wrong-secret", nil,
			[]string{"✗ token", "secret is wrong", "Evidence: HTTP 401"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			iss := startDemoFaults(t, c.fault)
			extra := c.extra
			if len(extra) == 2 {
				extra = []string{extra[0], iss + extra[1]}
			}
			r := runCLI(t, demoSecretEnv, "", doctorArgs(iss, extra...)...)
			wantCode(t, r, 1)
			wantAll(t, r.stdout, c.want...)
		})
	}
}

func TestDoctor_JSON(t *testing.T) {
	iss := startDemoFaults(t, "post-only")
	r := runCLI(t, demoSecretEnv, "", doctorArgs(iss, "--json")...)
	wantCode(t, r, 1)
	var got struct {
		OK     bool `json:"ok"`
		Checks []struct {
			Step, Status string
			Diagnoses    []struct {
				Code  string
				Fixes []struct{ Text, Action string }
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if got.OK || len(got.Checks) != 4 || got.Checks[1].Status != "fail" || got.Checks[2].Status != "skip" ||
		got.Checks[3].Status != "skip" {
		t.Fatalf("got %+v, want discovery passed, token failed, verify and call skipped", got)
	}
	d := got.Checks[1].Diagnoses[0]
	if d.Code != "probe.accepted" || d.Fixes[0].Action != "auth=client_secret_post" {
		t.Errorf("got %+v, want the probe's conclusion with its action", d)
	}
	if d := got.Checks[1].Diagnoses[1]; d.Code != "token.invalid_client.try_post" {
		t.Errorf("got %+v, want the try_post diagnosis after the probe's", d)
	}
}

func TestDoctor_WarningsDoNotFail(t *testing.T) {
	iss := startDemoFaults(t, "lowercase-bearer", "refresh-token")
	r := runCLI(t, demoSecretEnv, "", doctorArgs(iss)...)
	wantCode(t, r, 0)
	wantAll(t, r.stdout, "! token", "(token.type_lowercase)", "(token.refresh_token)", "- call", "skipped")
}

func TestExplain_AfterTheOneLineError(t *testing.T) {
	cases := []struct {
		name, fault string
		args        func(iss string) []string
		first, want []string
	}{
		{
			"token, invalid_scope",
			"unknown-scope",
			func(iss string) []string { return tokenArgs(iss, "--scope", "api:read api:write") },
			[]string{
				"token failed",
				"invalid_scope",
			},
			[]string{"Likely causes:", "does not list api:write", `(--scope "api:read")`, "scopes_supported: api:read"},
		},
		{"token, 429", "rate-limit", func(iss string) []string { return tokenArgs(iss) },
			[]string{"429"}, []string{"wait 5s and retry", "Retry-After: 5"}},
		{"call, expired token", "expired-token", func(iss string) []string {
			return append(append([]string{"call"}, tokenArgs(iss)[1:]...), iss+"/api/me")
		}, []string{"API call failed", "401"}, []string{"expired", "get a new token", "(call.token_expired)"}},
		{"discover, issuer mismatch", "issuer-mismatch", func(iss string) []string { return []string{"discover", iss} },
			[]string{"issuer"}, []string{"--issuer https://auth.internal.example:8443", "(discovery.issuer_mismatch)"}},
		{"discover, 404 everywhere", "discovery-404", func(iss string) []string { return []string{"discover", iss} },
			[]string{"discovery failed"}, []string{"publishes no metadata", "--token-url", "(discovery.not_found)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			iss := startDemoFaults(t, c.fault)
			r := runCLI(t, demoSecretEnv, "", c.args(iss)...)
			wantCode(t, r, 1)
			first, _, _ := strings.Cut(r.stderr, "\n")
			wantAll(t, first, c.first...)
			wantAll(t, r.stderr, c.want...)
		})
	}
}

func TestDemo_FaultsList(t *testing.T) {
	r := runCLI(t, nil, "", "demo", "--faults")
	wantCode(t, r, 0)
	if got, want := strings.Count(r.stdout, "\n"), len(demo.Faults); got != want {
		t.Errorf("got %d lines, want one per fault (%d)", got, want)
	}
	wantAll(t, r.stdout, "wrong-secret ", "rate-limit ", "Retry-After: 5")
	bad := runCLI(t, nil, "", "demo", "--serve", "--fault", "no-such-fault")
	wantCode(t, bad, 2)
	wantAll(t, bad.stderr, "no-such-fault")
}

func TestDemo_ServeWithFault(t *testing.T) {
	cmd := exec.Command(binary, "demo", "--serve", "--addr", "127.0.0.1:0", "--fault", "rate-limit")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimSpace(line[strings.LastIndex(line, " "):])
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Post(
		"http://"+addr+"/token",
		"application/x-www-form-urlencoded",
		strings.NewReader("grant_type=client_credentials"),
	)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "5" {
		t.Errorf("got %d Retry-After %q, want 429 with Retry-After: 5", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// TestDoctor_FollowingTheAdviceFixesIt runs doctor against a failing demo
// server, checks the advice, then runs it again with the advice applied.
func TestDoctor_FollowingTheAdviceFixesIt(t *testing.T) {
	cases := []struct {
		fault       string
		args, fixed []string
		advice      string
	}{
		{"post-only", nil, []string{"--auth", "post"}, "(--auth post)"},
		{"basic-only", []string{"--auth", "post"}, []string{"--auth", "basic"}, "(--auth basic)"},
		{
			"unknown-scope",
			[]string{"--scope", "api:read api:write"},
			[]string{"--scope", "api:read"},
			`(--scope "api:read")`,
		},
		{
			"",
			[]string{"--scope", "api:write"},
			[]string{"--scope", "api:write api:read"},
			`(--scope "api:write api:read")`,
		},
		{"api-needs-key", nil, []string{"-H", "X-Api-Key: env:API_KEY"}, `-H "X-Api-Key: env:API_KEY"`},
		{"wrong-audience", nil, []string{"--audience", "ISSUER/api"}, "--audience ISSUER/api"},
		// issue 12: the probes' conclusions and the new diagnoses are advice that works
		{"basic-raw-only", rawClient, append(rawClient, "--basic-encoding", "raw"),
			"send the raw id:secret in Basic (--basic-encoding raw)"},
		{"bare-403-without-scope", nil, []string{"--scope", "api:read api:write"},
			`ask for scope "api:read api:write" (--scope "api:read api:write")`},
		{"scope-required", nil, []string{"--scope", "api:read api:write"}, `(--scope "api:read api:write")`},
		{"trailing-slash-301", []string{"--token-url", "ISSUER/token"}, []string{"--token-url", "ISSUER/token/"},
			"(--token-url ISSUER/token/)"},
		{"post-only", nil, []string{"--auth", "post"}, "use client_secret_post (--auth post)"},
	}
	env := append(demoSecretEnv, "API_KEY="+demo.APIKey, "RAW_SECRET="+demo.RawClientSecret)
	for _, c := range cases {
		t.Run(c.fault+strings.Join(c.args, " "), func(t *testing.T) {
			var faults []string
			if c.fault != "" {
				faults = []string{c.fault}
			}
			iss := startDemoFaults(t, faults...)
			call := []string{"GET", iss + "/api/me"}
			var args []string
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "ISSUER", iss))
			}
			r := runCLI(t, env, "", doctorArgs(iss, append(args, call...)...)...)
			wantCode(t, r, 1)
			wantAll(t, r.stdout, strings.ReplaceAll(c.advice, "ISSUER", iss))
			var fixed []string
			for _, a := range c.fixed {
				fixed = append(fixed, strings.ReplaceAll(a, "ISSUER", iss))
			}
			fixed = append(fixed, call...)
			r = runCLI(t, env, "", doctorArgs(iss, fixed...)...)
			wantCode(t, r, 0)
			wantAll(t, r.stdout, "✓ token", "✓ call")
		})
	}
}

// rawClient are the flags of the demo client whose secret Basic encodes
// differently raw (demo.FaultBasicRawOnly).
var rawClient = []string{"--client-id", demo.RawClientID, "--client-secret", "env:RAW_SECRET"}

func TestDoctor_Profile(t *testing.T) {
	iss := startDemo(t)
	home := t.TempDir()
	wantCode(t, runIn(t, home, nil, "profiles", "new", "local", "--issuer", iss, "--client-id", demo.ClientID,
		"--client-secret", "env:DEMO_SECRET", "--api-base-url", iss, "--test", "GET /api/me"), 0)
	r := runIn(t, home, demoSecretEnv, "doctor", "-p", "local")
	wantCode(t, r, 0)
	wantAll(t, r.stdout, "✓ discovery", "✓ token", "✓ signature", "✓ call", "/api/me → HTTP 200")
}

func TestDecode_ExplainsAnUnverifiedSignature(t *testing.T) {
	iss := startDemoFaults(t, "rotated-key")
	tok := runCLI(t, demoSecretEnv, "", tokenArgs(iss)...)
	wantCode(t, tok, 0)
	r := runCLI(t, nil, tok.stdout, "decode", "--issuer", iss)
	wantCode(t, r, 1)
	wantAll(
		t,
		r.stderr,
		"signature did not verify",
		"rotated its signing keys",
		"fetch the JWKS again",
		"(jwt.kid_not_found)",
	)
}
