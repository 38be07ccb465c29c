package ui

import (
	"context"
	"errors"
	"net/http"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// The diagnoses are made from the answers as they arrive: flows.Diagnose
// is pure (no I/O), so it runs in Update with the model's clock.

// metadata is the discovered metadata, when discovery answered.
func (m *Model) metadata() *flows.Metadata {
	if m.discover.disc == nil || m.discover.state != stateOK {
		return nil
	}
	md := m.discover.disc.Metadata
	return &md
}

// beforeStep records what step i sends, for its diagnosis, and drops the
// step's old diagnosis and any pending retry.
func (m *Model) beforeStep(i int) {
	m.stopWaiting()
	m.fix.all = m.runAll
	if i >= stepToken {
		m.fix.sent = m.tokenRequest()
	}
	if i != stepClient {
		m.base(i).diag = diagnosis{}
	}
	m.markStale(i)
}

// markStale marks the results of the steps after step i as from an
// earlier run, and step i's as current.
func (m *Model) markStale(i int) {
	m.base(i).staleBy = -1
	for j := i + 1; j < numSteps; j++ {
		if b := m.base(j); b.state != stateIdle && b.state != stateRunning {
			b.staleBy = i
			m.step(j).refresh(true)
		}
	}
}

// diagnoseDiscovered explains a failed discovery, or notes the problems
// of one that answered (an issuer that differs, no token_endpoint).
func (m *Model) diagnoseDiscovered(msg discoveredMsg) {
	disc := msg.disc
	m.discover.disc = &disc // the offered fix is judged against this document
	var mismatch *walk.IssuerMismatchError
	if errors.As(msg.err, &mismatch) {
		list := flows.DiagnoseDiscovery(msg.disc)
		head := flows.Diagnosis{Summary: mismatch.Error(), Refs: []string{"RFC 8414 §3.3", "RFC 9700 §4.4"}}
		if len(list) > 0 {
			head.Code = list[0].Code
		}
		m.setDiag(stepDiscover, diagnosis{list: append([]flows.Diagnosis{head}, list...)})
		return
	}
	if msg.err != nil {
		c := flows.Context{Step: flows.StepDiscovery, Exchanges: msg.exs, Now: m.c.now()}
		m.setDiag(stepDiscover, diagnosis{list: flows.Diagnose(msg.err, c)})
		return
	}
	list := append(flows.DiagnoseDiscovery(msg.disc), flows.DiscoveryWarnings(msg.disc)...)
	m.setDiag(stepDiscover, diagnosis{list: list, notes: true})
}

// diagnoseToken explains a failed token request, or notes the doubtful
// points of the token that arrived.
func (m *Model) diagnoseToken(msg tokenFetchedMsg) {
	req := m.fix.sent
	c := flows.Context{
		Step:      flows.StepToken,
		Request:   &req,
		Metadata:  m.metadata(),
		Exchanges: []flows.Exchange{msg.ex},
		Now:       m.c.now(),
		Resource:  msg.resource.Metadata,
	}
	if msg.sent != nil {
		c.Vendor = msg.sent.Vendor
	}
	if msg.err != nil && msg.probes != nil {
		m.setDiag(stepToken, diagnosis{list: msg.probes.Explain(flows.Diagnose(msg.err, c))})
		return
	}
	if msg.err != nil {
		m.setDiag(stepToken, diagnosis{list: flows.Diagnose(msg.err, c)})
		return
	}
	m.setDiag(stepToken, tokenNotes(msg.tok, msg.check, c))
}

// tokenNotes are InspectToken's notes, with the JWKS problems.
func tokenNotes(tok flows.Token, check tokenCheck, c flows.Context) diagnosis {
	if check.jwtErr == nil {
		j := check.jwt
		c.JWT = &j
	}
	if check.verified {
		v := check.ver
		c.Verification = &v
	}
	list := flows.InspectToken(tok, c)
	if check.jwksErr != nil {
		jc := flows.Context{Step: flows.StepJWKS, Now: c.Now}
		if check.jwksEx != nil {
			jc.Exchanges = []flows.Exchange{*check.jwksEx}
		}
		list = append(list, flows.Diagnose(check.jwksErr, jc)...)
	}
	return diagnosis{list: list, notes: true}
}

// diagnoseCalled explains a failed API call; a token re-acquired during
// the call gets its notes on step 3.
func (m *Model) diagnoseCalled(msg calledMsg) {
	req := m.fix.sent
	c := flows.Context{Step: flows.StepCall, Request: &req, Metadata: m.metadata(), Exchanges: msg.exs, Now: m.c.now(),
		Resource: msg.resource.Metadata}
	if msg.res.Retried && msg.check != nil {
		m.setDiag(stepToken, tokenNotes(msg.res.Token, *msg.check, c))
	}
	if msg.err == nil {
		return
	}
	if req.Grant == nil && !msg.res.Retried {
		req.Grant = m.token.user.grant // the token's grant: a user's offers step-up
	}
	switch {
	case msg.res.Token.AccessToken != "":
		tok := msg.res.Token
		c.Token = &tok
	case m.tok != nil:
		c.Token = m.tok
	}
	m.setDiag(stepCall, diagnosis{list: flows.Diagnose(msg.err, c)})
}

// opRefetchJWKS is the token operation of the refetch_jwks fix.
const opRefetchJWKS = "fetching the JWKS again"

// jwksRefetchedMsg is the result of refetchJWKSCmd.
type jwksRefetchedMsg struct {
	seq   int
	check tokenCheck
}

// refetchJWKSCmd fetches the JWKS again (the walk's cached set is
// dropped first) and re-verifies the token.
func refetchJWKSCmd(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, raw, jwksURL string,
	seq int) tea.Cmd {
	return func() tea.Msg {
		keys.Forget(jwksURL)
		return jwksRefetchedMsg{seq: seq, check: checkToken(ctx, hc, keys, raw, jwksURL, nil)}
	}
}

// refetchJWKS starts the refetch_jwks fix on step 3's token.
func (m *Model) refetchJWKS() tea.Cmd {
	url := m.discover.jwksURL()
	if m.tok == nil || url == "" {
		m.setStatus("no token or no JWKS URL to check it with", true)
		return nil
	}
	ctx, seq, spin := m.begin(stepToken)
	m.tokenOp = opRefetchJWKS
	return tea.Batch(refetchJWKSCmd(ctx, m.hc, m.jwks, m.tok.AccessToken, url, seq), spin)
}

// onJWKSRefetched shows the signature checked against the new JWKS.
func (m *Model) onJWKSRefetched(msg jwksRefetchedMsg) tea.Cmd {
	if m.stale(msg.seq, stepToken) || m.tokenOp != opRefetchJWKS {
		return nil
	}
	if msg.check.jwksEx != nil {
		m.endTokenOp(*msg.check.jwksEx)
	} else {
		m.end()
		m.tokenOp = ""
	}
	m.token.check = msg.check
	req := m.fix.sent
	c := flows.Context{Step: flows.StepToken, Request: &req, Metadata: m.metadata(), Now: m.c.now()}
	m.setDiag(stepToken, tokenNotes(*m.tok, msg.check, c))
	m.token.refresh(false)
	switch {
	case msg.check.verified && msg.check.ver.Verified:
		m.setStatus("✓ JWKS fetched again: the signature is verified", false)
	case msg.check.jwksErr != nil:
		m.setStatus("✗ JWKS fetched again: "+clean(msg.check.jwksErr.Error()), true)
	default:
		m.setStatus("✗ JWKS fetched again: still not verified ("+clean(msg.check.ver.Err)+")", true)
	}
	return nil
}
