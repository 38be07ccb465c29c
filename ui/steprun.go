package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// run discovers the server's metadata, or skips discovery when only a
// token URL is known.
func (s *discoverPane) run(m *Model) tea.Cmd {
	issuer := s.issuer()
	if issuer == "" {
		if s.tokenURL() == "" {
			s.fail(&flows.ConfigError{Msg: "no issuer and no token URL: type one of them"})
			return m.failed()
		}
		s.skip()
		return m.succeeded(stepDiscover)
	}
	ctx, seq, spin := m.begin(stepDiscover)
	s.start()
	return tea.Batch(discoverCmd(ctx, m.hc, issuer, s.style, seq), spin)
}

// onResult shows what discovery found and tells step 2 what the server
// advertises.
func (s *discoverPane) onResult(m *Model, sm stepMsg) tea.Cmd {
	msg, ok := sm.(discoveredMsg)
	if !ok || m.stale(msg.seq, stepDiscover) {
		return nil
	}
	m.end()
	m.timeline.add(msg.exs...)
	m.selectExchange()
	m.diagnoseDiscovered(msg)
	s.done(msg)
	m.client.setAdvertised(s.authMethods())
	if msg.err != nil {
		return m.failed()
	}
	m.client.setRegistration(msg.disc.Metadata.RegistrationEndpoint)
	return m.succeeded(stepDiscover)
}

// adoptDiscovery makes a discovery that step 3's grant made on its own
// (step 1 not run) step 1's result: it was made, with the issuer check,
// and its token and JWKS URLs are the ones the token came from.
func (m *Model) adoptDiscovery(d *flows.Discovery, exs []flows.Exchange) {
	if d == nil || d == m.discover.disc || len(exs) == 0 || m.discover.state == stateOK {
		return
	}
	msg := discoveredMsg{disc: *d, exs: exs}
	m.diagnoseDiscovered(msg)
	m.discover.done(msg)
	m.discover.staleBy = -1
	m.client.setAdvertised(m.discover.authMethods())
	m.client.setRegistration(d.Metadata.RegistrationEndpoint)
}

// clientUsed marks step 2 done when step 3 got a token with its client
// without step 2 having been run: the credentials were checked by the
// server. Step 2's own check (and its notes) then applies.
func (m *Model) clientUsed() {
	if s := &m.client; s.state == stateIdle && s.mode == modeExisting {
		s.check()
		if s.state == stateOK {
			m.setDiag(stepClient, s.authNotes())
			s.refresh(false)
		}
	}
}

// run requests a token with the client of step 2.
func (s *tokenPane) run(m *Model) tea.Cmd {
	if cmd, ok := m.runUserGrant(); ok {
		return cmd
	}
	if err := m.guardToken(); err != nil {
		s.fail(err)
		return m.failed()
	}
	m.warnDestination(stepToken, "the token endpoint", m.discover.tokenURL(), m.discover.expectedIssuer())
	ctx, seq, spin := m.begin(stepToken)
	s.start(m.discover.expectedIssuer())
	cmd := fetchTokenCmd(ctx, m.hc, m.jwks, m.c.now, m.sendPlan(), m.discover.jwksURL(), m.metadata(), seq)
	return tea.Batch(cmd, spin)
}

// onResult handles the token endpoint's answer and the answers of the
// operations on the token (introspection, revocation, the JWKS again).
func (s *tokenPane) onResult(m *Model, sm stepMsg) tea.Cmd {
	switch msg := sm.(type) {
	case tokenFetchedMsg:
		return s.onFetched(m, msg)
	case introspectedMsg:
		return m.onIntrospected(msg)
	case revokedMsg:
		return m.onRevoked(msg)
	case jwksRefetchedMsg:
		return m.onJWKSRefetched(msg)
	}
	return m.onUserMsg(sm)
}

func (s *tokenPane) onFetched(m *Model, msg tokenFetchedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) {
		return nil
	}
	m.end()
	m.sentPlan(msg.sent)
	m.timeline.add(msg.disc.exs...)
	if msg.disc.d != nil {
		m.adoptDiscovery(msg.disc.d, msg.disc.exs)
	}
	if msg.ex.Method != "" {
		m.timeline.add(msg.ex)
	}
	mark := len(m.timeline.exs) - 1 // show the token exchange, not the JWKS one
	if msg.probes != nil {
		for _, ex := range msg.probes.Exchanges() {
			m.timeline.add(ex)
		}
	}
	if msg.check.jwksEx != nil {
		m.timeline.add(*msg.check.jwksEx)
	}
	m.timeline.add(msg.resource.Exchanges...)
	m.timeline.selectAt(mark)
	m.selectExchange()
	m.diagnoseToken(msg)
	s.done(msg)
	if msg.err != nil {
		m.tok = nil
		return m.failed()
	}
	tok := msg.tok
	m.tok = &tok
	m.clientUsed()
	return tea.Batch(m.ensureTick(), m.succeeded(stepToken))
}

// run calls the API with the token of step 3.
func (s *callPane) run(m *Model) tea.Cmd {
	if m.tok == nil {
		s.fail(&flows.ConfigError{Msg: "no access token yet: run step 3 (Token) first"})
		return m.failed()
	}
	if s.form.value(fAPIURL) == "" { // no test request: nothing failed (issue 12, item 8)
		s.skip()
		return m.succeeded(stepCall)
	}
	if err := s.check(); err != nil {
		s.fail(err)
		return m.failed()
	}
	if err := m.guardToken(); err != nil {
		s.fail(err)
		return m.failed()
	}
	m.warnDestination(stepCall, "the API", s.form.value(fAPIURL), "")
	ctx, seq, spin := m.begin(stepCall)
	s.start()
	cmd := callCmd(ctx, m.hc, m.jwks, m.c.now, m.sendPlan(), lower(m.loaded.SecretHeaders), *m.tok, m.fix.sent.Grant,
		m.token.check, seq)
	return tea.Batch(cmd, spin)
}

// onResult shows the API's answer; a token re-acquired on the way goes to
// step 3.
func (s *callPane) onResult(m *Model, sm stepMsg) tea.Cmd {
	msg, ok := sm.(calledMsg)
	if !ok || m.stale(msg.seq, stepCall) {
		return nil
	}
	m.end()
	m.sentPlan(msg.sent)
	m.timeline.add(msg.exs...)
	mark := len(m.timeline.exs) - 1 // show the final call, not the JWKS one
	if msg.check != nil && msg.check.jwksEx != nil {
		m.timeline.add(*msg.check.jwksEx)
	}
	m.timeline.add(msg.resource.Exchanges...)
	m.timeline.selectAt(mark)
	m.selectExchange()
	m.diagnoseCalled(msg)
	s.done(msg)
	if msg.res.Retried && msg.check != nil {
		tok := msg.res.Token
		m.tok = &tok
		if r := msg.rotation; r != nil { // refreshed (a user grant's token): step 3 shows the rotation
			m.token.user.rotation, m.token.user.reuse = r, ""
		}
		m.token.replaced(tok, *msg.check)
	}
	if msg.err != nil {
		return m.failed()
	}
	return m.succeeded(stepCall)
}

// afterEdit drops the note on an unresolved header once a value is typed.
func (s *callPane) afterEdit() {
	if len(s.headerErrs) > 0 {
		s.refresh(true)
	}
}
