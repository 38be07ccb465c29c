package ui

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

// stalledDiscoveryEditor is the editor on a discovery exchange whose
// server stalls, with key typed into the URL's query as api_key.
func stalledDiscoveryEditor(t *testing.T, key string) Model {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	opts := testOptions()
	opts.Issuer, opts.HTTPClient = srv.URL, srv.Client()
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(t, m, "1", "enter")
	d := discoveredOK(m.seq)
	d.exs[0].URL = srv.URL + "/.well-known/openid-configuration"
	m = press(t, update(t, m, d), "E")
	m = focusRow(t, m, "http")
	return typeText(t, m, "?api_key="+key)
}

// A secret typed into the resend's URL (a secret query parameter) shows
// neither in the row of the request in flight, nor, once esc cancelled
// it, in the timeline or a HAR export of the run.
func TestResend_InflightAndCancelledMasked(t *testing.T) {
	key := "typed-url-key-0123456789"
	m := press(t, stalledDiscoveryEditor(t, key), "up") // the URL row drawn, not edited
	mustNotContain(t, "the editor", plain(m), key)
	m, _ = updateCmd(t, m, keyMsg("enter"))
	if !m.sup.editor.sending || m.timeline.inflight == nil {
		t.Fatalf("the resend is not in flight:\n%s", plain(m))
	}
	mustNotContain(t, "the row in flight", ansi.Strip(m.timeline.inflightRow(m.c.now())), key)
	mustNotContain(t, "the editor while sending", plain(m), key)
	m = press(t, m, "esc", "esc")
	mustNotContain(t, "the walk after esc", plain(m), key)
	b, err := json.Marshal(har.Build(m.timeline.exs, m.redactor(), "test"))
	if err != nil {
		t.Fatal(err)
	}
	mustNotContain(t, "the HAR export", string(b), key)
}

// The warnings before a resend name its URL: a secret typed in it is
// masked there.
func TestResend_WarningsMasked(t *testing.T) {
	key := "typed-url-key-0123456789"
	m := stalledDiscoveryEditor(t, key)
	m = update(t, m, ctrl('u'))
	m = typeText(t, m, "http://auth.example.net/.well-known/openid-configuration?api_key="+key)
	m, _ = updateCmd(t, m, keyMsg("enter"))
	m = press(t, m, "up")
	if len(m.sup.editor.warnings) == 0 {
		t.Fatalf("no warning before plain http to another host:\n%s", plain(m))
	}
	mustNotContain(t, "the warnings", plain(m), key)
}

// A refresh whose token the first answer rotated is warned about before
// it is sent (C1); enter again sends it anyway.
func TestResend_RotatedRefreshWarned(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
	}))
	defer srv.Close()
	m := newTestModel(t, 120, 40)
	m.hc = srv.Client()
	ex := exchange("token", "POST", srv.URL+"/token", 200,
		[]flows.HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		"grant_type=refresh_token&refresh_token=rt-old-0123456789",
		`{"access_token":"at-0123456789","refresh_token":"rt-new-0123456789","token_type":"Bearer"}`)
	ex.Secrets = []flows.Secret{{Name: "REFRESH_TOKEN", Value: "rt-old-0123456789"}}
	m.timeline.add(ex)
	m = press(t, m, "E", "enter")
	if v := plain(m); m.sup.editor.sending || !strings.Contains(v, "the refresh token sent was rotated") {
		t.Fatalf("no warning before replaying a rotated refresh token:\n%s", v)
	}
	m, cmd := updateCmd(t, m, keyMsg("enter")) // send anyway
	m = driveResend(t, m, cmd)
	if hits.Load() != 1 || m.screen != screenCompare {
		t.Errorf("enter again did not send it: %d requests", hits.Load())
	}
}
