package cli

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/ui"
)

// wireRecorder is a token endpoint and API that record every request as
// it arrived (method, target, headers, body) and answer with a token and
// a 200.
type wireRecorder struct {
	mu   sync.Mutex
	reqs []string
}

func (w *wireRecorder) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Method, r.URL.RequestURI())
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(r.Header[k], ", "))
	}
	b.WriteString("\n" + string(body))
	w.mu.Lock()
	w.reqs = append(w.reqs, b.String())
	w.mu.Unlock()
	rw.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/token" {
		io.WriteString(rw, `{"access_token":"opaque-access-token-0123","token_type":"Bearer","expires_in":3600}`)
		return
	}
	io.WriteString(rw, `{"ok":true}`)
}

func (w *wireRecorder) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.reqs
	w.reqs = nil
	return out
}

// fullProfile sets every field of a profile that shapes a request:
// params (a literal and a reference), audience, resources, scopes, the
// auth method, API headers (a reference, a literal secret-looking one, a
// plain one), the test request and its method.
func fullProfile(base string) profiles.Profile {
	return profiles.Profile{Name: "full", TokenURL: base + "/token", ClientID: "client-1",
		ClientSecret: "env:SAME_SECRET", AuthMethod: flows.AuthPost, Scopes: []string{"a:read", "b:write"},
		Audience: "https://api.example", Resource: []string{"https://api.example/r1", "https://api.example/r2"},
		Params:     map[string]string{"tenant": "t-1", "client_assertion_hint": "env:SAME_PARAM"},
		APIBaseURL: base + "/v1", TestRequest: profiles.Request{Method: "POST", Path: "/things"},
		APIHeaders: map[string]string{"X-Api-Key": "env:SAME_KEY", "X-Client-Token": "typed-token-value",
			"X-Trace": "on"},
		ReacquireOn: []int{401, 403}}.WithDefaults()
}

// TestCLIAndTUISendTheSameRequests: for one profile holding every field a
// profile can hold, `oauthlens call -p` and the TUI's walk send the same
// token request and the same API call, byte for byte (header names as
// the server reads them). Before walk, the TUI dropped params.
func TestCLIAndTUISendTheSameRequests(t *testing.T) {
	rec := &wireRecorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	env := []string{"SAME_SECRET=secret-for-both-0123", "SAME_PARAM=param-from-env", "SAME_KEY=key-from-env-0123"}
	defer setenv(env)()
	p := fullProfile(srv.URL)

	home := t.TempDir()
	store := profiles.Store{Dir: home + "/oauthlens/profiles"}
	if err := store.Save(p); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, []string{"XDG_CONFIG_HOME=" + home}, "", "call", "-p", "full")
	wantCode(t, r, 0)
	cli := rec.take()

	opts, err := ui.ProfileOptions(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	opts.HTTPClient = srv.Client()
	tm := teatest.NewTestModel(t, ui.New(opts), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	tm.Send(tea.KeyPressMsg{Code: 'a', Text: "a"})
	var tui []string
	for deadline := time.Now().Add(10 * time.Second); len(tui) < 2 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		tui = append(tui, rec.take()...)
	}
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	if len(cli) != 2 || len(tui) != 2 {
		t.Fatalf("got %d CLI and %d TUI requests, want a token request and a call from each:\nCLI %q\nTUI %q",
			len(cli), len(tui), cli, tui)
	}
	for i, what := range []string{"token request", "API call"} {
		if cli[i] != tui[i] {
			t.Errorf("the %s differs:\n--- CLI\n%s\n--- TUI\n%s", what, cli[i], tui[i])
		}
	}
	for _, want := range []string{"tenant=t-1", "client_assertion_hint=param-from-env", "audience=", "resource="} {
		if !strings.Contains(cli[0], want) {
			t.Errorf("the token request lacks %q:\n%s", want, cli[0])
		}
	}
	if !strings.Contains(cli[1], "X-Api-Key: key-from-env-0123") || !strings.HasPrefix(cli[1], "POST /v1/things") {
		t.Errorf("the API call is not the profile's:\n%s", cli[1])
	}
}
