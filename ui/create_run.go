package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/profiles"
)

// run checks the credentials typed in, or creates a client in a command.
func (s *clientPane) run(m *Model) tea.Cmd {
	if s.mode == modeExisting {
		s.check()
		if s.state != stateOK {
			return m.failed()
		}
		m.setDiag(stepClient, s.authNotes())
		s.refresh(false)
		return m.succeeded(stepClient)
	}
	j, err := m.creationJob()
	if err != nil {
		s.fail(err)
		return m.failed()
	}
	ctx, seq, spin := m.begin(stepClient)
	s.start()
	return tea.Batch(createClientCmd(ctx, m.hc, j, seq), spin)
}

// onResult handles the answers of client creation.
func (s *clientPane) onResult(m *Model, sm stepMsg) tea.Cmd {
	switch msg := sm.(type) {
	case clientCreatedMsg:
		return s.onCreated(m, msg)
	case adminTokenMsg:
		s.adminTokenResolved(msg)
	}
	return nil
}

// onCreated shows the new client and where its secret went. An answer
// that carries one-time values is never dropped, even when the request
// was cancelled or replaced meanwhile.
func (s *clientPane) onCreated(m *Model, msg clientCreatedMsg) tea.Cmd {
	current := !m.stale(msg.seq, stepClient)
	if !current && len(msg.kept) == 0 {
		return nil
	}
	if current {
		m.end()
	}
	m.timeline.add(msg.exs...)
	m.selectExchange()
	s.done(msg)
	if s.created != nil {
		m.markStale(stepClient) // the token and the call were made with the old client
	}
	if s.state == stateFailed && s.created == nil {
		return m.failed()
	}
	m.setStatus(s.createdStatus())
	if s.state == stateOK && m.runAll && current && s.created.allStored() {
		return m.succeeded(stepClient)
	}
	m.runAll = false
	return nil
}

// afterEdit drops the note on an unresolved secret once a value is typed.
func (s *clientPane) afterEdit() {
	if s.secretErr != nil {
		s.refresh(true)
	}
}

// resultKey switches between existing credentials and creating a client
// (←/→), unless a client is being created; other keys scroll the result.
func (s *clientPane) resultKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if !key.Matches(msg, k.ClientMode, k.ClientModeBack) {
		return s.stepBase.resultKey(m, msg)
	}
	if m.running == stepClient {
		return nil
	}
	if key.Matches(msg, k.ClientModeBack) {
		return m.switchMode(-1)
	}
	return m.switchMode(1)
}

// switchMode shows the previous or next way of getting a client; the
// first time the admin API is chosen, its token reference is resolved.
func (m *Model) switchMode(delta int) tea.Cmd {
	cp := &m.client
	cp.setMode(clientMode((int(cp.mode) + delta + int(numModes)) % int(numModes)))
	m.setStatus("", false)
	if cp.mode != modeAdmin || cp.tmpl == nil || cp.tokenAsked {
		return nil
	}
	cp.tokenAsked = true
	if cp.tmpl.BearerToken == "" {
		cp.adminTokenResolved(adminTokenMsg{err: fmt.Errorf("the template has no bearer_token")})
		return nil
	}
	return resolveAdminTokenCmd(cp.tmpl.BearerToken)
}

// copyOnceSecret copies a secret that is shown once (y on step 2).
func (m *Model) copyOnceSecret(v profiles.OneTime) tea.Cmd {
	m.setStatus(
		fmt.Sprintf(
			"✓ copied the new %s to the clipboard · keep it somewhere safe: the server will not show it again",
			keptLabels[v.Field],
		),
		false,
	)
	return tea.SetClipboard(v.Value)
}

// createdStatus is the status line after a creation.
func (m *clientPane) createdStatus() (string, bool) {
	ci := m.created
	switch {
	case ci == nil:
		return "", false
	case !ci.allStored():
		return "⚠ a one-time value is shown ONCE in step 2: copy it now (y) — the server will not show it again", true
	case m.state == stateFailed:
		return "✗ the client was created but something is missing: see step 2", true
	}
	ref := ci.secretRef()
	if ref == "" && ci.secret == "" {
		return "✓ client created (a public client: no secret); 3 then enter gets a token with it", false
	}
	return "✓ client created; 3 then enter gets a token with it · its secret is stored as " + clean(ref), false
}
