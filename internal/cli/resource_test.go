package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// The demo's resource-strict fault through the CLI: token, call and
// doctor find the API's resource metadata (RFC 9728) and the diagnosis
// names a resource that differs by a trailing slash, or none sent.
func TestResourceDiagnoses_DemoResourceStrict(t *testing.T) {
	iss := startDemoFaults(t, string(demo.FaultResourceStrict))
	auth := []string{"--issuer", iss, "--client-id", demo.ClientID, "--client-secret", "env:DEMO_SECRET"}
	for _, tc := range []struct {
		name string
		args []string
		want flows.Code
	}{
		{"token, trailing slash", append([]string{"token", "-v", "--resource", iss + "/api/"}, auth...),
			flows.CodeResourceTrailingSlash},
		{"call, none sent", append([]string{"call", "-v", iss + "/api/me"}, auth...), flows.CodeResourceNotSent},
		{"call, trailing slash", append([]string{"call", "--resource", iss + "/api/", iss + "/api/me"}, auth...),
			flows.CodeResourceTrailingSlash},
		{"doctor, none sent", append([]string{"doctor", iss + "/api/me"}, auth...), flows.CodeResourceNotSent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, demoSecretEnv, "", tc.args...)
			wantCode(t, r, exitFailed)
			if !strings.Contains(r.stderr+r.stdout, string(tc.want)) {
				t.Errorf("no %s in\nstdout: %s\nstderr: %s", tc.want, r.stdout, r.stderr)
			}
			if tc.args[1] == "-v" && !strings.Contains(r.stderr, "/.well-known/oauth-protected-resource/api") {
				t.Errorf("-v does not show the resource metadata exchange:\n%s", r.stderr)
			}
		})
	}
	// the resource exactly as the metadata says: a token, no diagnosis
	r := runCLI(t, demoSecretEnv, "", append([]string{"token", "--resource", iss + "/api"}, auth...)...)
	wantCode(t, r, exitOK)
}

// token on the demo's resource-strict fault prints the resource fix with
// its flag, --resource and the metadata's resource exactly (none sent: a
// profile names the API, whose metadata the token command then finds);
// following the hint gets a token.
func TestToken_ResourceFixHint(t *testing.T) {
	iss := startDemoFaults(t, string(demo.FaultResourceStrict))
	home := t.TempDir()
	wantCode(t, runIn(t, home, nil, "profiles", "new", "strict", "--issuer", iss, "--client-id", demo.ClientID,
		"--client-secret", "env:DEMO_SECRET", "--api-base-url", iss, "--test", "GET /api/me"), exitOK)
	hint := "(--resource " + iss + "/api)"
	for name, tc := range map[string]struct {
		args []string
		fix  string
	}{
		"none sent": {nil, "send resource=" + iss + "/api " + hint},
		"trailing slash": {[]string{"--resource", iss + "/api/"},
			"send the resource exactly as the API's metadata says it: " + iss + "/api " + hint},
	} {
		t.Run(name, func(t *testing.T) {
			r := runIn(t, home, demoSecretEnv, append([]string{"token", "-p", "strict"}, tc.args...)...)
			wantCode(t, r, exitFailed)
			if !strings.Contains(r.stderr, "  - "+tc.fix+"\n") {
				t.Errorf("stderr lacks the fix %q:\n%s", tc.fix, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, demo.ClientSecret) {
				t.Errorf("the secret leaks:\n%s\n%s", r.stdout, r.stderr)
			}
		})
	}
	r := runIn(t, home, demoSecretEnv, "token", "-p", "strict", "--resource", iss+"/api")
	wantCode(t, r, exitOK)
}

// A resource whose host is an IDN (xn--) still gets its flag hint: only
// a fix text that names a flag itself goes without one.
func TestPrintDiagnosis_HintForAValueWithDashes(t *testing.T) {
	var b strings.Builder
	f := flows.Fix{Text: "send resource=https://xn--bcher-kva.example/api", Kind: flows.FixResource,
		Value: "https://xn--bcher-kva.example/api"}
	esc := flows.Fix{Text: "send audience", Kind: flows.FixAudience, Value: "x\x1b[2Jy"} // server text
	printDiagnosis(&b, flows.Diagnosis{Summary: "s", Fixes: []flows.Fix{f, {Text: "use --probe"}, esc}}, "")
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("a hint printed an escape sequence: %q", b.String())
	}
	for _, want := range []string{f.Text + " (--resource " + f.Value + ")\n", "  - use --probe\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("got\n%s\nwant %q", b.String(), want)
		}
	}
}

// discover API_URL names the registration path a client without an id
// takes, with the client id CIMD gives, in text and --json: CIMD with the
// document given by --client-metadata-url (none is guessed: without it,
// RFC 7591, and no request for a document is made).
func TestDiscoverAPI_RegistrationPathChosen(t *testing.T) {
	iss := startDemo(t)
	r := runCLI(t, nil, "", "discover", iss+"/api/me", "-v")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "registration path used without a pre-registered client id: RFC 7591") ||
		strings.Contains(r.stderr, "client-metadata.json") {
		t.Errorf("without --client-metadata-url:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
	doc := []string{"--client-metadata-url", iss + "/client-metadata.json"}
	r = runCLI(t, nil, "", append([]string{"discover", iss + "/api/me"}, doc...)...)
	wantCode(t, r, exitOK)
	for _, want := range []string{"registration path used without a pre-registered client id: CIMD (the server " +
		"takes client metadata documents", "client id (the document's URL): " + iss + "/client-metadata.json"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runCLI(t, nil, "", append([]string{"discover", iss + "/api/me", "--json"}, doc...)...)
	wantCode(t, r, exitOK)
	var out struct {
		Registration map[string]string `json:"registration"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Registration["path"] != "CIMD" ||
		out.Registration["client_id"] != iss+"/client-metadata.json" {
		t.Errorf("--json registration %v (%v):\n%s", out.Registration, err, r.stdout)
	}
}

// An API whose metadata names another resource: discover says so and
// fails, without going on to the authorization server it names.
func TestDiscoverAPI_MetadataForAnotherResource(t *testing.T) {
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/md" {
			_, _ = w.Write([]byte(`{"resource":"https://evil.example/api","authorization_servers":["` +
				ts.URL + `/as"]}`))
			return
		}
		if strings.HasPrefix(r.URL.Path, "/as") {
			t.Errorf("the authorization server of a refused document was asked: %s", r.URL)
		}
		w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="`+ts.URL+`/md"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer ts.Close()
	r := runCLI(t, nil, "", "discover", ts.URL+"/api")
	wantCode(t, r, exitFailed)
	if !strings.Contains(r.stderr, "does not name the API") {
		t.Errorf("stderr: %s", r.stderr)
	}
}
