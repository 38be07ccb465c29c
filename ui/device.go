package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

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
	return pollCmd(m.cancelCtx(), m.hc, m.jwks, m.c.now, v.poller, v.disc, v.plan.Token.ClientID, msg.seq)
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

// pollCmd makes one poll; a token that came is checked (JWT, ID token).
// The poller is only used here, one poll at a time.
func pollCmd(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, now func() time.Time, p *flows.DevicePoller,
	d *flows.Discovery, clientID string, seq int) tea.Cmd {
	return func() tea.Msg {
		poll := p.Poll(ctx, hc)
		msg := devicePolledMsg{seq: seq, poll: poll}
		if poll.Status == flows.PollDone {
			msg.poll.Token = poll.Token.At(now())
			msg.check = checkToken(ctx, hc, keys, poll.Token.AccessToken, jwksOf(d), nil)
			msg.id = walk.CheckIDToken(ctx, hc, d, poll.Token, walk.IDTokenExpect{ClientID: clientID, Now: now(),
				JWKS: keys})
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
	done := tokenFetchedMsg{seq: msg.seq, tok: p.Token, ex: p.Exchange, err: p.Err, check: msg.check, sent: &pl}
	cmd := m.token.onFetched(m, done)
	m.timeline.add(msg.id.Exchanges...)
	return cmd
}

// deviceLines draw the device authorization: the user code large, the
// URI, the countdown and the polls, with the QR code beside them when the
// pane is wide enough (else below), then the complete URI and the keys.
func (m *tokenPane) deviceLines(v *deviceView) []string {
	st, w := m.c.styles, m.width
	code := strings.Join(strings.Split(clean(v.auth.UserCode), ""), " ")
	box := st.dialog.box.Render(st.text.accent.Bold(true).Render(code))
	left := []string{st.text.heading.Render("Device authorization (RFC 8628)"), "",
		"On another device, open", "  " + st.text.accent.Render(clean(v.auth.VerificationURI)), "and enter the code"}
	left = append(left, strings.Split(box, "\n")...)
	left = append(left, "", m.deviceCountdown(v), "")
	left = append(left, pollLines(st, v)...)
	qr := strings.Split(strings.TrimRight(v.qr, "\n"), "\n")
	var lines []string
	if w >= qrWidth(left)+qrWidth(qr)+3 {
		lines = strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(left, "\n"), "   ",
			strings.Join(qr, "\n")), "\n")
	} else {
		lines = append(append(left, ""), qr...)
	}
	if v.auth.VerificationURIComplete != "" {
		lines = append(lines, wrapLines("The QR code opens "+st.text.dim.Render(clean(v.auth.VerificationURIComplete))+
			" (verification_uri_complete): no typing.", w)...)
	}
	return append(lines, wrapLines(st.text.dim.Render(deviceHint(m.c)), w)...)
}

func deviceHint(c *common) string {
	return "polling at the server's interval · esc stops · o approves as the demo user (demo)"
}

func qrWidth(lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, lipgloss.Width(l))
	}
	return w
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
