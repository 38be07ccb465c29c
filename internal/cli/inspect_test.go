package cli

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// demoAccessToken gets a token from the demo server at iss.
func demoAccessToken(t *testing.T, iss string) string {
	t.Helper()
	r := runCLI(t, []string{"S=" + demo.ClientSecret}, "", "token", "--issuer", iss, "--client-id", demo.ClientID,
		"--client-secret", "env:S")
	wantCode(t, r, 0)
	return strings.TrimSpace(r.stdout)
}

func TestInspect_TokenVerifiesAndStaysMasked(t *testing.T) {
	iss := startDemo(t)
	tok := demoAccessToken(t, iss)
	r := runCLI(t, nil, "Bearer "+tok+"\n", "inspect", "-", "--issuer", iss, "-v")
	wantCode(t, r, 0)
	for _, want := range []string{"Kind: a signed JWT (JWS)", "ok   signature", "ok   iss", "Claims"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, tok) || strings.Contains(r.stdout+r.stderr, tok[len(tok)-30:]) {
		t.Errorf("the pasted token shows:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
}

func TestInspect_CurlVResponse(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("my-client:pasted-secret-0123"))
	paste := "> POST /oauth2/token HTTP/1.1\n> Host: auth.example.com\n> Authorization: Basic " + basic + "\n>\n" +
		"< HTTP/1.1 401 Unauthorized\n< Content-Type: application/json\n<\n" +
		`{"error":"invalid_client","error_description":"bad secret pasted-secret-0123"}`
	r := runCLI(t, nil, paste, "inspect", "-")
	wantCode(t, r, 1)
	for _, want := range []string{"Step: token", "Diagnosis", "invalid_client"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "pasted-secret-0123") || strings.Contains(r.stdout+r.stderr, basic) {
		t.Errorf("the pasted credentials show:\n%s", r.stdout)
	}
}

func TestInspect_JSONAndExitCodes(t *testing.T) {
	r := runCLI(t, nil, `{"error":"invalid_client"}`, "inspect", "-", "--json")
	wantCode(t, r, 1)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	resp, _ := out["response"].(map[string]any)
	if out["kind"] != "response" || resp["step"] != "token" || len(out["diagnoses"].([]any)) == 0 {
		t.Errorf("json: %s", r.stdout)
	}
	wantCode(t, runCLI(t, nil, "", "inspect", "not a token, not a response"), 2)
	big := runCLI(t, nil, strings.Repeat("x", 2<<20), "inspect", "-")
	wantCode(t, big, 2)
	if !strings.Contains(big.stderr, "too large") {
		t.Errorf("a 2 MiB input: %s", big.stderr)
	}
	wantCode(t, runCLI(t, nil, "", "inspect", "x", "--introspect"), 2)
}

// Once through the real binary: an expired demo token read from stdin.
func TestInspect_Binary(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{string(demo.FaultExpiredToken)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	tok := demoAccessToken(t, srv.Issuer())
	r := runBinary(t, nil, tok, "inspect", "-", "--issuer", srv.Issuer())
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, "FAIL exp") || !strings.Contains(r.stdout, "jwt.expired") ||
		strings.Contains(r.stdout, tok) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}
