package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// Fields of the token form.
const (
	fScopes = iota
	fAudience
	fResource
	fParams
	fGrant
)

// tokenPane is step 3: the client credentials grant, the token it gives,
// its claims and signature, and a countdown to its expiry.
type tokenPane struct {
	stepBase
	tok        *flows.Token
	check      tokenCheck
	err        error
	asked      []string
	expectIss  string
	expectAud  string
	reacquired bool // the token shown came from a retry during the call
	bar        progress.Model

	intro    *flows.Introspection // the last introspection answer (i)
	introErr error
	// introStale: the introspection answered before the revocation.
	introStale bool
	revoked    bool // x revoked the token
	revokedAt  time.Time
	revokeErr  error
	user       userState // the grants with a user (userflow.go)
	sentFields string    // the fields (fieldsKey) when the request on show was sent
	zoom       zoomRoom  // the room full screen (z) would give (qr.go)
}

func newTokenPane(c *common, opts Options) tokenPane {
	m := tokenPane{
		stepBase: newStepBase(c,
			newField(c, "Scopes", strings.Join(opts.Scopes, " "), "space-separated, e.g. api:read api:write", false),
			newField(c, "Audience", opts.Audience, "optional (audience parameter)", false),
			newField(c, "Resource", strings.Join(opts.Resource, " "), "optional, RFC 8707 (space-separated)", false),
			paramsField(c, opts),
			newField(c, "Grant", planOf(opts).GrantPlan.Name, "client_credentials (default) · t changes it", false),
		),
		bar: progress.New(progress.WithFillCharacters('█', '░'), progress.WithoutPercentage()),
	}
	m.fixed = 1
	return m
}

func (m tokenPane) scopes() []string    { return strings.Fields(m.form.value(fScopes)) }
func (m tokenPane) audience() string    { return m.form.value(fAudience) }
func (m tokenPane) resources() []string { return strings.Fields(m.form.value(fResource)) }
func (m tokenPane) params() []string    { return splitParams(m.form.value(fParams)) }
func (m tokenPane) grant() string       { return m.form.value(fGrant) }

// fieldsKey is what the fields say, to tell when they change.
func (m tokenPane) fieldsKey() string {
	vals := make([]string, len(m.form.fields))
	for i := range vals {
		vals[i] = m.form.value(i)
	}
	return strings.Join(vals, "\n")
}

// paramsField shows the extra token request parameters; references are
// resolved when the request is sent.
func paramsField(c *common, opts Options) field {
	f := newField(c, "Params", paramsText(planOf(opts).Params), "optional: k=v, k2=env:NAME", false)
	f.mask = maskParams
	return f
}

// hasToken reports whether a token is on screen (and the clock should run).
func (m tokenPane) hasToken() bool { return m.tok != nil || m.user.ticking() }

func (m *tokenPane) start(expectIss string) {
	m.state, m.err = stateRunning, nil
	m.asked, m.expectIss, m.expectAud = m.scopes(), expectIss, m.audience()
	m.sentFields = m.fieldsKey()
	m.refresh(false)
}

func (m *tokenPane) fail(err error) {
	m.user.device, m.user.auth = nil, nil // a cancelled wait: the listener closes with its context
	m.state, m.err = stateFailed, err
	m.refresh(false)
}

// done records the answer of the token endpoint. A failed request keeps
// the previous token out of view: the failure is what matters now.
func (m *tokenPane) done(msg tokenFetchedMsg) {
	if msg.err != nil {
		m.tok = nil
		m.resetOps()
		m.fail(msg.err)
		return
	}
	tok := msg.tok
	m.tok, m.check, m.reacquired, m.state = &tok, msg.check, false, stateOK
	m.user.grant, m.user.tokenURL, m.user.refreshErr = nil, "", nil
	if msg.sent != nil {
		m.user.grant, m.user.tokenURL = msg.sent.Token.Grant, msg.sent.Token.TokenURL
	}
	m.resetOps()
	m.refresh(false)
}

// replaced records a token re-acquired during the API call.
func (m *tokenPane) replaced(tok flows.Token, c tokenCheck) {
	m.tok, m.check, m.reacquired, m.state = &tok, c, true, stateOK
	m.staleBy = -1 // a new token
	m.resetOps()
	m.refresh(false)
}

func (m *tokenPane) SetSize(w, h int) {
	if m.stepBase.SetSize(w, h) {
		m.bar.SetWidth(max(10, min(40, w-32)))
		m.refresh(true)
	}
}

func (m tokenPane) View() string { return m.view(m.countdownLine()) }

func (m tokenPane) Update(msg tea.KeyPressMsg) (tokenPane, tea.Cmd) {
	if m.editing() {
		return m, m.updateField(msg)
	}
	m.scrollResult(msg)
	return m, nil
}

// refresh redraws the result; while the person is away (a device code,
// a login) the form is put away: what to do comes first, with room for
// the QR code.
func (m *tokenPane) refresh(keep bool) {
	m.setFold(m.user.waiting())
	m.setResult(m.resultLines(), keep)
}

// lifetime is when the token was issued and when it expires. There is
// one expiry, used everywhere: the JWT's exp claim when the token has one
// (RFC 7519 §4.1.4; the API checks that, not expires_in), else
// expires_in from the time the answer was received (RFC 6749 §5.1). The
// start is the JWT's iat when it has one.
func (m tokenPane) lifetime() (start, exp time.Time, ok bool) {
	start = m.tok.ReceivedAt
	if m.check.jwtErr == nil {
		if e, has := m.check.jwt.Time("exp"); has {
			if iat, has := m.check.jwt.Time("iat"); has {
				start = iat
			}
			return start, e, true
		}
	}
	if m.tok.HasExpiresIn {
		return start, m.tok.ExpiresAt, true
	}
	return start, exp, false
}

// countdownLine is "expires in 59:12 ████░░░░ 2% used", warning-coloured
// in the last tenth of the lifetime, and "expired" after.
func (m tokenPane) countdownLine() string {
	st := m.c.styles
	if m.tok == nil {
		return ""
	}
	if m.revoked {
		return m.revokedLine()
	}
	start, exp, ok := m.lifetime()
	if !ok {
		return st.text.dim.Render("no expiry given (no expires_in, no exp claim)")
	}
	now := m.c.now()
	left, total := exp.Sub(now), exp.Sub(start)
	used := 1.0
	if total > 0 {
		used = min(1, max(0, float64(now.Sub(start))/float64(total)))
	}
	bar := m.bar
	bar.FullColor, bar.EmptyColor = st.progress.full, st.progress.empty
	label := st.text.ok.Render("expires in " + flows.Countdown(left))
	switch {
	case left <= 0:
		bar.FullColor = st.progress.warn
		label = st.text.err.Render("✗ expired " + flows.Relative(exp, now))
	case total > 0 && left < total/10:
		bar.FullColor = st.progress.warn
		label = st.text.warn.Render("! expires in " + flows.Countdown(left))
	}
	return label + "  " + bar.ViewAs(used) + fmt.Sprintf(" %d%% used", int(used*100))
}

func (m *tokenPane) resultLines() []string {
	st, w := m.c.styles, m.width
	switch m.state {
	case stateRunning:
		if l := m.userRunningLines(); l != nil {
			return l
		}
		return []string{st.text.dim.Render("requesting a token …")}
	case stateFailed:
		return m.failureView("Token request", m.err)
	case stateOK:
		if m.tok != nil {
			return m.tokenLines()
		}
	}
	if l := m.userIdleLines(); l != nil {
		return l
	}
	return wrapLines(
		"enter requests a token from the token URL of step 1 with the client of step 2 (client credentials grant, RFC 6749 §4.4).",
		w,
	)
}

func (m *tokenPane) tokenLines() []string {
	st, w, t := m.c.styles, m.width, m.tok
	head := st.text.ok.Render("✓ Token received")
	if m.reacquired {
		head = st.text.ok.Render("✓ Token re-acquired") + " during the API call"
	}
	typ := clean(t.TokenType)
	if typ == "" {
		typ = st.text.warn.Render("no token_type")
	}
	lines := wrapLines(head+" · "+typ+m.expiresIn(), w)
	lines = append(lines, wrapKV(st, "access_token", 14, m.accessToken(), w)...)
	if ops := m.opLines(); len(ops) > 0 {
		lines = append(append(lines, ""), ops...)
	}
	lines = append(lines, m.scopeSummary()...)
	if m.check.jwtErr == nil {
		lines = append(lines, signatureLines(st, m.check, w)...)
	}
	lines = append(lines, m.otherFields()...)
	lines = append(lines, m.notesView()...)
	lines = append(lines, m.userTokenLines()...)
	if m.check.jwtErr != nil {
		return lines
	}
	now := m.c.now()
	lines = append(lines, "")
	lines = append(lines, jwtLines(st, m.check.jwt, now, w)...)
	fs := flows.CheckClaims(m.check.jwt, m.expectIss, m.expectAud, now)
	return append(lines, findingLines(st, fs, w)...)
}

func (m *tokenPane) expiresIn() string {
	if !m.tok.HasExpiresIn {
		return " · no expires_in"
	}
	return fmt.Sprintf(
		" · expires_in %d (%s)",
		m.tok.ExpiresIn,
		flows.HumanDuration(time.Duration(m.tok.ExpiresIn)*time.Second),
	)
}

// accessToken is the token masked (or, revealed, in full) with what kind
// of token it is.
func (m *tokenPane) accessToken() string {
	st := m.c.styles
	v := st.text.mask.Render(flows.Mask)
	if m.c.reveal {
		v = clean(m.tok.AccessToken)
	}
	var kind string
	switch {
	case errors.Is(m.check.jwtErr, flows.ErrNotJWT):
		kind = st.text.dim.Render("opaque (not a JWT): only the server can read it, e.g. by introspection (RFC 7662)")
	case m.check.jwtErr != nil:
		kind = st.text.warn.Render(clean(m.check.jwtErr.Error()))
	default:
		kind = fmt.Sprintf("JWT · %s · kid %s", clean(m.check.jwt.Alg()), clean(m.check.jwt.KID()))
	}
	return v + "  " + kind
}

func (m *tokenPane) scopeSummary() []string {
	granted, source := m.tok.GrantedScopes(), ""
	if granted == nil && m.check.jwtErr == nil && len(m.check.jwt.Scopes()) > 0 {
		granted, source = m.check.jwt.Scopes(), "from the JWT's scope claim"
	}
	return scopeLines(m.c.styles, m.asked, granted, source, m.width)
}

// otherFields lists the rest of the token response, secrets masked.
func (m *tokenPane) otherFields() []string {
	st := m.c.styles
	var lines []string
	skip := map[string]bool{"access_token": true, "token_type": true, "expires_in": true, "scope": true}
	for _, k := range orderedKeys(m.tok.Fields, nil) {
		if skip[k] {
			continue
		}
		v := anyValue(m.tok.Fields[k])
		if flows.IsSecretField(k) && !m.c.reveal {
			v = st.text.mask.Render(flows.Mask)
		}
		lines = append(lines, wrapKV(st, clean(k), 14, v, m.width)...)
	}
	return lines
}
