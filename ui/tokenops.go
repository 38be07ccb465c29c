package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// Operations on the token of step 3 that run while step 3 is shown: they
// use the step's sequence number but leave the token in place.
const (
	opIntrospect = "introspection"
	opRevoke     = "revocation"
)

// introspectionEndpoint and revocationEndpoint come from discovery.
func (m *Model) introspectionEndpoint() string {
	if d := m.discover.disc; d != nil {
		return d.Metadata.IntrospectionEndpoint
	}
	return ""
}

func (m *Model) revocationEndpoint() string {
	if d := m.discover.disc; d != nil {
		return d.Metadata.RevocationEndpoint
	}
	return ""
}

// canIntrospect reports whether i can run now: on step 3, with a token, an
// endpoint and nothing running.
func (m *Model) canIntrospect() bool {
	return m.tokenOpReady() && m.introspectionEndpoint() != ""
}

// canRevoke is like canIntrospect; a revoked token cannot be revoked again.
func (m *Model) canRevoke() bool {
	return m.tokenOpReady() && m.revocationEndpoint() != "" && !m.token.revoked
}

func (m *Model) tokenOpReady() bool {
	return m.current == stepToken && m.tok != nil && m.tok.AccessToken != "" && m.running < 0 && !m.zoomed
}

// clientAuth is the client of step 2, as the token request sends it.
func (m *Model) clientAuth() flows.ClientAuth {
	r := m.tokenRequest()
	return flows.ClientAuth{ID: r.ClientID, Secret: r.ClientSecret, Method: r.AuthMethod}
}

// startTokenOp begins an introspection or revocation.
func (m *Model) startTokenOp(op string) tea.Cmd {
	ctx, seq, spin := m.begin(stepToken)
	m.tokenOp = op
	m.setStatus("", false)
	label, endpoint := "revoke", m.revocationEndpoint() // as flows labels them
	if op == opIntrospect {
		label, endpoint = "introspect", m.introspectionEndpoint()
	}
	m.timeline.startInflight(flows.Exchange{Label: label, Method: "POST", URL: endpoint}, m.c.now())
	if op == opIntrospect {
		return tea.Batch(
			introspectCmd(ctx, m.hc, m.introspectionEndpoint(), m.clientAuth(), m.tok.AccessToken, seq),
			spin,
		)
	}
	return tea.Batch(revokeCmd(ctx, m.hc, m.revocationEndpoint(), m.clientAuth(), m.tok.AccessToken, seq), spin)
}

func (m *Model) introspect() tea.Cmd {
	if !m.canIntrospect() {
		m.setStatus(m.tokenOpUnavailable("introspection", m.introspectionEndpoint()), true)
		return nil
	}
	return m.startTokenOp(opIntrospect)
}

func (m *Model) revoke() tea.Cmd {
	if !m.canRevoke() {
		m.setStatus(m.tokenOpUnavailable("revocation", m.revocationEndpoint()), true)
		return nil
	}
	return m.startTokenOp(opRevoke)
}

// tokenOpUnavailable says why i or x did nothing.
func (m *Model) tokenOpUnavailable(what, endpoint string) string {
	switch {
	case m.running >= 0:
		return fmt.Sprintf("step %d is still running: esc cancels it", m.running+1)
	case m.current != stepToken:
		return what + " works on step 3 (Token): press 3"
	case m.tok == nil:
		return "no access token yet: enter requests one"
	case endpoint == "":
		return "the server advertises no " + what + " endpoint (discovery, step 1)"
	}
	return "the token is revoked already"
}

// endTokenOp closes the operation and records its exchange.
func (m *Model) endTokenOp(ex flows.Exchange) {
	m.end()
	m.tokenOp = ""
	m.timeline.add(ex)
	m.selectExchange()
}

func (m *Model) onIntrospected(msg introspectedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) || m.tokenOp != opIntrospect {
		return nil
	}
	m.endTokenOp(msg.ex)
	m.token.introspected(msg)
	switch {
	case msg.err != nil:
		// the error names its step already ("introspection failed: …")
		m.setStatus(
			"✗ introspection failed: "+clean(strings.TrimPrefix(msg.err.Error(), "introspection failed: ")),
			true,
		)
	case msg.in.Active:
		m.setStatus("✓ introspection: the server says the token is active", false)
	default:
		m.setStatus("introspection: the server says the token is NOT active", true)
	}
	return nil
}

func (m *Model) onRevoked(msg revokedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) || m.tokenOp != opRevoke {
		return nil
	}
	m.endTokenOp(msg.ex)
	m.token.revokeDone(msg, m.c.now())
	if msg.err != nil {
		m.setStatus("✗ revocation failed: "+clean(msg.err.Error()), true)
		return nil
	}
	m.setStatus("✓ token revoked (RFC 7009) · press i to ask the server whether it is still active", false)
	return nil
}

// cancelTokenOp aborts an introspection or revocation (esc).
func (m *Model) cancelTokenOp() {
	op := m.tokenOp
	m.end()
	m.seq++
	m.tokenOp = ""
	m.setStatus(op+" cancelled", true)
}

// introspected records an introspection answer on the token pane.
func (m *tokenPane) introspected(msg introspectedMsg) {
	in := msg.in
	m.intro, m.introErr, m.introStale = &in, msg.err, false
	if msg.err != nil {
		m.intro = nil
	}
	m.refresh(false)
}

// revokeDone records a revocation; on success the countdown says revoked.
func (m *tokenPane) revokeDone(msg revokedMsg, now time.Time) {
	m.revokeErr = msg.err
	if msg.err == nil {
		m.revoked, m.revokedAt = true, now
		m.introStale = m.intro != nil // it answered before the revocation
	}
	m.refresh(false)
}

// resetOps forgets the introspection and revocation of a previous token.
func (m *tokenPane) resetOps() {
	m.intro, m.introErr, m.introStale, m.revoked, m.revokeErr = nil, nil, false, false, nil
}

// opLines shows the introspection answer and the revocation result.
func (m *tokenPane) opLines() []string {
	w := m.width
	var lines []string
	if m.revokeErr != nil {
		lines = append(lines, failureLines(m.c, "Revocation", m.revokeErr, w)...)
	}
	if m.introErr != nil {
		lines = append(lines, failureLines(m.c, "Introspection", m.introErr, w)...)
	}
	if m.intro != nil {
		lines = append(lines, m.introLines()...)
	}
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	return lines
}

// introLines are the RFC 7662 answer: active or not, then every field.
// An answer from before the revocation is one dimmed line.
func (m *tokenPane) introLines() []string {
	st, w, in := m.c.styles, m.width, m.intro
	if m.introStale {
		was := map[bool]string{true: "active", false: "not active"}[in.Active]
		return wrapLines(st.text.heading.Render("Introspection (RFC 7662)")+"  "+
			st.text.dim.Render("was "+was+" before the revocation"), w)
	}
	head := st.text.ok.Render("✓ active")
	if !in.Active {
		head = st.text.err.Render("✗ not active") + st.text.dim.Render(" (revoked, expired, or unknown to this server)")
	}
	lines := wrapLines(st.text.heading.Render("Introspection (RFC 7662)")+"  "+head, w)
	now := m.c.now()
	cell := func(k string, v any) string {
		if n, ok := v.(json.Number); ok && timeClaims[k] {
			if secs, err := n.Int64(); err == nil {
				t := time.Unix(secs, 0).UTC()
				return t.Format("2006-01-02 15:04:05 UTC") + "  " + st.text.accent.Render(flows.Relative(t, now))
			}
		}
		return anyValue(v)
	}
	fields := map[string]any{}
	for k, v := range in.Fields {
		if k != "active" {
			fields[k] = v
		}
	}
	if len(fields) == 0 {
		return lines
	}
	return append(lines, tableLines(st, "", fields, registeredClaims, w, cell)[1:]...)
}

// revokedLine replaces the countdown once the token is revoked.
func (m tokenPane) revokedLine() string {
	st := m.c.styles
	return st.text.err.Render("✗ revoked "+flows.Relative(m.revokedAt, m.c.now())+" (RFC 7009)") +
		st.text.dim.Render(" · press i to ask the server")
}
