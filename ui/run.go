package ui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// startStep runs step i; with all set, the steps after it follow as long
// as each succeeds.
func (m *Model) startStep(i int, all bool) tea.Cmd {
	if m.running >= 0 {
		m.setStatus(fmt.Sprintf("step %d is still running: esc cancels it", m.running+1), true)
		return nil
	}
	m.runAll = all
	m.setStatus("", false)
	m.beforeStep(i)
	switch i {
	case stepDiscover:
		return m.startDiscover()
	case stepClient:
		return m.startClient()
	case stepToken:
		return m.startToken()
	}
	return m.startCall()
}

// begin starts an operation: a new sequence number and a cancellable
// context, and the spinner.
func (m *Model) begin(step int) (context.Context, int, tea.Cmd) {
	m.seq++
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel, m.running = cancel, step
	return ctx, m.seq, m.spin()
}

// end closes the operation whose answer arrived.
func (m *Model) end() {
	if m.cancel != nil {
		m.cancel()
	}
	m.cancel, m.running = nil, -1
}

// stale reports whether an answer belongs to an operation that was
// cancelled or replaced.
func (m *Model) stale(seq, step int) bool {
	return seq != m.seq || m.running != step
}

// cancelRun aborts the request in flight (esc); its late answer is stale.
func (m *Model) cancelRun() {
	if m.tokenOp != "" {
		m.cancelTokenOp()
		return
	}
	step := m.running
	m.end()
	m.seq++
	m.runAll = false
	err := fmt.Errorf("step %d: %w", step+1, context.Canceled)
	switch step {
	case stepDiscover:
		m.discover.fail(err)
	case stepClient:
		m.client.fail(err)
	case stepToken:
		m.token.fail(err)
	case stepCall:
		m.call.fail(err)
	}
	m.setStatus(fmt.Sprintf("step %d cancelled", step+1), true)
}

// succeeded moves on to the next step, and runs it during run-all.
func (m *Model) succeeded(step int) tea.Cmd {
	if step+1 >= numSteps {
		m.runAll = false
		return nil
	}
	onStep := m.focus == focusStep
	m.base(m.current).focusResult()
	m.current = step + 1
	if onStep {
		m.base(m.current).focusResult()
	}
	if m.runAll {
		return m.startStep(step+1, true)
	}
	return nil
}

func (m *Model) failed() tea.Cmd {
	m.runAll = false
	m.base(m.current).focusResult()
	return nil
}

func (m *Model) startDiscover() tea.Cmd {
	issuer := m.discover.issuer()
	if issuer == "" {
		if m.discover.tokenURL() == "" {
			m.discover.fail(&flows.ConfigError{Msg: "no issuer and no token URL: type one of them"})
			return m.failed()
		}
		m.discover.skip()
		return m.succeeded(stepDiscover)
	}
	ctx, seq, spin := m.begin(stepDiscover)
	m.discover.start()
	return tea.Batch(discoverCmd(ctx, m.hc, issuer, m.discover.style, seq), spin)
}

func (m *Model) onDiscovered(msg discoveredMsg) tea.Cmd {
	if m.stale(msg.seq, stepDiscover) {
		return nil
	}
	m.end()
	m.timeline.add(msg.exs...)
	m.selectExchange()
	m.diagnoseDiscovered(msg)
	m.discover.done(msg)
	m.client.setAdvertised(m.discover.authMethods())
	if msg.err == nil {
		m.client.setRegistration(msg.disc.Metadata.RegistrationEndpoint)
	}
	if msg.err != nil {
		return m.failed()
	}
	return m.succeeded(stepDiscover)
}

// tokenRequest gathers the token request from steps 1 to 3.
func (m *Model) tokenRequest() flows.TokenRequest {
	method, _ := m.client.authMethod()
	if _, ok := m.client.authMethod(); !ok {
		method = flows.AuthMethod(m.client.authText())
	}
	return flows.TokenRequest{
		TokenURL: m.discover.tokenURL(), ClientID: m.client.clientID(), ClientSecret: m.client.secret(),
		AuthMethod: method, Scopes: m.token.scopes(), Audience: m.token.audience(), Resource: m.token.resources(),
	}
}

func (m *Model) startToken() tea.Cmd {
	ctx, seq, spin := m.begin(stepToken)
	m.token.start(m.discover.expectedIssuer())
	return tea.Batch(fetchTokenCmd(ctx, m.hc, m.c.now, m.tokenRequest(), m.discover.jwksURL(), seq), spin)
}

func (m *Model) onTokenFetched(msg tokenFetchedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) {
		return nil
	}
	m.end()
	m.timeline.add(msg.ex)
	mark := len(m.timeline.exs) - 1 // show the token exchange, not the JWKS one
	if msg.check.jwksEx != nil {
		m.timeline.add(*msg.check.jwksEx)
	}
	m.timeline.selectAt(mark)
	m.selectExchange()
	m.diagnoseToken(msg)
	m.token.done(msg)
	if msg.err != nil {
		m.tok = nil
		return m.failed()
	}
	tok := msg.tok
	m.tok = &tok
	return tea.Batch(m.ensureTick(), m.succeeded(stepToken))
}

func (m *Model) startCall() tea.Cmd {
	if m.tok == nil {
		m.call.fail(&flows.ConfigError{Msg: "no access token yet: run step 3 (Token) first"})
		return m.failed()
	}
	req, err := m.call.request()
	if err != nil {
		m.call.fail(err)
		return m.failed()
	}
	ctx, seq, spin := m.begin(stepCall)
	m.call.start()
	return tea.Batch(callCmd(ctx, m.hc, m.c.now, req, *m.tok, m.tokenRequest(), m.token.check, seq), spin)
}

func (m *Model) onCalled(msg calledMsg) tea.Cmd {
	if m.stale(msg.seq, stepCall) {
		return nil
	}
	m.end()
	m.timeline.add(msg.exs...)
	mark := len(m.timeline.exs) - 1 // show the final call, not the JWKS one
	if msg.check != nil && msg.check.jwksEx != nil {
		m.timeline.add(*msg.check.jwksEx)
	}
	m.timeline.selectAt(mark)
	m.selectExchange()
	m.diagnoseCalled(msg)
	m.call.done(msg)
	if msg.res.Retried && msg.check != nil {
		tok := msg.res.Token
		m.tok = &tok
		m.token.replaced(tok, *msg.check)
	}
	if msg.err != nil {
		return m.failed()
	}
	return m.succeeded(stepCall)
}

// ensureTick arms the clock if a token is on screen or a retry counts
// down, and no tick is pending: there is never more than one tick in
// flight.
func (m *Model) ensureTick() tea.Cmd {
	if m.pendingTicks > 0 || !m.token.hasToken() && !m.fix.waiting {
		return nil
	}
	m.pendingTicks++
	return tickCmd()
}

// onTick redraws what depends on the time and re-arms the clock.
func (m *Model) onTick() tea.Cmd {
	m.pendingTicks = max(0, m.pendingTicks-1)
	m.token.refresh(true)
	return tea.Batch(m.retryDue(), m.ensureTick())
}

// spin starts the spinner unless it is already ticking.
func (m *Model) spin() tea.Cmd {
	if m.spinning {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick
}

// onSpin advances the spinner while a request runs, and lets it stop
// otherwise: no ticking when nothing runs.
func (m *Model) onSpin(msg spinner.TickMsg) tea.Cmd {
	if m.running < 0 {
		m.spinning = false
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return cmd
}
