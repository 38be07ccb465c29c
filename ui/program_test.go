package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// probe wraps the root model to report each state it reaches, so that the
// test waits for states rather than for bytes of a diffed screen.
type probe struct {
	Model
	seen  chan stepStates
	types chan string // the type of every message
}

// stepStates is a snapshot of plain values, safe to read on another
// goroutine.
type stepStates struct {
	states  [numSteps]stepState
	running int
}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := p.Model.Update(msg)
	p.Model = next.(Model)
	select {
	case p.types <- fmt.Sprintf("%T", msg):
	default:
	}
	s := stepStates{running: p.running}
	for i := range numSteps {
		s.states[i] = p.base(i).state
	}
	select {
	case p.seen <- s:
	default:
	}
	return p, cmd
}

func waitForStep(t *testing.T, seen <-chan stepStates, step int, want stepState) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case s := <-seen:
			if s.states[step] == want && s.running == -1 {
				return
			}
		case <-deadline:
			t.Fatalf("step %d never reached state %d", step+1, want)
		}
	}
}

// TestProgram_WalksTheDemo runs the program against the in-process demo
// server and presses enter at each step.
func TestProgram_WalksTheDemo(t *testing.T) {
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
		APIMethod:    "GET",
		APIURL:       srv.Issuer() + "/api/me",
		Title:        "demo",
		Demo:         true,
	}
	seen, types := make(chan stepStates, 4096), make(chan string, 4096)
	tm := teatest.NewTestModel(
		t,
		probe{Model: New(opts), seen: seen, types: types},
		teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	for step := range numSteps {
		tm.Send(keyMsg("enter"))
		waitForStep(t, seen, step, stateOK)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(`"message":`)) },
		teatest.WithDuration(5*time.Second))
	checkIdle(t, types)
	tm.Send(keyMsg("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(probe).Model
	checkWalk(t, final)
}

// checkIdle watches the idle program with a countdown on screen: it gets
// one message a second, the clock's tick, and nothing else (no spinner).
func checkIdle(t *testing.T, types chan string) {
	t.Helper()
	time.Sleep(200 * time.Millisecond)
	for len(types) > 0 {
		<-types
	}
	time.Sleep(3200 * time.Millisecond)
	ticks, other := 0, []string{}
	for len(types) > 0 {
		if typ := <-types; typ == "ui.tickMsg" {
			ticks++
		} else {
			other = append(other, typ)
		}
	}
	if ticks < 2 || ticks > 4 || len(other) > 0 {
		t.Errorf("idle for 3.2s: %d ticks and %v, want 3 ticks (±1) and nothing else", ticks, other)
	}
}

func checkWalk(t *testing.T, m Model) {
	t.Helper()
	var labels []string
	for _, ex := range m.timeline.exs {
		labels = append(labels, ex.Label)
	}
	if got, want := strings.Join(labels, " "), "discovery token jwks call"; got != want {
		t.Errorf("timeline: got %q, want %q", got, want)
	}
	if !m.token.check.verified || !m.token.check.ver.Verified {
		t.Errorf("the demo token's signature was not verified: %+v %v", m.token.check.ver, m.token.check.jwksErr)
	}
	if m.call.ex == nil || m.call.ex.Status != 200 {
		t.Errorf("the API call did not succeed")
	}
	// A prefix, on the plain text: a whole token would be wrapped across lines.
	mustNotContain(t, "final view", plainView(m), demo.ClientSecret, m.tok.AccessToken[:20])
}

// TestProgram_PickerDemoAndSave starts on the picker, opens the demo
// entry, runs every step, and saves the walk with ctrl+s.
func TestProgram_PickerDemoAndSave(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	store := profiles.Store{Dir: t.TempDir()}
	opts := Options{Store: &store, Picker: true, DemoIssuer: srv.Issuer()}
	seen, types := make(chan stepStates, 4096), make(chan string, 4096)
	tm := teatest.NewTestModel(
		t,
		probe{Model: New(opts), seen: seen, types: types},
		teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("built-in demo server")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(keyMsg("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Demo server")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(keyMsg("a"))
	waitForStep(t, seen, stepCall, stateOK)
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	for _, r := range "from-demo" {
		tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tm.Send(keyMsg("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("saved profile from-demo")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(keyMsg("q"))
	tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	p, err := store.Load("from-demo")
	if err != nil {
		t.Fatal(err)
	}
	if p.ClientSecret != "env:FROM_DEMO_CLIENT_SECRET" || p.Issuer != srv.Issuer() {
		t.Errorf("saved: client_secret %q issuer %q", p.ClientSecret, p.Issuer)
	}
}
