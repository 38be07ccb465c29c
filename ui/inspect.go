package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// inspectTimeout bounds the inspector's requests (discovery, JWKS,
// introspection).
const inspectTimeout = 30 * time.Second

// inspectState is the inspector (Inspect a token or response…): pasted
// text read by walk.Inspect, checked against the walk's issuer and client.
// It lives in the model, as every screen's state does.
type inspectState struct {
	back   screen             // where esc goes: the walk or the picker
	input  string             // typed text, before it is inspected
	in     *walk.Inspection   // the result; nil: the paste area
	busy   string             // what runs: "verifying", "introspecting"
	seq    int                // the request in flight; other answers are stale
	disc   *flows.Discovery   // the issuer's discovery once made, for introspection
	cancel context.CancelFunc // aborts the request in flight
	offset int                // the first line shown
	lines  int                // the body's height when last drawn, for paging
	// confirmed: introspection's warnings were shown, i again sends anyway.
	confirmed bool
	cache     *inspectCache // the lines, drawn once per inspection, width, reveal and styles
}

// inspectedMsg is the answer of inspectVerifyCmd or inspectIntrospectCmd.
type inspectedMsg struct {
	seq  int
	in   walk.Inspection
	disc *flows.Discovery
	err  error // the plan did not build (a reference that does not resolve)
}

// secrets are the inspected paste's secrets and those of the requests it
// made, for the run's Redactor.
func (s inspectState) secrets() []flows.Secret {
	if s.in == nil {
		return nil
	}
	out := slices.Clone(s.in.Secrets())
	for _, ex := range s.in.Exchanges {
		out = append(out, ex.Secrets...)
	}
	return out
}

// openInspector shows the paste area; back is where esc returns.
func (m *Model) openInspector(back screen) tea.Cmd {
	m.stopInspect()
	m.inspect = inspectState{back: back, seq: m.inspect.seq, cache: &inspectCache{}}
	m.screen, m.help.ShowAll = screenInspect, false
	m.setStatus("", false)
	return nil
}

// inspectText reads pasted text and, for a JWT, checks its signature with
// the walk's issuer's keys in a command.
func (m *Model) inspectText(text string) tea.Cmd {
	m.stopInspect()
	in := walk.Inspect(text, m.inspectExpect())
	m.inspect.in, m.inspect.offset, m.inspect.input, m.inspect.confirmed = &in, 0, "", false
	m.setStatus("", false)
	if in.Kind != walk.PasteJWT || !m.hasWalk || m.discover.issuer() == "" {
		return nil
	}
	ctx, seq := m.beginInspect("verifying")
	pl := walk.Plan{Issuer: m.discover.issuer(), Discovery: m.discover.style}
	return inspectVerifyCmd(ctx, m.hc, pl, m.inspectDiscovery(), in, seq)
}

// inspectExpect is what the paste is judged against: the walk's issuer
// and audience, when a walk is open, and the program's clock.
func (m *Model) inspectExpect() walk.Expect {
	e := walk.Expect{Now: m.c.now()}
	if !m.hasWalk {
		return e
	}
	e.Issuer = m.discover.expectedIssuer()
	if a := m.token.audience(); a != "" {
		e.Audience = append(e.Audience, a)
	}
	e.Audience = append(e.Audience, m.token.resources()...)
	return e
}

// inspectDiscovery is the discovery the walk or the inspector made (its
// issuer checked by walk.Discover), as a copy; nil when there is none.
func (m *Model) inspectDiscovery() *flows.Discovery {
	d := m.inspect.disc
	if d == nil {
		d = m.discover.disc
	}
	if d == nil {
		return nil
	}
	c := *d
	return &c
}

// beginInspect starts a request of the inspector.
func (m *Model) beginInspect(what string) (context.Context, int) {
	m.inspect.seq++
	ctx, cancel := context.WithTimeout(context.Background(), inspectTimeout)
	m.inspect.cancel, m.inspect.busy = cancel, what
	return ctx, m.inspect.seq
}

// stopInspect cancels the inspector's request in flight.
func (m *Model) stopInspect() {
	if m.inspect.cancel != nil {
		m.inspect.cancel()
	}
	m.inspect.cancel, m.inspect.busy = nil, ""
	m.inspect.seq++
}

// inspectVerifyCmd verifies a pasted JWT with the JWKS of the walk's
// issuer (walk.Inspection.Verify: never the token's own iss).
func inspectVerifyCmd(ctx context.Context, hc *http.Client, pl walk.Plan, d *flows.Discovery, in walk.Inspection,
	seq int) tea.Cmd {
	return func() tea.Msg {
		d = in.Verify(ctx, hc, pl, d, walk.Guards{})
		return inspectedMsg{seq: seq, in: in, disc: d}
	}
}

// inspectIntrospectCmd asks the walk's server about the pasted token with
// the walk's client (RFC 7662), the plan built (its references resolved)
// here. Unless anyway is set, a warning about the endpoint (another host
// than the issuer's, plain http) holds the request before it is sent.
func inspectIntrospectCmd(ctx context.Context, hc *http.Client, sp sendPlan, d *flows.Discovery,
	in walk.Inspection, anyway bool, seq int) tea.Cmd {
	return func() tea.Msg {
		pl, err := sp.build(ctx)
		if err != nil {
			return inspectedMsg{seq: seq, in: in, disc: d, err: err}
		}
		d = in.Introspect(ctx, hc, pl, d, walk.Guards{}, anyway)
		return inspectedMsg{seq: seq, in: in, disc: d}
	}
}

// onInspected takes the answer of the inspector's request.
func (m *Model) onInspected(msg inspectedMsg) {
	if msg.seq != m.inspect.seq || m.inspect.in == nil {
		return
	}
	op := m.inspect.busy
	m.inspect.cancel, m.inspect.busy = nil, ""
	m.inspect.in, m.inspect.disc = &msg.in, msg.disc
	switch in := msg.in; {
	case msg.err != nil:
		m.setStatus("✗ introspection: "+m.c.say(msg.err.Error()), true)
	case op == "introspecting" && in.IntrospectHeld:
		m.inspect.confirmed = true
		m.setStatus("! introspection not sent: read the warning; i sends anyway", true)
	case op == "introspecting" && in.IntrospectErr != nil:
		m.setStatus("✗ introspection: "+m.c.say(in.IntrospectErr.Error()), true)
	case op == "introspecting" && in.Introspection != nil && in.Introspection.Active:
		m.setStatus("✓ introspection: the server says the token is active", false)
	case op == "introspecting":
		m.setStatus("introspection: the server says the token is NOT active", true)
	}
}

// inspectIntrospect starts introspection (i) of the pasted token.
func (m *Model) inspectIntrospect() tea.Cmd {
	in := m.inspect.in
	switch {
	case in != nil && in.Kind == walk.PasteBasic:
		m.setStatus("a Basic credential is a client's id and secret, not a token: it is never introspected", true)
		return nil
	case in == nil || in.Token == "":
		m.setStatus("introspection needs a token: paste one", true)
		return nil
	case !m.hasWalk:
		m.setStatus("introspection asks with the walk's client: open a profile first (esc, then enter)", true)
		return nil
	case m.inspect.busy != "":
		m.setStatus("still "+m.inspect.busy+": wait, or esc to stop", true)
		return nil
	case m.guardToken() != nil: // the issuer guard, as for every request with the client's credentials
		m.setStatus("✗ introspection: "+m.c.say(m.guardToken().Error()), true)
		return nil
	}
	anyway := m.inspect.confirmed
	ctx, seq := m.beginInspect("introspecting")
	m.setStatus("", false)
	return inspectIntrospectCmd(ctx, m.hc, m.sendPlan(), m.inspectDiscovery(), *in, anyway, seq)
}

// inspectCopy copies the analysis as text: masked unless revealed.
func (m *Model) inspectCopy() tea.Cmd {
	if m.inspect.in == nil {
		m.setStatus("nothing to copy yet: paste a token or a response", true)
		return nil
	}
	lines := m.inspectLines(4096) // one line each: a token copied whole, text unwrapped
	for i, l := range lines {
		lines[i] = strings.TrimRight(m.c.mask(ansi.Strip(l)), " ")
	}
	how := "secrets masked"
	if m.c.reveal {
		how = "secrets included"
	}
	m.setStatus("✓ copied the analysis ("+how+") to the clipboard", false)
	return tea.SetClipboard(strings.Join(lines, "\n") + "\n")
}

// inspectKey handles a key on the inspector.
func (m *Model) inspectKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		m.stop()
		m.stopInspect()
		return tea.Quit
	case key.Matches(msg, k.Leave):
		m.stopInspect()
		m.screen = m.inspect.back
		return nil
	case m.inspect.in == nil:
		return m.inspectInputKey(msg)
	}
	return m.inspectResultKey(msg)
}

// inspectInputKey types into the paste area; enter inspects what was typed.
func (m *Model) inspectInputKey(msg tea.KeyPressMsg) tea.Cmd {
	s := &m.inspect
	switch {
	case key.Matches(msg, m.c.keys.Run):
		return m.inspectText(s.input)
	case msg.String() == "backspace":
		r := []rune(s.input)
		s.input = string(r[:max(0, len(r)-1)])
	case key.Matches(msg, m.c.keys.ClearBefore):
		s.input = ""
	case msg.Text != "" && len(s.input) < walk.MaxPaste:
		s.input += msg.Text
	}
	return nil
}

// inspectResultKey handles the result's keys: reveal, introspect, copy,
// help, scrolling.
func (m *Model) inspectResultKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, k.Reveal):
		m.c.reveal = !m.c.reveal && !m.c.present
		if m.c.present {
			m.setStatus("presenter mode: secrets stay masked (P leaves it)", true)
		}
		m.restyle()
	case key.Matches(msg, k.Introspect):
		return m.inspectIntrospect()
	case key.Matches(msg, k.CopyCurl):
		return m.inspectCopy()
	case key.Matches(msg, k.Quit) && msg.String() == "q":
		m.stop()
		m.stopInspect()
		return tea.Quit
	default:
		h := m.otherBodyHeight(lineCount(m.helpView())) // View draws on a copy: the height is computed here
		last := max(0, len(m.inspectCachedLines(m.c.width))-h)
		m.inspect.offset, _ = k.move(msg, m.inspect.offset, h-1, last)
	}
	return nil
}
