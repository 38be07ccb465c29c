package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/internal/formbrowser"
	"github.com/oauthlens/oauthlens/walk"
)

// authWait bounds the wait for the browser's redirect.
const authWait = 5 * time.Minute

// authView is an authorization request on screen while the browser is
// out: the URL (and its QR code), the state and PKCE, the listener.
type authView struct {
	st         walk.AuthCodeStart
	lb         *flows.Loopback
	plan       walk.Plan
	qr         string
	browserErr error
}

type authStartedMsg struct {
	seq        int
	st         walk.AuthCodeStart
	lb         *flows.Loopback
	plan       walk.Plan
	browserErr error
	err        error
}

type callbackMsg struct {
	seq int
	q   url.Values
	err error
}

type authFinishedMsg struct {
	seq   int
	res   walk.AuthCodeResult
	plan  walk.Plan
	check tokenCheck
	id    walk.IDTokenCheck
	err   error
	// resource is the API's resource metadata for a failure's diagnosis.
	resource walk.Resource
}

func (authStartedMsg) owner() int  { return stepToken }
func (callbackMsg) owner() int     { return stepToken }
func (authFinishedMsg) owner() int { return stepToken }

// startAuthCode opens a loopback listener, builds the authorization
// request (PKCE S256, state, nonce; PAR when the metadata requires it)
// and opens the browser.
func (m *Model) startAuthCode() tea.Cmd {
	return m.beginUserGrant(func(ctx context.Context, seq int) tea.Cmd {
		m.token.user.auth = nil
		m.timeline.stopInflight() // no token request until the redirect brings a code
		return authStartCmd(ctx, m.hc, m.sendPlan(), m.discover.disc, seq)
	})
}

func authStartCmd(ctx context.Context, hc *http.Client, sp sendPlan, d *flows.Discovery, seq int) tea.Cmd {
	return func() tea.Msg {
		pl, err := sp.build(ctx)
		if err != nil {
			return authStartedMsg{seq: seq, plan: pl, err: err}
		}
		lb, err := startListener(pl.GrantPlan.RedirectURI)
		if err != nil {
			return authStartedMsg{seq: seq, plan: pl, err: err}
		}
		st, err := walk.StartAuthCode(ctx, hc, &pl, walk.AuthCodeOptions{RedirectURI: lb.RedirectURI(),
			Discovery: d}, walk.Guards{})
		if err != nil {
			lb.Close()
			return authStartedMsg{seq: seq, st: st, plan: pl, err: err}
		}
		lb.SetJudge(st.Judge)
		return authStartedMsg{seq: seq, st: st, lb: lb, plan: pl, browserErr: flows.OpenBrowser(st.URL)}
	}
}

func (m *Model) onAuthStarted(msg authStartedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) {
		if msg.lb != nil {
			msg.lb.Close()
		}
		return nil
	}
	m.timeline.add(msg.st.Exchanges...)
	m.selectExchange()
	if msg.err != nil {
		m.end()
		m.token.fail(msg.err)
		return m.failed()
	}
	m.adoptDiscovery(msg.st.Discovery, msg.st.Exchanges)
	v := &authView{st: msg.st, lb: msg.lb, plan: msg.plan, qr: qrText(msg.st.URL), browserErr: msg.browserErr}
	m.token.user.auth = v
	m.token.refresh(false)
	return waitCallbackCmd(m.cancelCtx(), msg.lb, msg.seq)
}

// waitCallbackCmd waits for the redirect at the listener (one use).
func waitCallbackCmd(ctx context.Context, lb *flows.Loopback, seq int) tea.Cmd {
	return func() tea.Msg {
		q, err := lb.Wait(ctx, authWait)
		return callbackMsg{seq: seq, q: q, err: err}
	}
}

func (m *Model) onCallback(msg callbackMsg) tea.Cmd {
	v := m.token.user.auth
	if m.stale(msg.seq, stepToken) || v == nil {
		return nil
	}
	if msg.err != nil {
		m.token.user.auth = nil
		m.end()
		m.token.fail(msg.err)
		return m.failed()
	}
	m.startUserInflight("token", orElse(v.plan.Token.TokenURL, m.discover.tokenURL()))
	return authFinishCmd(m.cancelCtx(), m.hc, m.jwks, m.c.now, v.plan, v.st, msg.q, msg.seq)
}

func authFinishCmd(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, now func() time.Time, pl walk.Plan,
	st walk.AuthCodeStart, q url.Values, seq int) tea.Cmd {
	return func() tea.Msg {
		res, err := walk.FinishAuthCode(ctx, hc, &pl, st, q)
		msg := authFinishedMsg{seq: seq, res: res, plan: pl, err: err}
		msg.resource = findResource(ctx, hc, pl, err, flows.StepToken, res.Exchanges)
		if err == nil {
			msg.res.Token = res.Token.At(now())
			msg.check = checkToken(ctx, hc, keys, res.Token.AccessToken, jwksOf(st.Discovery), nil)
			msg.id = walk.CheckIDToken(ctx, hc, st.Discovery, res.Token, walk.IDTokenExpect{
				ClientID: pl.Token.ClientID, Nonce: st.Request.Nonce, Code: res.Callback.Code, Now: now(),
				JWKS: keys})
		}
		return msg
	}
}

func (m *Model) onAuthFinished(msg authFinishedMsg) tea.Cmd {
	v := m.token.user.auth
	if m.stale(msg.seq, stepToken) || v == nil {
		return nil
	}
	m.token.user.auth = nil
	m.token.user.idTokenChecked(msg.id)
	m.token.user.redirectRows = msg.res.Callback.Checks
	if ae, ok := msg.err.(*flows.AuthError); ok {
		m.setStatus("✗ "+clean(ae.Error())+": "+ae.Explain(), true)
	}
	var ex flows.Exchange
	if len(msg.res.Exchanges) > 0 {
		ex = msg.res.Exchanges[0]
	}
	pl := msg.plan
	done := tokenFetchedMsg{seq: msg.seq, tok: msg.res.Token, ex: ex, err: msg.err, check: msg.check, sent: &pl,
		resource: msg.resource}
	cmd := m.token.onFetched(m, done)
	m.timeline.addBehind(msg.id.Exchanges...) // the token stays on show
	return cmd
}

// authLines draw the authorization request while the browser is out,
// with the URL's QR code when it fits whole (else what z does about it).
func (m *tokenPane) authLines(v *authView) []string {
	room := m.resultH - len(m.warningLines())
	text := func(w int) []string { return m.authText(v, w, "") }
	qr := qrLines(v.qr)
	if lines, ok := placeQR(text, qr, 0, m.width, room); ok {
		return lines
	}
	fitsAt := func(w, room int) bool {
		_, ok := placeQR(text, qr, 0, w, room)
		return ok
	}
	return m.authText(v, m.width, m.qrNote(fitsAt, "open the URL above"))
}

// authText is the authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3)
// in w cells: the URL whole (broken, not cut: it may have to be opened
// by hand), the note said in the place of the QR code (if any), the
// redirect_uri, state, PKCE and nonce.
func (m *tokenPane) authText(v *authView, w int, note string) []string {
	st := m.c.styles
	r := v.st.Request
	lines := []string{st.text.heading.Render("Authorization code + PKCE (RFC 6749 §4.1, RFC 7636)"), ""}
	if v.browserErr != nil {
		lines = append(lines, wrapLines(st.text.warn.Render("! no browser opened ("+clean(v.browserErr.Error())+
			"): open this URL yourself"), w)...)
	} else {
		lines = append(lines, "The browser was opened on the authorization URL:")
	}
	lines = append(lines, hardwrapLine(st.text.accent.Render(clean(v.st.URL)), w)...)
	if note != "" {
		lines = append(lines, wrapLines(note, w)...)
	}
	lines = append(lines, "")
	lines = append(lines, wrapKV(st, "redirect_uri", 14, clean(r.RedirectURI)+"  (loopback, one use)", w)...)
	lines = append(lines, wrapKV(st, "state", 14, clean(r.State), w)...)
	lines = append(lines, wrapKV(st, "PKCE", 14, "S256 · challenge "+clean(r.PKCE.Challenge)+
		" · verifier "+st.text.mask.Render(flows.Mask), w)...)
	if r.Nonce != "" {
		lines = append(lines, wrapKV(st, "nonce", 14, clean(r.Nonce), w)...)
	}
	if v.st.Pushed {
		lines = append(lines, wrapKV(st, "PAR", 14, "pushed first (RFC 9126): the URL carries only request_uri", w)...)
	}
	lines = append(lines, "")
	return append(lines, wrapLines(st.text.dim.Render(
		"waiting for the redirect · esc stops · o logs in as the demo user (demo)"), w)...)
}

// approveLogin approves the pending login from the TUI: the device
// authorization through the demo server, or the authorization request by
// logging in on the demo's page as its user (the redirect then reaches
// the listener).
func (m *Model) approveLogin() tea.Cmd {
	a := m.approver()
	u := m.token.user
	switch {
	case a == nil:
		m.setStatus("o approves a login only on the demo server (oauthlens demo)", true)
		return nil
	case u.device != nil:
		code := u.device.auth.UserCode
		return func() tea.Msg { return approvedMsg{err: a.ApproveDevice(code, true)} }
	case u.auth != nil:
		target := u.auth.st.URL
		return func() tea.Msg { return approvedMsg{err: demoLogin(target)} }
	}
	m.setStatus("no login is waiting: run the device or authorization code grant first", true)
	return nil
}

// demoLogin plays the browser on the demo's login page.
func demoLogin(target string) error {
	b := formbrowser.New("")
	page, err := b.Get(target)
	if err != nil {
		return err
	}
	_, err = b.Submit(page, url.Values{"username": {demoUser}, "password": {demoPassword}, "action": {"approve"}})
	return err
}

// startListener starts the loopback listener of the authorization code
// grant: on the port and path of the profile's fixed redirect_uri (servers
// that register exact URIs, RFC 8252 §7.3), else on a random port.
func startListener(redirectURI string) (*flows.Loopback, error) {
	port, path, err := walk.LoopbackAddr(redirectURI)
	if err != nil {
		return nil, &flows.ConfigError{Msg: "redirect_uri " + clean(redirectURI) + ": " + err.Error()}
	}
	lb, err := flows.StartLoopback(port, path)
	if err != nil && port != 0 {
		return nil, &flows.ConfigError{Msg: fmt.Sprintf("cannot listen on port %d of the redirect_uri %s: %s",
			port, clean(redirectURI), clean(err.Error()))}
	}
	return lb, err
}
