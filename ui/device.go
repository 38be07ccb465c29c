package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// deviceView is a device authorization on screen (RFC 8628): the user
// code, the verification URIs and their QR code, the countdown to
// expires_in, and the polls so far.
type deviceView struct {
	auth   flows.DeviceAuthorization
	poller *flows.DevicePoller
	plan   walk.Plan
	disc   *flows.Discovery
	qr     string
	polls  []flows.Poll
	start  time.Time // on the program's clock
}

// deviceStartedMsg is the device authorization's answer.
type deviceStartedMsg struct {
	seq  int
	st   walk.DeviceStart
	plan walk.Plan
	err  error
}

// pollDueMsg says the interval has passed: poll again.
type pollDueMsg struct{ seq int }

// devicePolledMsg is one poll's answer, with the token's checks when one
// came.
type devicePolledMsg struct {
	seq   int
	poll  flows.Poll
	check tokenCheck
	id    walk.IDTokenCheck
	// resource is the API's resource metadata looked up for the diagnosis
	// of a poll that failed (walk.FindResource, resource.go).
	resource walk.Resource
}

func (deviceStartedMsg) owner() int { return stepToken }
func (pollDueMsg) owner() int       { return stepToken }
func (devicePolledMsg) owner() int  { return stepToken }

// startDevice sends the device authorization request.
func (m *Model) startDevice() tea.Cmd {
	return m.beginUserGrant(func(ctx context.Context, seq int) tea.Cmd {
		m.token.user.device = nil
		m.startUserInflight("device authorization", m.deviceEndpoint())
		return deviceStartCmd(ctx, m.hc, m.sendPlan(), m.discover.disc, seq)
	})
}

// deviceStartCmd builds the plan and asks for a device code at the
// profile's device_url, else step 1's metadata's endpoint (its discovery
// reused when there is one).
func deviceStartCmd(ctx context.Context, hc *http.Client, sp sendPlan, d *flows.Discovery, seq int) tea.Cmd {
	return func() tea.Msg {
		pl, err := sp.build(ctx)
		if err != nil {
			return deviceStartedMsg{seq: seq, plan: pl, err: err}
		}
		deviceURL := pl.GrantPlan.DeviceURL // the profile's wins, as in the CLI (walk.StartDevice)
		if deviceURL == "" && d != nil {
			deviceURL = d.Metadata.DeviceEndpoint()
		}
		st, err := walk.StartDevice(ctx, hc, &pl, deviceURL, walk.Guards{})
		if st.Discovery == nil {
			st.Discovery = d
		}
		return deviceStartedMsg{seq: seq, st: st, plan: pl, err: err}
	}
}

func (m *Model) onDeviceStarted(msg deviceStartedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) {
		return nil
	}
	m.timeline.stopInflight() // the answer came; the person is away until a poll is sent
	m.timeline.add(msg.st.Exchanges...)
	m.selectExchange()
	if msg.err != nil {
		m.end()
		m.token.fail(msg.err)
		return m.failed()
	}
	m.adoptDiscovery(msg.st.Discovery, msg.st.Exchanges)
	a := msg.st.Auth
	v := &deviceView{auth: a.At(m.c.now()), plan: msg.plan, disc: msg.st.Discovery, start: m.c.now(),
		poller: flows.NewDevicePoller(msg.plan.Token, a)}
	v.qr = qrText(v.qrTarget())
	m.token.user.device = v
	m.token.refresh(false)
	return tea.Batch(pollAfter(v.poller.Interval, msg.seq), m.ensureTick())
}

// qrTarget is what the QR code holds: the URI with the code when given.
func (v *deviceView) qrTarget() string {
	if v.auth.VerificationURIComplete != "" {
		return v.auth.VerificationURIComplete
	}
	return v.auth.VerificationURI
}

func pollAfter(d time.Duration, seq int) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return pollDueMsg{seq: seq} })
}

func (m *Model) onPollDue(msg pollDueMsg) tea.Cmd {
	v := m.token.user.device
	if m.stale(msg.seq, stepToken) || v == nil {
		return nil
	}
	m.startUserInflight("token", orElse(v.plan.Token.TokenURL, m.discover.tokenURL()))
	return pollCmd(m.cancelCtx(), m.hc, m.jwks, m.c.now, v.poller, v.disc, v.plan, msg.seq)
}

// cancelCtx is a context that esc cancels, for the next request of the
// operation under way.
func (m *Model) cancelCtx() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	prev := m.cancel
	m.cancel = func() {
		cancel()
		if prev != nil {
			prev()
		}
	}
	return ctx
}

// pollCmd makes one poll; a token that came is checked (JWT, ID token),
// a poll that failed gets the API's resource metadata for its diagnosis
// (pl is the plan the device authorization was made with). The poller is
// only used here, one poll at a time.
func pollCmd(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, now func() time.Time, p *flows.DevicePoller,
	d *flows.Discovery, pl walk.Plan, seq int) tea.Cmd {
	return func() tea.Msg {
		poll := p.Poll(ctx, hc)
		msg := devicePolledMsg{seq: seq, poll: poll}
		switch {
		case poll.Status == flows.PollDone:
			msg.poll.Token = poll.Token.At(now())
			msg.check = checkToken(ctx, hc, keys, poll.Token.AccessToken, jwksOf(d), nil)
			msg.id = walk.CheckIDToken(ctx, hc, d, poll.Token, walk.IDTokenExpect{ClientID: pl.Token.ClientID,
				Now: now(), JWKS: keys})
		case !poll.Status.Continues():
			msg.resource = findResource(ctx, hc, pl, poll.Err, flows.StepToken, []flows.Exchange{poll.Exchange})
		}
		return msg
	}
}

func jwksOf(d *flows.Discovery) string {
	if d == nil {
		return ""
	}
	return d.Metadata.JWKSURI
}

func (m *Model) onDevicePolled(msg devicePolledMsg) tea.Cmd {
	v := m.token.user.device
	if m.stale(msg.seq, stepToken) || v == nil {
		return nil
	}
	p := msg.poll
	m.timeline.stopInflight()
	v.polls = append(v.polls, p)
	if p.Status.Continues() {
		m.timeline.add(p.Exchange)
		m.selectExchange()
		m.token.refresh(true)
		return pollAfter(p.Interval, msg.seq)
	}
	m.token.user.device = nil
	m.setStatus("device flow: "+p.Status.Explain(), p.Status != flows.PollDone)
	m.token.user.idTokenChecked(msg.id)
	pl := v.plan
	pl.Token.Grant = v.poller.Request.Grant // what was sent: the diagnosis judges by it
	done := tokenFetchedMsg{seq: msg.seq, tok: p.Token, ex: p.Exchange, err: p.Err, check: msg.check, sent: &pl,
		resource: msg.resource}
	cmd := m.token.onFetched(m, done)
	m.timeline.addBehind(msg.id.Exchanges...) // the token stays on show
	return cmd
}

// deviceLines draw the device authorization while the person is away:
// first the verification URI and the user code, large (what a room reads
// off the screen), then the countdown and the polls, with the QR code
// beside or under them when it fits whole (else what z does about it),
// then the keys.
func (m *tokenPane) deviceLines(v *deviceView) []string {
	room := m.resultH - len(m.warningLines())
	if lines, ok := m.deviceWithQR(v, m.width, room); ok {
		return lines
	}
	fitsAt := func(w, room int) bool {
		_, ok := m.deviceWithQR(v, w, room)
		return ok
	}
	note := m.qrNote(fitsAt, "type the URL and the code")
	return append(m.deviceText(v, m.width, note), m.deviceTail(v, m.width, false)...)
}

// deviceWithQR lays the device authorization out with its QR code in w
// cells and room lines; ok is false when the code does not fit whole.
func (m *tokenPane) deviceWithQR(v *deviceView, w, room int) ([]string, bool) {
	tail := m.deviceTail(v, w, true)
	text := func(w int) []string { return m.deviceText(v, w, "") }
	lines, ok := placeQR(text, qrLines(v.qr), len(tail), w, room)
	return append(lines, tail...), ok
}

// deviceText is what to type on the other device (RFC 8628 §3.3): the
// verification URI and the user code, then the countdown, the note said
// in the place of the QR code (if any) and the polls.
func (m *tokenPane) deviceText(v *deviceView, w int, note string) []string {
	st := m.c.styles
	code := strings.Join(strings.Split(clean(v.auth.UserCode), ""), " ")
	box := st.dialog.box.Render(st.text.accent.Bold(true).Render(code))
	lines := append([]string{"On another device, open"},
		hardwrapLine("  "+st.text.accent.Render(clean(v.auth.VerificationURI)), w)...)
	lines = append(lines, "and enter the code")
	lines = append(lines, strings.Split(box, "\n")...)
	lines = append(lines, m.deviceCountdown(v))
	if note != "" {
		lines = append(lines, wrapLines(note, w)...)
	}
	return append(lines, pollLines(st, v)...)
}

// deviceTail is what the QR code opens, when it is drawn, and the keys.
func (m *tokenPane) deviceTail(v *deviceView, w int, withQR bool) []string {
	st := m.c.styles
	var lines []string
	if withQR && v.auth.VerificationURIComplete != "" {
		lines = wrapLines("The QR code opens "+st.text.dim.Render(clean(v.auth.VerificationURIComplete))+
			" (verification_uri_complete): no typing.", w)
	}
	return append(lines, wrapLines(st.text.dim.Render(deviceHint(m.c)), w)...)
}

func deviceHint(c *common) string {
	return "device authorization (RFC 8628) · polling at the server's interval · esc stops · " +
		"o approves as the demo user (demo)"
}

// deviceCountdown is the time left before the device code expires.
func (m *tokenPane) deviceCountdown(v *deviceView) string {
	st := m.c.styles
	left := v.auth.ExpiresAt.Sub(m.c.now())
	if left <= 0 {
		return st.text.err.Render("✗ the code has expired: enter starts again")
	}
	s := fmt.Sprintf("code expires in %s · polling every %s", flows.Countdown(left), v.poller.Interval)
	if left < time.Minute {
		return st.text.warn.Render("! " + s)
	}
	return st.text.ok.Render(s)
}

// pollLines list the polls so far, the last few.
func pollLines(st styles, v *deviceView) []string {
	if len(v.polls) == 0 {
		return []string{st.text.dim.Render("waiting for the first poll …")}
	}
	var out []string
	for _, p := range v.polls[max(0, len(v.polls)-4):] {
		line := fmt.Sprintf("poll %d · %s", p.N, p.Status)
		if p.Status == flows.PollSlowDown {
			line += fmt.Sprintf(" · interval now %s", p.Interval)
		}
		out = append(out, st.text.dim.Render(line))
	}
	return out
}
