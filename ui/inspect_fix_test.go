package ui

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// otherIntrospection answers introspection on another host than the
// walk's issuer, counting the requests.
type otherIntrospection struct{ hits atomic.Int32 }

const otherIntrospectionURL = "https://introspect.elsewhere.example/introspect"

func (s *otherIntrospection) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.String() == otherIntrospectionURL {
		s.hits.Add(1)
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
		Body: io.NopCloser(strings.NewReader(`{"active":true,"client_id":"demo-client"}`))}, nil
}

// runInspectCmd runs the inspector's command and gives its answer back.
func runInspectCmd(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	msg, ok := cmd().(inspectedMsg)
	if !ok {
		t.Fatalf("the command answered %T", cmd())
	}
	return update(t, m, msg)
}

// i with an introspection endpoint on another host than the issuer's
// shows the warning and sends nothing; a second i sends anyway (T1: the
// walk's client credentials went there with no warning).
func TestInspect_IntrospectionWarnsBeforeSending(t *testing.T) {
	rt := &otherIntrospection{}
	m := inspectModel(t, 120, 40, rt)
	m = pasteAndRun(t, m, "Bearer "+strings.Repeat("b3BhcXVl", 5))
	if m.inspect.in == nil || m.inspect.in.Kind != walk.PasteOpaque {
		t.Fatalf("pasted: %+v", m.inspect.in)
	}
	m.inspect.disc = &flows.Discovery{Metadata: flows.Metadata{Issuer: testIssuer,
		IntrospectionEndpoint: otherIntrospectionURL}}
	m, cmd := updateCmd(t, m, keyMsg("i"))
	m = runInspectCmd(t, m, cmd)
	if n := rt.hits.Load(); n != 0 {
		t.Fatalf("%d introspection requests before the confirmation", n)
	}
	v := plainView(m)
	for _, want := range []string{"not sent", "not on the issuer's host", "i sends the client's credentials anyway"} {
		if !strings.Contains(v, want) {
			t.Errorf("the inspector lacks %q:\n%s", want, v)
		}
	}
	if !strings.Contains(m.status, "anyway") {
		t.Errorf("status %q", m.status)
	}
	m, cmd = updateCmd(t, m, keyMsg("i"))
	m = runInspectCmd(t, m, cmd)
	if n := rt.hits.Load(); n != 1 {
		t.Fatalf("%d introspection requests after the confirmation, want 1", n)
	}
	if v := plainView(m); !strings.Contains(v, "✓ active") || !strings.Contains(v, "not on the issuer's host") {
		t.Errorf("sent anyway, the inspector shows:\n%s", v)
	}
}

// A pasted Basic credential shows the client id, the secret masked, and
// i sends nothing (S5: it was introspected as token=Basic…).
func TestInspect_BasicCredentialNeverIntrospected(t *testing.T) {
	rt := &otherIntrospection{}
	m := inspectModel(t, 100, 30, rt)
	basic := flows.BasicCredentials("myclient", "pasted-secret-0123")
	m = pasteAndRun(t, m, "Authorization: Basic "+basic)
	m.inspect.disc = &flows.Discovery{Metadata: flows.Metadata{Issuer: testIssuer,
		IntrospectionEndpoint: otherIntrospectionURL}}
	v := plainView(m)
	if !strings.Contains(v, "Basic credential") || !strings.Contains(v, "myclient") ||
		strings.Contains(v, "pasted-secret-0123") {
		t.Errorf("the inspector shows:\n%s", v)
	}
	m, cmd := updateCmd(t, m, keyMsg("i"))
	if cmd != nil || !strings.Contains(m.status, "never introspected") || rt.hits.Load() != 0 {
		t.Errorf("i on a Basic credential: status %q, cmd %v, %d requests", m.status, cmd != nil, rt.hits.Load())
	}
}

// The cached lines follow reveal, the width and the clock (they are the
// lines built afresh), and the "more lines" marker never overwrites one.
func TestInspect_CachedLinesFollowTheState(t *testing.T) {
	tok := signedJWT(t, testIssuer, testNow.Add(58*time.Minute))
	m := pasteAndRun(t, inspectModel(t, 100, 20, &jwksServer{}), tok)
	if strings.Contains(plainView(m), tok[:40]) {
		t.Fatal("the token shows masked")
	}
	if m = press(t, m, "s"); !strings.Contains(plainView(m), tok[:40]) {
		t.Errorf("revealed, the token does not show:\n%s", plainView(m))
	}
	if m = press(t, m, "s"); strings.Contains(plainView(m), tok[:40]) {
		t.Errorf("masked again, the token shows:\n%s", plainView(m))
	}
	before := plainView(m)
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeyHome})
	if after := plainView(m); after != before {
		t.Errorf("scrolled back to the top, the screen differs:\n%s\nwas:\n%s", after, before)
	}
	sameAsBuilt := func(what string) {
		t.Helper()
		_ = plainView(m)
		if got, want := m.inspectCachedLines(m.c.width), m.inspectLines(m.c.width); !slices.Equal(got, want) {
			t.Errorf("%s: the cached lines differ from the lines built now", what)
		}
	}
	sameAsBuilt("pasted")
	m.c.now = func() time.Time { return testNow.Add(30 * time.Minute) }
	sameAsBuilt("30 minutes on")
	m = press(t, m, "s")
	sameAsBuilt("revealed")
	m = update(t, m, tea.WindowSizeMsg{Width: 60, Height: 20})
	sameAsBuilt("at 60 columns")
	for _, l := range strings.Split(plainView(m), "\n") {
		if len([]rune(l)) > 60 {
			t.Errorf("at 60 columns a line is %d wide: %q", len([]rune(l)), l)
		}
	}
}
