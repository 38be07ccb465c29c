package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// Presenter mode (--present, P) is for showing a walk to a room: reveal
// is off and says so, each step has a one-line caption an audience can
// follow, the chrome has more air, and the sequence diagram is the
// default view. The token's status is in the header on every step, in
// and out of presenter mode.

// presentNoReveal is what s answers in presenter mode.
const presentNoReveal = "presenter mode: secrets stay masked (reveal is off; P leaves presenter mode)"

// presenterAction handles P, and s while presenting; ok is false for
// other keys.
func (m *Model) presenterAction(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Present):
		m.setPresent(!m.c.present)
		return nil, true
	case key.Matches(msg, k.Diagram):
		m.diagram = !m.diagram
		return nil, true
	case m.c.present && key.Matches(msg, k.Reveal):
		m.setStatus(presentNoReveal, true)
		return nil, true
	}
	return nil, false
}

// setPresent turns presenter mode on or off. On, secrets are masked again
// and the sequence diagram is shown.
func (m *Model) setPresent(on bool) {
	m.c.present = on
	if on {
		m.c.reveal = false
		m.diagram = true
		m.restyle()
		m.setStatus("presenter mode: secrets stay masked · d: timeline or diagram · P: leave", false)
		return
	}
	m.setStatus("presenter mode off", false)
}

// tokenBadge is the current token's status for the header: "token ✓
// expires in 58:12", "token ! expires in 4:10" near the end, "token ✗
// expired …"; empty before a token arrived.
func (m *Model) tokenBadge() string {
	t := &m.token
	if t.tok == nil {
		return ""
	}
	st := m.c.styles
	if t.revoked {
		return st.text.err.Render("token ✗ revoked")
	}
	start, exp, ok := t.lifetime()
	if !ok {
		return st.text.ok.Render("token ✓") + st.text.dim.Render(" no expiry given")
	}
	now := m.c.now()
	left, total := exp.Sub(now), exp.Sub(start)
	switch {
	case left <= 0:
		return st.text.err.Render("token ✗ expired " + flows.Relative(exp, now))
	case total > 0 && left < total/10:
		return st.text.warn.Render("token ! expires in " + flows.Countdown(left))
	}
	return st.text.ok.Render("token ✓ expires in " + flows.Countdown(left))
}

// caption is the current step's one line for an audience, in presenter
// mode only.
func (m *Model) caption() string {
	if !m.c.present {
		return ""
	}
	switch m.current {
	case stepDiscover:
		return "The client reads the server's metadata: where the token endpoint is, " +
			"which keys sign tokens (RFC 8414 §3)"
	case stepClient:
		meth, _ := m.client.authMethod()
		return clientCaption(meth)
	case stepToken:
		if c, ok := grantCaptions[m.token.grantType()]; ok {
			return c
		}
		return "The client asks the token endpoint for an access token (RFC 6749 §3.2)"
	}
	return "The API gets the token as a Bearer credential and checks it before answering (RFC 6750 §2.1)"
}

// grantCaptions say how step 3 gets its token, by the grant of its Grant
// field.
var grantCaptions = map[flows.GrantType]string{
	flows.GrantClientCredentials: "The client asks for an access token for itself: " +
		"the client credentials grant, RFC 6749 §4.4",
	flows.GrantAuthorizationCode: "A person logs in and the client trades the code it gets back: " +
		"the authorization code grant, RFC 6749 §4.1 + PKCE, RFC 7636",
	flows.GrantDeviceCode: "A person approves on another device while the client polls: " +
		"the device authorization grant, RFC 8628",
	flows.GrantRefreshToken: "The client trades its refresh token for a new access token, " +
		"no person needed: RFC 6749 §6",
	flows.GrantTokenExchange: "The client trades a token it holds for another one: token exchange, RFC 8693",
	flows.GrantJWTBearer:     "The client presents a signed JWT assertion as its grant: JWT bearer, RFC 7523",
}

// clientCaption says how the client proves who it is.
func clientCaption(method flows.AuthMethod) string {
	switch method {
	case flows.AuthPost:
		return "The client proves who it is: id and secret in the form body, RFC 6749 §2.3.1"
	case flows.AuthNone:
		return "A public client: it sends only its id and proves nothing (RFC 6749 §2.1)"
	}
	return "The client proves who it is: id and secret in HTTP Basic, RFC 6749 §2.3.1"
}

// presentKeys are the presenter's keys for the help.
func (m *Model) presentKeys() []key.Binding {
	k := m.c.keys
	p := k.Present
	if m.c.present {
		p.SetHelp("P", "leave presenter mode")
	}
	return []key.Binding{p, k.Diagram}
}

// presenterLines are drawn under the step bar in presenter mode: a blank
// line, the step's caption, a blank line (more air for a big font).
func (m *Model) presenterLines() []string {
	c := m.caption()
	if c == "" {
		return nil
	}
	return []string{"", truncate(" "+m.c.styles.text.accent.Render(c), m.c.width), ""}
}
