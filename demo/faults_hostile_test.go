package demo

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFault_EchoRequest(t *testing.T) {
	_, ts := newTestServer(t, Config{Faults: []string{"echo-request"}})
	rep := post(t, ts.URL+"/token", form("grant_type", "client_credentials", "scope", "in-the-body"),
		basic(ClientID, "wrong-secret-value"))
	if rep.status != http.StatusUnauthorized || rep.str("error") != errInvalidClient {
		t.Fatalf("got %d %q, want 401 invalid_client", rep.status, rep.str("error"))
	}
	echo, _ := rep.json["echo"].(map[string]any)
	headers, _ := echo["headers"].(map[string]any)
	if got := headers["Authorization"]; got == nil ||
		!strings.Contains(rep.raw, basic(ClientID, "wrong-secret-value")) {
		t.Errorf("the echo lacks the Authorization header: %s", rep.raw)
	}
	if body, _ := echo["body"].(string); !strings.Contains(body, "scope=in-the-body") {
		t.Errorf("the echo lacks the request body: %s", rep.raw)
	}
	if ok := fetchToken(t, ts.URL); ok == "" {
		t.Error("a good request no longer gets a token: only error answers echo")
	}
}

func TestFault_IssuerMixup(t *testing.T) {
	_, ts := newTestServer(t, Config{Faults: []string{"issuer-mixup"}})
	for _, p := range []string{"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"} {
		rep := get(t, ts.URL+p, "")
		if rep.str("issuer") != mixupIssuer || !strings.HasPrefix(rep.str("token_endpoint"), ts.URL) {
			t.Errorf("%s: issuer %q, token_endpoint %q; want %q and this server's endpoint", p,
				rep.str("issuer"), rep.str("token_endpoint"), mixupIssuer)
		}
	}
}

func TestFault_EscapeToken(t *testing.T) {
	_, ts := newTestServer(t, Config{Faults: []string{"escape-token"}})
	if got := fetchToken(t, ts.URL); got != EscapeToken {
		t.Fatalf("access_token %q, want %q", got, EscapeToken)
	}
	for _, seq := range []string{"\x1b]52;", "\x1b[2J", "\x1bc", "\u009b", "\u202e"} {
		if !strings.Contains(EscapeToken, seq) {
			t.Errorf("EscapeToken lacks %q", seq)
		}
	}
}

func TestFault_CRLFFields(t *testing.T) {
	_, ts := newTestServer(t, Config{Faults: []string{"crlf-fields"}})
	rep := post(t, ts.URL+"/token", form("grant_type", "client_credentials"), basic(ClientID, "wrong"))
	for _, k := range []string{"error", "error_description"} {
		if v := rep.str(k); !strings.Contains(v, "\r\n"+ForgedLine) || !strings.Contains(v, "\x1b[2J") {
			t.Errorf("%s = %q, want CR/LF, the forged line and an escape", k, v)
		}
	}
	claims := jwtClaims(t, fetchToken(t, ts.URL))
	if note, _ := claims["note"].(string); !strings.Contains(note, "\n"+ForgedLine) {
		t.Errorf("note claim %q, want the forged line after a line break", note)
	}
}

func TestFault_CritHeader(t *testing.T) {
	_, ts := newTestServer(t, Config{Faults: []string{"crit-header"}})
	raw := fetchToken(t, ts.URL)
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(raw, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	if crit, _ := h["crit"].([]any); len(crit) != 1 || crit[0] != critExtension || h[critExtension] != true {
		t.Errorf("header %v, want crit [%q] and the parameter itself", h, critExtension)
	}
}

func TestFault_SlowBody(t *testing.T) {
	_, ts := newTestServer(t, Config{Faults: []string{"slow-body"}})
	hc := &http.Client{Timeout: 600 * time.Millisecond}
	resp, err := hc.Get(ts.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatalf("the headers should come at once: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var m map[string]any
	err = json.NewDecoder(resp.Body).Decode(&m)
	if err == nil || !strings.Contains(err.Error(), "Timeout") {
		t.Errorf("reading the body: got %v, want the client's timeout", err)
	}
}

// jwtClaims decodes the payload of a JWT without verifying it.
func jwtClaims(t *testing.T, raw string) map[string]any {
	t.Helper()
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", raw)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
