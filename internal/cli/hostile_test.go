package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// terminalControls are what no server text may put on the terminal: ESC
// (CSI, OSC, RIS, …), BEL, C1 controls and bidi overrides.
var terminalControls = []string{"\x1b", "\a", "\u009b", "\u009d", "\u202e", "\u202d", "\u2066", "\u061c", "\r"}

// wantNoControls fails when out holds a terminal control.
func wantNoControls(t *testing.T, what, out string) {
	t.Helper()
	for _, c := range terminalControls {
		if strings.Contains(out, c) {
			t.Errorf("%s holds %q:\n%q", what, c, out)
		}
	}
}

// wantNoForgedLine fails when a line of out is the forged one.
func wantNoForgedLine(t *testing.T, what, out string) {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.TrimSpace(l) == strings.TrimSpace(demo.ForgedLine) {
			t.Errorf("%s has a line a server forged, %q:\n%s", what, l, out)
		}
	}
}

// tokenServer answers every token request with body as JSON.
func tokenServer(t *testing.T, body map[string]any) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/token"
}

func TestToken_InvalidTokenStringIsAnErrorNeverPrinted(t *testing.T) {
	for name, at := range map[string]any{
		"OSC 52":  "tok\x1b]52;c;cHduZWQ=\a",
		"CSI 2J":  "tok\x1b[2J",
		"RIS":     "tok\x1bc",
		"C1 CSI":  "tok\u009b31m",
		"U+202E":  "tok\u202eneko",
		"number":  12345678,
		"CRLF":    "tok\r\n" + demo.ForgedLine,
		"OSC 8":   "\x1b]8;;https://evil.example\atok\x1b]8;;\a",
		"U+061C":  "tok\u061cen",
		"as JSON": "x",
	} {
		t.Run(name, func(t *testing.T) {
			body := map[string]any{"access_token": at, "token_type": "Bearer"}
			if name == "as JSON" {
				body = map[string]any{"access_token": "ok", "token_type": "Bearer", "refresh_token": "r\x1b[2J"}
			}
			for _, json := range []string{"", "--json"} {
				args := []string{"token", "--token-url", tokenServer(t, body), "--client-id", "cid",
					"--client-secret", "env:S"}
				if json != "" {
					args = append(args, json)
				}
				r := runCLI(t, []string{"S=secret-0123456789"}, "", args...)
				wantCode(t, r, 1)
				if r.stdout != "" {
					t.Errorf("stdout %q, want nothing", r.stdout)
				}
				wantNoControls(t, "stderr", r.stderr)
				wantNoForgedLine(t, "stderr", r.stderr)
				if !strings.Contains(r.stderr, "not a valid token string") {
					t.Errorf("stderr does not say why:\n%s", r.stderr)
				}
			}
		})
	}
}

func TestToken_EscapeTokenFromTheDemo(t *testing.T) {
	iss := startDemoFaults(t, string(demo.FaultEscapeToken))
	r := runBinary(t, demoSecretEnv, "", tokenArgs(iss, "-v")...)
	wantCode(t, r, 1)
	wantNoControls(t, "stdout+stderr", r.stdout+r.stderr)
	if r.stdout != "" || !strings.Contains(r.stderr, string(flows.CodeTokenInvalidString)) {
		t.Errorf("stdout %q; stderr lacks %s:\n%s", r.stdout, flows.CodeTokenInvalidString, r.stderr)
	}
}

// fakeJWT builds an unsigned-looking JWT from a header and claims.
func fakeJWT(header, claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + "." + base64.RawURLEncoding.EncodeToString([]byte("sig"))
}

func TestDecode_ClaimsCannotForgeLines(t *testing.T) {
	forged := "x\n" + demo.ForgedLine + "\n\x1b[2J\u202e"
	raw := fakeJWT(map[string]any{"alg": "RS256", "kid": forged},
		map[string]any{"sub": forged, "name\n" + demo.ForgedLine: "v", "list": []any{forged},
			"obj": map[string]any{"k": forged}})
	for _, args := range [][]string{{"decode", raw}, {"decode", "-"}, {"decode", raw, "--json"}} {
		r := runCLI(t, nil, raw, args...)
		wantCode(t, r, 0)
		wantNoControls(t, strings.Join(args[:2], " "), r.stdout+r.stderr)
		wantNoForgedLine(t, strings.Join(args[:2], " "), r.stdout+r.stderr)
		if len(args) == 2 && !strings.Contains(r.stdout, `"x\n  ✓ Signature verified\n\x1b[2J\u202e"`) {
			t.Errorf("the claim is not shown quoted and escaped:\n%s", r.stdout)
		}
	}
}

func TestDecode_CRLFClaimFromTheDemoVerified(t *testing.T) {
	iss := startDemoFaults(t, string(demo.FaultCRLFFields))
	tok := runCLI(t, demoSecretEnv, "", tokenArgs(iss)...)
	wantCode(t, tok, 0)
	r := runCLI(t, nil, tok.stdout, "decode", "-", "--issuer", iss)
	wantCode(t, r, 0)
	wantNoControls(t, "decode", r.stdout+r.stderr)
	wantNoForgedLine(t, "decode", r.stdout+r.stderr)
	wantAll(t, r.stdout, "note", `\r\n  ✓ Signature verified\r\n\x1b[2J`, "verified (RS256")
}

func TestDecode_CritHeaderFromTheDemoFails(t *testing.T) {
	iss := startDemoFaults(t, string(demo.FaultCritHeader))
	tok := runCLI(t, demoSecretEnv, "", tokenArgs(iss)...)
	wantCode(t, tok, 0)
	r := runCLI(t, nil, tok.stdout, "decode", "-", "--issuer", iss)
	wantCode(t, r, 1)
	wantAll(t, r.stdout+r.stderr, "NOT VERIFIED", "crit", string(flows.CodeJWTCritUnsupported))
}

func TestDecode_StdinTooLarge(t *testing.T) {
	big := strings.Repeat("a", flows.MaxTokenInput+10)
	r := runCLI(t, nil, big, "decode", "-")
	wantCode(t, r, 2)
	want := fmt.Sprintf("too large (%d bytes, limit %d)", len(big), flows.MaxTokenInput)
	if !strings.Contains(r.stderr, want) || strings.Contains(r.stdout, "opaque") {
		t.Errorf("stderr %q, want %q; stdout %q", r.stderr, want, r.stdout)
	}
}

func TestErrorLine_CRLFFieldsAreEscaped(t *testing.T) {
	iss := startDemoFaults(t, string(demo.FaultCRLFFields), string(demo.FaultWrongSecret))
	for _, args := range [][]string{tokenArgs(iss), doctorArgs(iss), doctorArgs(iss, "--json")} {
		r := runCLI(t, demoSecretEnv, "", args...)
		wantCode(t, r, 1)
		wantNoControls(t, args[0], r.stdout+r.stderr)
		wantNoForgedLine(t, args[0], r.stdout+r.stderr)
	}
}

func TestCall_SaysTheAnswerWasCut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"at-0123456789","token_type":"Bearer"}`)
			return
		}
		io.Copy(w, io.LimitReader(zeros{}, flows.MaxAPIBody+1))
	}))
	t.Cleanup(srv.Close)
	args := []string{"call", srv.URL + "/api", "--token-url", srv.URL + "/token", "--client-id", "cid",
		"--client-secret", "env:S"}
	r := runCLI(t, []string{"S=secret-0123456789"}, "", args...)
	wantCode(t, r, 1)
	if len(r.stdout) < flows.MaxAPIBody || !strings.Contains(r.stderr, "the answer was cut") {
		t.Errorf("stdout %d bytes; stderr %q", len(r.stdout), r.stderr)
	}
	j := runCLI(t, []string{"S=secret-0123456789"}, "", append(args, "--json")...)
	wantCode(t, j, 1)
	if !strings.Contains(j.stdout, `"truncated":true`) {
		t.Errorf("--json does not say truncated: %.200s", j.stdout)
	}
}

// zeros reads as an endless run of '0'.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

func TestDiscover_TimeoutBoundsTheWholeCommand(t *testing.T) {
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}))
	t.Cleanup(stall.Close)
	const timeout = 1500 * time.Millisecond
	for _, srv := range []string{stall.URL, startDemoFaults(t, string(demo.FaultSlowBody))} {
		start := time.Now()
		r := runCLI(t, nil, "", "discover", srv, "--timeout", timeout.String())
		took := time.Since(start)
		wantCode(t, r, 1)
		if took >= 2*timeout {
			t.Errorf("discover --timeout %s took %s (three well-known URLs must share one budget)", timeout, took)
		}
		if !strings.Contains(r.stderr, "timeout") && !strings.Contains(r.stderr, "timed out") {
			t.Errorf("stderr does not say it timed out:\n%s", r.stderr)
		}
	}
}

// TestOtherHostTokenEndpointIsWarnedAbout: metadata whose token endpoint
// is on another port than the issuer (allowed by RFC 8414, and how a
// mix-up looks) draws a warning naming both, before the credentials go,
// in token and in doctor.
func TestOtherHostTokenEndpointIsWarnedAbout(t *testing.T) {
	tokSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-0123456789","token_type":"Bearer"}`)
	}))
	t.Cleanup(tokSrv.Close)
	var meta *httptest.Server
	meta = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"issuer":%q,"token_endpoint":%q}`, meta.URL, tokSrv.URL+"/token")
	}))
	t.Cleanup(meta.Close)
	host := func(u string) string { return strings.TrimPrefix(u, "http://") }
	for _, cmd := range []string{"token", "doctor"} {
		r := runCLI(t, []string{"S=secret-0123456789"}, "", cmd, "--issuer", meta.URL, "--client-id", "cid",
			"--client-secret", "env:S")
		if !strings.Contains(r.stderr+r.stdout, "not on the issuer's host") ||
			!strings.Contains(
				r.stderr+r.stdout,
				host(tokSrv.URL),
			) || !strings.Contains(r.stderr+r.stdout, host(meta.URL)) {
			t.Errorf("%s: no warning naming both hosts:\n%s%s", cmd, r.stderr, r.stdout)
		}
	}
}

// TestPlainHTTP_EveryCommandWarnsBeforeSending: token, call, introspect,
// revoke, register and doctor warn about plain http:// to a host that is
// not loopback. The host does not resolve, so nothing is sent.
func TestPlainHTTP_EveryCommandWarnsBeforeSending(t *testing.T) {
	const u = "http://oauthlens-test.invalid"
	auth := []string{"--token-url", u + "/token", "--client-id", "cid", "--client-secret", "env:S", "--timeout", "2s"}
	runs := map[string][]string{
		"token":      append([]string{"token"}, auth...),
		"call":       append([]string{"call", u + "/api"}, auth...),
		"doctor":     append([]string{"doctor"}, auth...),
		"introspect": append([]string{"introspect", "--introspect-url", u + "/introspect", "tok"}, auth...),
		"revoke":     append([]string{"revoke", "--revoke-url", u + "/revoke", "tok"}, auth...),
		"register": {"register", "--registration-url", u + "/register", "--name", "x", "--initial-token", "env:S",
			"--timeout", "2s"},
	}
	for name, args := range runs {
		r := runCLI(t, []string{"S=secret-0123456789"}, "", args...)
		if !strings.Contains(r.stderr+r.stdout, "plain http://") {
			t.Errorf("%s: no warning about plain http:\n%s%s", name, r.stderr, r.stdout)
		}
	}
}

// TestDiscover_MetadataCannotForgeLines: metadata values with line breaks
// and escapes print escaped, on their own row.
func TestDiscover_MetadataCannotForgeLines(t *testing.T) {
	forged := "a\n" + demo.ForgedLine + "\r\n\x1b[2J\u202e"
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"issuer": srv.URL, "token_endpoint": srv.URL + "/token",
			"scopes_supported": []string{forged}, "grant_types_supported": []string{forged}})
	}))
	t.Cleanup(srv.Close)
	for _, args := range [][]string{{"discover", srv.URL}, {"discover", srv.URL, "-v"}} {
		r := runCLI(t, nil, "", args...)
		wantNoControls(t, strings.Join(args, " "), r.stdout+r.stderr)
		wantNoForgedLine(t, strings.Join(args, " "), r.stdout+r.stderr)
	}
}

// TestRegister_AnswerCannotForgeLines: a registration answer whose
// client_id and scope hold line breaks and escapes prints them escaped.
func TestRegister_AnswerCannotForgeLines(t *testing.T) {
	forged := "a\n" + demo.ForgedLine + "\r\n\x1b[2J\u202e"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"client_id": forged, "scope": forged,
			"client_secret": "new-secret-0123456789"})
	}))
	t.Cleanup(srv.Close)
	r := runCLI(t, nil, "", "register", "--registration-url", srv.URL+"/register", "--name", "x",
		"--store-secret", "print")
	wantNoControls(t, "register", r.stdout+r.stderr)
	wantNoForgedLine(t, "register", r.stdout+r.stderr)
}
