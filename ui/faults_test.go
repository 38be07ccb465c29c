package ui

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// fakeSwitch records the faults toggled.
type fakeSwitch struct {
	mu      sync.Mutex
	on      map[string]bool
	toggled []string
}

func newFakeSwitch(on ...string) *fakeSwitch {
	s := &fakeSwitch{on: map[string]bool{}}
	for _, n := range on {
		s.on[n] = true
	}
	return s
}

func (s *fakeSwitch) ToggleFault(name string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.toggled = append(s.toggled, name)
	s.on[name] = !s.on[name]
	return s.on[name], nil
}

func (s *fakeSwitch) Faults() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for n, on := range s.on {
		if on {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// demoFaults is the demo server's list, as main passes it.
func demoFaults() []Fault {
	out := make([]Fault, len(demo.Faults))
	for i, f := range demo.Faults {
		out[i] = Fault{Name: string(f.Name), Description: f.Description}
	}
	return out
}

func demoModel(t testing.TB, w, h int, sw FaultSwitch) Model {
	opts := testOptions()
	opts.Demo, opts.DemoServer, opts.FaultList = true, sw, demoFaults()
	return update(t, New(opts), tea.WindowSizeMsg{Width: w, Height: h})
}

// pressRun presses keys, running the command of each (a toggle) and
// feeding its answer back.
func pressRun(t testing.TB, m Model, keys ...string) Model {
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = updateCmd(t, m, keyMsg(k))
		if cmd != nil {
			if msg, ok := cmd().(faultToggledMsg); ok {
				m = update(t, m, msg)
			}
		}
	}
	return m
}

// faultsScreen is the fault list of a demo walk after keys.
func faultsScreen(w, h int, keys ...string) func(testing.TB) Model {
	return func(t testing.TB) Model {
		return pressRun(t, demoModel(t, w, h, newFakeSwitch()), append([]string{"f"}, keys...)...)
	}
}

func TestFaults_ListTogglesAndCloses(t *testing.T) {
	sw := newFakeSwitch("rate-limit")
	m := demoModel(t, 120, 40, sw)
	if v := plain(m); !strings.Contains(v, "⚑ faults: rate-limit") || !strings.Contains(v, "f demo faults") {
		t.Errorf("the walk does not show the active fault or the f key:\n%s", v)
	}
	m = press(t, m, "f")
	if m.screen != screenFaults || !strings.Contains(plain(m), "[x] rate-limit") {
		t.Fatalf("f did not open the list with rate-limit on:\n%s", plain(m))
	}
	m = pressRun(t, m, "down", "down", "space")
	if !slices.Equal(sw.toggled, []string{"post-only"}) {
		t.Errorf("toggled %v, want [post-only]", sw.toggled)
	}
	v := plain(m)
	if !strings.Contains(v, "[x] post-only") || !strings.Contains(v, "⚑ faults: post-only, rate-limit") {
		t.Errorf("the list or the banner does not show post-only on:\n%s", v)
	}
	m = pressRun(t, m, "enter")
	if sw.on["post-only"] || !strings.Contains(plain(m), "fault post-only is off") {
		t.Errorf("enter did not switch post-only off:\n%s", plain(m))
	}
	m = press(t, m, "esc")
	if m.screen != screenWalk || !strings.Contains(plain(m), "⚑ faults: rate-limit") {
		t.Errorf("esc did not go back to the walk with the banner:\n%s", plain(m))
	}
}

func TestFaults_OnlyOnADemoWalk(t *testing.T) {
	opts := testOptions()
	opts.DemoServer, opts.FaultList = newFakeSwitch("post-only"), demoFaults() // not a demo walk
	m := press(t, update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40}), "f")
	if v := plain(m); m.screen != screenWalk || strings.Contains(v, "faults:") || strings.Contains(v, "demo faults") {
		t.Errorf("a walk that is not the demo offers the fault list:\n%s", v)
	}
	m = press(t, newTestModel(t, 120, 40), "f")
	if m.screen != screenWalk {
		t.Errorf("f without a demo server opened a screen")
	}
}

func TestFaults_ScrollsInASmallWindow(t *testing.T) {
	m := press(t, demoModel(t, 80, 24, newFakeSwitch()), "f", "G")
	last := demo.Faults[len(demo.Faults)-1]
	if v := plain(m); !strings.Contains(v, "▸ [ ] "+string(last.Name)) {
		t.Errorf("G does not show the last fault:\n%s", v)
	}
}

// drive runs cmd and every command that follows, feeding their answers
// back, until nothing runs or waits. Clock and spinner ticks are dropped.
func drive(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	msgs := make(chan tea.Msg, 256)
	launch := func(c tea.Cmd) {
		if c != nil {
			go func() { msgs <- c() }()
		}
	}
	launch(cmd)
	deadline := time.After(15 * time.Second)
	for m.running >= 0 || m.fix.waiting {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					launch(c)
				}
			case spinner.TickMsg:
			case tickMsg:
				if m.fix.waiting {
					m.c.now = func() time.Time { return m.fix.until }
					m, cmd = updateCmd(t, m, msg)
					launch(cmd)
				}
			default:
				m, cmd = updateCmd(t, m, msg)
				launch(cmd)
			}
		case <-deadline:
			t.Fatalf("still running step %d after 15s", m.running+1)
		}
	}
	return m
}

// TestApplyFix_DemoServer runs the walk against the demo server with real
// faults: each failure is diagnosed, and ! fixes it.
func TestApplyFix_DemoServer(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts := Options{
		Issuer:       srv.Issuer(),
		Discovery:    flows.StyleAuto,
		ClientID:     demo.ClientID,
		ClientSecret: demo.ClientSecret,
		AuthMethod:   flows.AuthBasic,
		Scopes:       demo.DefaultScopes,
		Audience:     srv.Issuer() + "/api",
		APIMethod:    "GET",
		APIURL:       srv.Issuer() + "/api/me",
		Title:        "demo",
		Demo:         true,
		DemoServer:   srv,
		FaultList:    demoFaults(),
	}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = pressRun(t, m, "f", "down", "down", "space", "down", "space", "esc") // post-only, unknown-scope
	if v := plain(m); !strings.Contains(v, "⚑ faults: post-only, unknown-scope") {
		t.Fatalf("no banner:\n%s", v)
	}
	m, cmd := updateCmd(t, m, keyMsg("a"))
	m = drive(t, m, cmd)
	// Step 2 sees that basic is not advertised, and the walk stops there.
	expectFix(t, m, stepClient, "token.auth_not_advertised", "switch to client_secret_post")

	m, cmd = updateCmd(t, m, keyMsg("!"))
	m = drive(t, m, cmd)
	expectFix(t, m, stepToken, "token.invalid_scope", "ask for api:read")

	m, cmd = updateCmd(t, m, keyMsg("!"))
	m = drive(t, m, cmd)
	if m.token.state != stateOK || m.tok == nil {
		t.Fatalf("the token still fails:\n%s", plain(m))
	}
	if r := m.tokenRequest(); r.AuthMethod != flows.AuthPost || strings.Join(r.Scopes, " ") != "api:read" {
		t.Errorf("got %s, %q; want post and api:read", r.AuthMethod, r.Scopes)
	}
	m, cmd = updateCmd(t, m, keyMsg("enter")) // step 4
	m = drive(t, m, cmd)
	if m.call.state != stateOK {
		t.Errorf("the call failed:\n%s", plain(m))
	}
}

func TestApplyFix_DemoRateLimit(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{"rate-limit"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts := Options{
		Issuer:       srv.Issuer(),
		ClientID:     demo.ClientID,
		ClientSecret: demo.ClientSecret,
		AuthMethod:   flows.AuthBasic,
		Demo:         true,
		DemoServer:   srv,
		FaultList:    demoFaults(),
	}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("a"))
	m = drive(t, m, cmd)
	expectFix(t, m, stepToken, "token.rate_limited", "wait 5s and retry")
	if _, err := srv.ToggleFault("rate-limit"); err != nil { // the trainer switches it off during the wait
		t.Fatal(err)
	}
	m, cmd = updateCmd(t, m, keyMsg("!"))
	if !m.fix.waiting {
		t.Fatalf("no countdown")
	}
	m = drive(t, m, cmd)
	if m.token.state != stateOK {
		t.Errorf("the retry failed:\n%s", plain(m))
	}
}

// expectFix checks that step failed with the diagnosis code first and
// that ! would apply the fix named.
func expectFix(t *testing.T, m Model, step int, code, fix string) {
	t.Helper()
	b := m.base(step)
	if b.state != stateFailed && !b.diag.notes || len(b.diag.list) == 0 || string(b.diag.list[0].Code) != code {
		t.Fatalf("step %d: state %d, diagnoses %v; want %s\n%s", step+1, b.state, codes(b.diag.list), code, plain(m))
	}
	if f, ok := b.diag.fix(); !ok || !strings.Contains(f.Text, fix) || m.current != step {
		t.Fatalf("step %d (on screen %d): fix %q; want %q", step+1, m.current+1, f.Text, fix)
	}
}

func codes(ds []flows.Diagnosis) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	return out
}

// TestFaults_BannerOnEveryScreen: with a fault on, every screen of a demo
// walk names it, so that an audience knows the failure is staged.
func TestFaults_BannerOnEveryScreen(t *testing.T) {
	m := demoModel(t, 80, 24, newFakeSwitch("wrong-secret", "rate-limit"))
	for _, k := range []string{"1", "2", "3", "4", "r", "r", "?", "?", "s", "s", "f"} {
		m = press(t, m, k)
		if !strings.Contains(plain(m), "⚑ faults: wrong-secret, rate-limit") {
			t.Errorf("after %q: no fault banner:\n%s", k, plain(m))
		}
	}
}
