package ui

import (
	"context"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// refreshedMsg is a refresh's answer (RFC 6749 §6). reuse: the old,
// rotated refresh token was sent again on purpose.
type refreshedMsg struct {
	seq   int
	old   string
	reuse bool
	tok   flows.Token
	ex    flows.Exchange
	err   error
	check tokenCheck
	plan  walk.Plan
	// resource is the API's resource metadata looked up for the diagnosis
	// of a refresh that failed (walk.FindResource, resource.go).
	resource walk.Resource
}

func (refreshedMsg) owner() int { return stepToken }

// refreshToken refreshes the token on screen (R), or sends the old,
// rotated refresh token again (u) to show how the server reacts. The
// scopes of step 3's form, when narrower than the grant's, narrow the new
// token's scope.
func (m *Model) refreshToken(reuse bool) tea.Cmd {
	rt := ""
	switch {
	case m.running >= 0:
		m.setStatus("a request is running: esc cancels it", true)
		return nil
	case reuse && m.token.user.rotation == nil:
		m.setStatus("no rotated refresh token yet: R refreshes first", true)
		return nil
	case reuse:
		rt = m.token.user.rotation.Old
	case m.tok != nil:
		rt = m.tok.RefreshToken
	}
	if rt == "" {
		m.setStatus("no refresh token: the device or authorization code grant gets one", true)
		return nil
	}
	ctx, seq, spin := m.begin(stepToken)
	cmd := refreshCmd(ctx, m.hc, m.jwks, m.c.now, m.sendPlan(), jwksOf(m.discover.disc), m.token.user.tokenURL, rt,
		reuse, seq)
	return tea.Batch(cmd, spin)
}

// refreshCmd sends the refresh token to tokenURL, the token endpoint that
// issued it (RFC 6749 §6: a refresh token is good only at its server), or
// to the plan's when that is not known.
func refreshCmd(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, now func() time.Time, sp sendPlan,
	jwksURL, tokenURL, rt string, reuse bool, seq int) tea.Cmd {
	return func() tea.Msg {
		pl, err := sp.build(ctx)
		if err != nil {
			return refreshedMsg{seq: seq, old: rt, reuse: reuse, err: err, plan: pl}
		}
		if tokenURL != "" {
			pl.Token.TokenURL = tokenURL
		}
		pl.Token.Grant = flows.RefreshToken{Token: rt}
		tok, ex, err := flows.RequestToken(ctx, hc, pl.Token)
		msg := refreshedMsg{seq: seq, old: rt, reuse: reuse, tok: tok.At(now()), ex: ex, err: err, plan: pl}
		switch {
		case err == nil:
			msg.check = checkToken(ctx, hc, keys, tok.AccessToken, jwksURL, nil)
		case !reuse: // a reuse is meant to be refused: no diagnosis, no look-up
			msg.resource = findResource(ctx, hc, pl, err, flows.StepToken, []flows.Exchange{ex})
		}
		return msg
	}
}

func (m *Model) onRefreshed(msg refreshedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) {
		return nil
	}
	u := &m.token.user
	if msg.reuse {
		m.end()
		m.timeline.add(msg.ex)
		m.selectExchange()
		u.reuse = reuseOutcome(msg.err)
		m.setStatus("reuse of the rotated refresh token: "+u.reuse, msg.err == nil)
		m.token.refresh(true)
		return nil
	}
	if msg.err == nil {
		rot := flows.Rotation{Old: msg.old, New: msg.tok.RefreshToken}
		if rot.New == "" {
			msg.tok.RefreshToken = msg.old // not rotated: the old one stays good
		}
		u.rotation, u.reuse, u.refreshErr = &rot, "", nil
		m.token.sentFields = m.token.fieldsKey() // the refresh sent the fields as they are
		m.setStatus("✓ refreshed · refresh token "+rot.Describe(), false)
	}
	if msg.err != nil && m.tok != nil {
		return m.refreshFailed(msg)
	}
	pl := msg.plan
	done := tokenFetchedMsg{seq: msg.seq, tok: msg.tok, ex: msg.ex, err: msg.err, check: msg.check, sent: &pl,
		resource: msg.resource}
	cmd := m.token.onFetched(m, done)
	if msg.err == nil && !m.runAll {
		// R stays on the new token, and the call made with the old one is
		// stale (it jumped to step 4, where that call still read ✓).
		m.current = stepToken
		m.markStale(stepToken)
	}
	return cmd
}

// refreshFailed shows a failed refresh as the refresh's failure: the
// token on screen still works until it expires, so it stays (in step 3
// and the header). When step 3 had no result on show (its settings
// changed), the failure is step 3's.
func (m *Model) refreshFailed(msg refreshedMsg) tea.Cmd {
	m.end()
	m.sentPlan(&msg.plan)
	mark := len(m.timeline.exs) - 1
	if msg.ex.Method != "" {
		m.timeline.add(msg.ex)
		mark++ // show the refresh request, not the resource metadata after it
	}
	m.token.user.refreshErr = msg.err
	m.setStatus("✗ refresh failed: "+clean(msg.err.Error())+" · the token on screen still works until it expires",
		true)
	m.diagnoseToken(tokenFetchedMsg{seq: msg.seq, ex: msg.ex, err: msg.err, sent: &msg.plan,
		resource: msg.resource})
	m.timeline.add(msg.resource.Exchanges...)
	if mark >= 0 {
		m.timeline.selectAt(mark)
		m.selectExchange()
	}
	if m.token.state != stateOK {
		m.token.fail(msg.err)
	}
	m.token.refresh(false)
	return m.failed()
}

// reuseOutcome says what the server did with a reused refresh token.
func reuseOutcome(err error) string {
	if err == nil {
		return "accepted: the server does not detect reuse (RFC 9700 §4.14.2 says it should)"
	}
	return "refused (" + clean(err.Error()) + ")"
}

// autoRefreshDue refreshes when auto-refresh is on and the token is within
// a minute of its expiry (or past 90% of its lifetime).
func (m *Model) autoRefreshDue() tea.Cmd {
	u := m.token.user
	if !u.autoRefresh || m.running >= 0 || m.tok == nil || m.tok.RefreshToken == "" || m.tok.ExpiresAt.IsZero() {
		return nil
	}
	left, total := m.tok.ExpiresAt.Sub(m.c.now()), m.tok.ExpiresAt.Sub(m.tok.ReceivedAt)
	if left > time.Minute && left > total/10 {
		return nil
	}
	m.setStatus("auto-refresh: the token expires in "+flows.Countdown(left)+" · refreshing", false)
	return m.refreshToken(false)
}

// userTokenLines are what step 3 adds to a token for the user grants: the
// refresh token's rotation, a reuse's outcome, the checks of the redirect
// and the ID token.
func (m *tokenPane) userTokenLines() []string {
	st, w, u := m.c.styles, m.width, m.user
	var lines []string
	if r := u.rotation; r != nil {
		lines = append(lines, "", st.text.heading.Render("Refresh token rotation"))
		lines = append(lines, wrapKV(st, "old", 14, m.maskedRefresh(r.Old), w)...)
		lines = append(lines, wrapKV(st, "new", 14, m.maskedRefresh(r.New), w)...)
		lines = append(lines, wrapLines(st.text.dim.Render(r.Describe()), w)...)
		if u.reuse != "" {
			lines = append(lines, wrapKV(st, "reuse of old", 14, u.reuse, w)...)
		}
	}
	if u.refreshErr != nil {
		var diag []string
		if !m.diag.notes { // the refresh's diagnosis (and its fix)
			diag = m.diagLines()
		}
		lines = append(append(lines, ""), failureLinesWith(m.c, "Refresh (RFC 6749 §6)", u.refreshErr, w, diag)...)
	}
	if m.tok != nil && m.tok.RefreshToken != "" {
		lines = append(lines, st.text.dim.Render("R refreshes · u reuses the old refresh token · A "+
			onOff("auto-refresh", u.autoRefresh)))
	}
	if len(u.redirectRows) > 0 {
		lines = append(lines, "", st.text.heading.Render("Authorization response (RFC 6749 §4.1.2, RFC 9207)"))
		lines = append(lines, checkRowLines(st, u.redirectRows, w)...)
	}
	if len(u.idRows) > 0 {
		lines = append(lines, "", st.text.heading.Render("ID token (OIDC Core §3.1.3.7) and UserInfo"))
		lines = append(lines, checkRowLines(st, u.idRows, w)...)
	}
	return lines
}

// maskedRefresh shows a refresh token masked, with its last characters
// so that old and new can be told apart (unless revealed).
func (m *tokenPane) maskedRefresh(v string) string {
	switch {
	case v == "":
		return m.c.styles.text.dim.Render("(none)")
	case m.c.reveal:
		return clean(v)
	case len(v) < 16:
		return m.c.styles.text.mask.Render(flows.Mask)
	}
	return m.c.styles.text.mask.Render(flows.Mask) + " …" + clean(v[len(v)-4:])
}

// checkRowLines draw check rows: ✓ passed, ✗ failed, – skipped.
func checkRowLines(st styles, rows []flows.CheckRow, w int) []string {
	var out []string
	for _, r := range rows {
		mark := st.text.ok.Render("✓")
		switch r.Status {
		case flows.CheckFail:
			mark = st.text.err.Render("✗")
		case flows.CheckSkip:
			mark = st.text.dim.Render("–")
		}
		line := mark + " " + padRight(r.Name, 13) + clean(r.Detail)
		if refs := st.text.dim.Render("  " + r.Refs); lipgloss.Width(line+refs) <= w {
			line += refs // the section when it fits; the rows stay one line each
		}
		out = append(out, wrapLines(line, w)...)
	}
	return out
}

func padRight(s string, n int) string {
	for len(s) < n {
		s += " "
	}
	return s
}
