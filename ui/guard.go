package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// The TUI keeps walk's security rules: credentials go only where the
// metadata vouches for them (walk.CheckIssuer), and the doubtful
// destinations (walk.Destination) are said on the step before sending.

// guardToken refuses to send credentials after a discovery whose document
// named another issuer (RFC 8414 §3.3; the mix-up, RFC 9700 §4.4).
func (m *Model) guardToken() error {
	if e := m.discover.mismatch(); e != nil {
		return e
	}
	return nil
}

// beginUserGrant starts a grant with a user (device, authorization code)
// on step 3 as every token request starts: the issuer guard, the
// destination warnings, the spinner; first makes the grant's first command.
func (m *Model) beginUserGrant(first func(ctx context.Context, seq int) tea.Cmd) tea.Cmd {
	if err := m.guardToken(); err != nil {
		m.token.fail(err)
		return m.failed()
	}
	m.warnDestination(stepToken, "the token endpoint", m.discover.tokenURL(), m.discover.expectedIssuer())
	ctx, seq, spin := m.begin(stepToken)
	m.token.start(m.discover.expectedIssuer())
	return tea.Batch(first(ctx, seq), spin)
}

// mismatch is the issuer mismatch of the last discovery, or nil.
func (m discoverPane) mismatch() *walk.IssuerMismatchError {
	var e *walk.IssuerMismatchError
	if m.state == stateFailed && errors.As(m.err, &e) {
		return e
	}
	return nil
}

// warnDestination puts the warnings about sending to endpoint on step
// before the request goes.
func (m *Model) warnDestination(step int, what, endpoint, issuer string) {
	m.base(step).warnings = walk.Destination(what, endpoint, issuer)
}

// warningLines are the step's warnings, drawn above its result.
func (b *stepBase) warningLines() []string {
	var lines []string
	for _, w := range b.warnings {
		lines = append(lines, wrapLines(b.c.styles.text.warn.Render("! ")+clean(w.Message), b.width)...)
	}
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	return lines
}

// sentPlan records the plan a command sent: its secrets are masked from
// then on, and the token operations use its client.
func (m *Model) sentPlan(pl *walk.Plan) {
	if pl == nil {
		return
	}
	m.sent = *pl
	m.fix.sent = pl.Token
}

// redactor is the run's one masking mechanism: every exchange's secrets
// and the plan's (the client secret, its Basic credential, the secret
// params and headers).
func (m *Model) redactor() *flows.Redactor {
	r := flows.RedactorFor(m.timeline.exs, m.sent.Secrets()...)
	r.Add(m.plan.Secrets()...)
	// The secret as typed in step 2, in every form walk knows (its Basic
	// credentials included), before it has been sent.
	typed := walk.Plan{Token: flows.TokenRequest{ClientID: m.client.clientID(), ClientSecret: m.client.secret()}}
	r.Add(typed.Secrets()...)
	r.Add(m.inspect.secrets()...) // a pasted token, and the credentials in a pasted response
	return r
}
