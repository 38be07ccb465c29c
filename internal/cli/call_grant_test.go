package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/internal/formbrowser"
)

// grantDemo is the demo server behind a recorder of its token endpoint:
// the form of every token request and every answer as the server sent it.
// With noRefresh it lies as a server that issues no refresh token: the
// answers lose their refresh_token on the way.
type grantDemo struct {
	srv       *demo.Server
	url       string
	noRefresh bool
	mu        sync.Mutex
	forms     []url.Values
	answers   []map[string]any
}

func startGrantDemo(t *testing.T, noRefresh bool, faults ...string) *grantDemo {
	t.Helper()
	g := &grantDemo{srv: demo.New(demo.Config{DeviceInterval: 1, Faults: faults}), noRefresh: noRefresh}
	ts := httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(ts.Close)
	g.url = ts.URL
	return g
}

func (g *grantDemo) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/token" || r.Method != http.MethodPost {
		g.srv.Handler().ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	rec := httptest.NewRecorder()
	g.srv.Handler().ServeHTTP(rec, r)
	var ans map[string]any
	out := rec.Body.Bytes()
	if json.Unmarshal(out, &ans) == nil && g.noRefresh && ans["refresh_token"] != nil {
		cut := map[string]any{}
		for k, v := range ans {
			if k != "refresh_token" {
				cut[k] = v
			}
		}
		out, _ = json.Marshal(cut)
	}
	g.mu.Lock()
	g.forms, g.answers = append(g.forms, form), append(g.answers, ans)
	g.mu.Unlock()
	for k, v := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(rec.Code)
	w.Write(out)
}

// grants are the grant_type of every token request, in order.
func (g *grantDemo) grants() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for _, f := range g.forms {
		out = append(out, f.Get("grant_type"))
	}
	return out
}

// secrets are the values of the token requests and answers that no output
// may show: the code, the PKCE verifier, the device code, the tokens.
func (g *grantDemo) secrets() map[string]string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := map[string]string{}
	for i, f := range g.forms {
		for _, k := range []string{"code", "code_verifier", "device_code", "refresh_token"} {
			if v := f.Get(k); v != "" {
				out[k+" sent"] = v
			}
		}
		for _, k := range []string{"access_token", "refresh_token", "id_token"} {
			if v, _ := g.answers[i][k].(string); v != "" {
				out[k+" issued"] = v
			}
		}
	}
	return out
}

// writeGrantProfile saves profile NAME for the demo's client with the
// grant and the demo API's /api/me as its test request.
func writeGrantProfile(t *testing.T, home, name, iss, grant string) {
	t.Helper()
	dir := filepath.Join(home, "oauthlens", "profiles")
	yaml := "issuer: " + iss + "\nclient_id: " + demo.ClientID + "\nclient_secret: env:DEMO_SECRET\n" +
		"grant: " + grant + "\nscopes: [openid, api:read]\napi_base_url: " + iss + "\n" +
		"test_request: {method: GET, path: /api/me}\n"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
}

// demoLogin logs in and approves on the demo's pages, as a browser would.
func demoLogin(t *testing.T) func(string) {
	return func(authURL string) {
		b := formbrowser.New("")
		page, err := b.Get(authURL)
		if err != nil {
			t.Errorf("authorization page: %v", err)
			return
		}
		_, err = b.Submit(page, url.Values{"username": {demo.UserName}, "password": {demo.UserPassword},
			"action": {"approve"}})
		if err != nil {
			t.Errorf("login: %v", err)
		}
	}
}

// approveDevice approves the demo's latest device authorization once
// there is one.
func approveDevice(t *testing.T, srv *demo.Server) {
	go func() {
		for i := 0; i < 250 && t.Context().Err() == nil; i++ {
			if srv.ApproveDevice("", true) == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
}

func wantGrants(t *testing.T, g *grantDemo, want ...string) {
	t.Helper()
	if got := g.grants(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("token requests sent grant_type %q, want %q", got, want)
	}
}

// noSecrets checks that none of the run's secrets shows in its output.
func noSecrets(t *testing.T, g *grantDemo, r result) {
	t.Helper()
	for name, v := range g.secrets() {
		if strings.Contains(r.stdout, v) || strings.Contains(r.stderr, v) {
			t.Errorf("the %s shows in the output", name)
		}
	}
}

// TestCall_ProfileAuthCode: call -p with an authorization_code profile
// gets its token by that grant (the authorization URL on stderr, the login,
// grant_type=authorization_code), then calls the API with it.
func TestCall_ProfileAuthCode(t *testing.T) {
	g := startGrantDemo(t, false)
	home := t.TempDir()
	writeGrantProfile(t, home, "code", g.url, "authorization_code")
	r := runWatched(t, home, demoLogin(t), "call", "-p", "code", "--no-browser", "-v")
	wantCode(t, r, 0)
	wantGrants(t, g, "authorization_code")
	wantAll(t, r.stdout, "Hello from the oauthlens demo API", `"sub"`)
	wantAll(t, r.stderr, "authorization URL: "+g.url+"/authorize?", "redirect check state",
		"grant_type=authorization_code", "── call · GET "+g.url+"/api/me")
	noSecrets(t, g, r)
}

// TestCall_ProfileDevice: call -p with a device profile gets its token by
// the device grant (the user code on stderr), then calls the API.
func TestCall_ProfileDevice(t *testing.T) {
	g := startGrantDemo(t, false)
	home := t.TempDir()
	writeGrantProfile(t, home, "dev", g.url, "device")
	approveDevice(t, g.srv)
	r := runCLI(t, append([]string{"XDG_CONFIG_HOME=" + home}, demoSecretEnv...), "", "call", "-p", "dev", "-v")
	wantCode(t, r, 0)
	wantGrants(t, g, "urn:ietf:params:oauth:grant-type:device_code")
	wantAll(t, r.stdout, "Hello from the oauthlens demo API")
	wantAll(t, r.stderr, "user code: ", "verification uri: "+g.url+"/device", "approved: token issued")
	noSecrets(t, g, r)
}

// TestCall_ReacquireByRefresh: the API refuses the first use of each token
// (api-401-first); a token from the authorization code grant is replaced
// by refreshing it (RFC 6749 §6), not by client credentials nor a new
// login, and the rotation is said.
func TestCall_ReacquireByRefresh(t *testing.T) {
	g := startGrantDemo(t, false, string(demo.FaultAPI401First))
	home := t.TempDir()
	writeGrantProfile(t, home, "code", g.url, "authorization_code")
	logins := 0
	login := func(u string) { logins++; demoLogin(t)(u) }
	r := runWatched(t, home, login, "call", "-p", "code", "--no-browser", "-v")
	wantCode(t, r, 0)
	wantGrants(t, g, "authorization_code", "refresh_token")
	if logins != 1 || strings.Count(r.stderr, "authorization URL: ") != 1 {
		t.Errorf("%d logins, want 1:\n%s", logins, r.stderr)
	}
	wantAll(t, r.stdout, "Hello from the oauthlens demo API")
	wantAll(t, r.stderr, "── call (retry) · GET", "grant_type=refresh_token",
		"refreshed the token after the API refused it (RFC 6749 §6); refresh token: rotated")
	noSecrets(t, g, r)
}

// TestCall_NoRefreshTokenNoReacquire: without a refresh token, a refused
// token from a grant with a user is not re-acquired (no second login, no
// client credentials); the diagnosis says to run the grant again.
func TestCall_NoRefreshTokenNoReacquire(t *testing.T) {
	g := startGrantDemo(t, true, string(demo.FaultAPI401First))
	home := t.TempDir()
	writeGrantProfile(t, home, "code", g.url, "authorization_code")
	r := runWatched(t, home, demoLogin(t), "call", "-p", "code", "--no-browser", "-v")
	wantCode(t, r, 1)
	wantGrants(t, g, "authorization_code")
	if strings.Count(r.stderr, "authorization URL: ") != 1 || strings.Contains(r.stderr, "call (retry)") {
		t.Errorf("re-acquired:\n%s", r.stderr)
	}
	wantAll(t, r.stderr, "HTTP 401", "without a refresh token", "run the grant again", "(call.not_reacquired)")
	noSecrets(t, g, r)
}

// TestCall_DeviceGrantFlag: call --grant device (no profile grant) runs
// the device grant too, and re-acquires by refresh on a 401.
func TestCall_DeviceGrantFlag(t *testing.T) {
	g := startGrantDemo(t, false, string(demo.FaultAPI401First))
	approveDevice(t, g.srv)
	r := runCLI(t, demoSecretEnv, "", "call", "--issuer", g.url, "--client-id", demo.ClientID, "--client-secret",
		"env:DEMO_SECRET", "--grant", "device", "--scope", "api:read", g.url+"/api/me")
	wantCode(t, r, 0)
	wantGrants(t, g, "urn:ietf:params:oauth:grant-type:device_code", "refresh_token")
	wantAll(t, r.stdout, "Hello from the oauthlens demo API")
	noSecrets(t, g, r)
}

// TestDoctor_UserGrantProfile: doctor says, before sending anything, that
// it checks the walks without a person and what to run instead.
func TestDoctor_UserGrantProfile(t *testing.T) {
	g := startGrantDemo(t, false)
	home := t.TempDir()
	writeGrantProfile(t, home, "code", g.url, "authorization_code")
	env := append([]string{"XDG_CONFIG_HOME=" + home}, demoSecretEnv...)
	r := runCLI(t, env, "", "doctor", "-p", "code")
	wantCode(t, r, 2)
	wantGrants(t, g)
	wantAll(t, r.stderr, "authorization_code grant needs one", "oauthlens call -p code -v")
	r = runCLI(t, env, "", "doctor", "-p", "code", "--grant", "client_credentials", "--scope", "api:read")
	wantCode(t, r, 0)
	wantGrants(t, g, "client_credentials")
}

// TestCall_StepUpNoLoop: the API wants a scope the user did not authorize
// (403 insufficient_scope): the token is refreshed at most once, no new
// login starts, and the diagnosis offers step-up (RFC 6750 §3.1).
func TestCall_StepUpNoLoop(t *testing.T) {
	g := startGrantDemo(t, false)
	home := t.TempDir()
	writeGrantProfile(t, home, "code", g.url, "authorization_code")
	r := runWatched(t, home, demoLogin(t), "call", "-p", "code", "--scope", "openid", "--no-browser")
	wantCode(t, r, 1)
	got := g.grants()
	if len(got) == 0 || len(got) > 2 || got[0] != "authorization_code" || len(got) == 2 && got[1] != "refresh_token" {
		t.Errorf("token requests sent grant_type %q, want authorization_code and at most one refresh_token", got)
	}
	if strings.Count(r.stderr, "authorization URL: ") != 1 {
		t.Errorf("a second login started:\n%s", r.stderr)
	}
	wantAll(t, r.stderr, "insufficient_scope",
		"step up: authorize again asking also for api:read (RFC 6750 §3.1) (add api:read to --scope")
	noSecrets(t, g, r)
}

// TestCall_ProfileDeviceBinary: the built binary's call -p runs a device
// profile's grant, refreshes on the API's first 401, and calls the API.
func TestCall_ProfileDeviceBinary(t *testing.T) {
	g := startGrantDemo(t, false, string(demo.FaultAPI401First))
	home := t.TempDir()
	writeGrantProfile(t, home, "dev", g.url, "device")
	approveDevice(t, g.srv)
	r := runBinary(t, append([]string{"XDG_CONFIG_HOME=" + home}, demoSecretEnv...), "", "call", "-p", "dev", "-v")
	wantCode(t, r, 0)
	wantGrants(t, g, "urn:ietf:params:oauth:grant-type:device_code", "refresh_token")
	wantAll(t, r.stdout, "Hello from the oauthlens demo API")
	wantAll(t, r.stderr, "user code: ", "── call (retry) · GET", "refresh token: rotated")
	noSecrets(t, g, r)
}
