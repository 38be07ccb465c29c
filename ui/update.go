package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// handleKey applies the global keys, then gives the key to the focused
// pane. While a text field has focus only ctrl+c, esc, tab, shift+tab and
// enter are global: every other key is typed.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.tooSmall() {
		return m.tooSmallKey(msg)
	}
	if m.help.ShowAll {
		return m.helpOpenKey(msg)
	}
	if m.screen != nil {
		return m.screen.key(m, msg)
	}
	k := m.c.keys
	if key.Matches(msg, k.Save) {
		m.openSave()
		return nil
	}
	if m.editing() && !k.isGlobalWhileEditing(msg) {
		s := m.currentStep()
		defer m.afterEdit(s)
		return s.updateField(msg)
	}
	switch {
	case key.Matches(msg, k.Quit) && m.running == stepClient && msg.String() == "q":
		m.setStatus(
			"a client is being created: q waits until its secret is stored · esc cancels · ctrl+c quits anyway",
			true,
		)
	case key.Matches(msg, k.Quit):
		m.stop()
		return tea.Quit
	case key.Matches(msg, k.Cancel):
		m.escape()
	case key.Matches(msg, k.Next):
		m.focusNext()
	case key.Matches(msg, k.Prev):
		m.focusPrev()
	case key.Matches(msg, k.Run, k.RunAll):
		all := key.Matches(msg, k.RunAll)
		if cmd, ok := m.resume(all); ok {
			return cmd
		}
		if all {
			return m.startStep(m.runAllFrom(), true)
		}
		return m.startStep(m.current, false)
	case key.Matches(msg, k.Steps):
		m.goToStep(int(msg.Code - '1'))
	default:
		return m.handleAction(msg)
	}
	return nil
}

// tooSmall reports whether the window is below the minimum size: only
// the message that says so is drawn.
func (m *Model) tooSmall() bool {
	w, h := m.c.width, m.c.height
	return w > 0 && h > 0 && (w < minWidth || h < minHeight)
}

// tooSmallKey handles a key while the window is too small: nothing acts
// unseen, only the quit keys do (q waits for a client being created, as
// on the walk; ctrl+c quits anyway).
func (m *Model) tooSmallKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case !key.Matches(msg, k.Quit):
		return nil
	case m.running == stepClient && msg.String() == "q":
		m.setStatus("a client is being created: q waits until its secret is stored · ctrl+c quits anyway", true)
		return nil
	}
	m.stop()
	return tea.Quit
}

// helpOpenKey handles a key while the full help covers the body: the
// scroll keys scroll it, esc and ? close it; any other key closes it and
// does what it does.
func (m *Model) helpOpenKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.scrollHelp(msg) {
		return nil
	}
	m.help.ShowAll = false
	if key.Matches(msg, m.c.keys.Cancel, m.c.keys.Help) {
		return nil
	}
	return m.handleKey(msg)
}

// handleAction handles the single-letter actions, then scrolling keys.
func (m *Model) handleAction(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if cmd, ok := m.presenterAction(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Help):
		m.help.ShowAll, m.helpOff = !m.help.ShowAll, 0
	case key.Matches(msg, k.Reveal):
		m.c.reveal = !m.c.reveal
		m.restyle()
	case key.Matches(msg, k.CopyCurl):
		return m.copyCurl()
	case key.Matches(msg, k.CopyToken):
		return m.copyToken()
	case key.Matches(msg, k.Zoom):
		m.toggleZoom()
	case key.Matches(msg, k.Introspect):
		return m.introspect()
	case key.Matches(msg, k.Revoke):
		return m.revoke()
	case key.Matches(msg, k.Picker) && m.store != nil:
		return m.openPicker()
	case key.Matches(msg, k.ApplyFix):
		return m.applyFix()
	case key.Matches(msg, k.Faults):
		m.openFaults()
	case key.Matches(msg, k.NextWarning):
		m.nextWarning()
	case key.Matches(msg, k.Export):
		return m.copyExport()
	case key.Matches(msg, k.ZoomStep):
		m.zoomStep, m.zoomed = !m.zoomStep, false
	case key.Matches(msg, k.Inspect):
		return m.openInspector(screenWalk)
	default:
		if cmd, ok := m.shareAction(msg); ok {
			return cmd
		}
		if cmd, ok := m.supportAction(msg); ok {
			return cmd
		}
		if cmd, ok := m.userKey(msg); ok {
			return cmd
		}
		return m.routeKey(msg)
	}
	return nil
}

// routeKey gives a key to the focused pane.
func (m *Model) routeKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.zoomed {
		m.exchange, _ = m.exchange.Update(msg)
		return nil
	}
	switch m.focus {
	case focusTimeline:
		m.timeline, _ = m.timeline.Update(msg)
		m.selectExchange()
	case focusExchange:
		m.exchange, _ = m.exchange.Update(msg)
	default:
		return m.currentStep().resultKey(m, msg)
	}
	return nil
}

func (m *Model) paste(msg tea.PasteMsg) tea.Cmd {
	if m.tooSmall() {
		return nil
	}
	if m.screen != nil {
		return m.screen.paste(m, msg)
	}
	if !m.editing() { // a token or a response pasted on the walk: inspect it
		m.openInspector(screenWalk)
		return m.inspectText(msg.Content)
	}
	s := m.currentStep()
	b := s.base()
	var cmd tea.Cmd
	b.form, cmd = b.form.Update(b.focus, msg)
	m.afterEdit(s)
	return cmd
}

// escape cancels the running request; otherwise it leaves a text field or
// the zoomed exchange.
func (m *Model) escape() {
	switch {
	case m.running >= 0:
		m.cancelRun()
	case m.fix.waiting:
		m.cancelWait()
	case m.zoomed:
		m.zoomed = false
	case m.editing():
		m.base(m.current).focusResult()
	}
}

// focusNext moves focus round: the step's result, its fields, the
// timeline, the exchange.
func (m *Model) focusNext() {
	m.zoomed = false
	b := m.base(m.current)
	switch m.focus {
	case focusStep:
		if !b.next() {
			b.focusResult()
			m.focus = focusTimeline
		}
	case focusTimeline:
		m.focus = focusExchange
	default:
		m.focus = focusStep
		b.focusResult()
	}
}

func (m *Model) focusPrev() {
	m.zoomed = false
	b := m.base(m.current)
	switch m.focus {
	case focusStep:
		if !b.prev() {
			m.focus = focusExchange
		}
	case focusExchange:
		m.focus = focusTimeline
	default:
		m.focus = focusStep
		b.setFocus(len(b.form.fields) - 1)
	}
}

// goToStep shows step i with focus on its result area.
// toggleZoom shows the exchange pane whole (r), or the panes again; with
// no exchange yet it says why nothing changes.
func (m *Model) toggleZoom() {
	if _, _, ok := m.timeline.selected(); !ok && !m.zoomed {
		m.setStatus("no request yet: r shows an exchange whole once a step has made one (enter)", true)
		return
	}
	m.zoomed, m.zoomStep = !m.zoomed, false
}

func (m *Model) goToStep(i int) {
	if i < 0 || i >= numSteps {
		return
	}
	m.base(m.current).focusResult()
	m.current = i
	m.base(i).focusResult()
	m.zoomed, m.held = false, false
	m.followStep(i)
}

// stepOfLabel is the step whose own request an exchange's label names
// (the JWKS, introspection and revocation are side requests of step 3).
var stepOfLabel = map[string]int{"discovery": stepDiscover, "registration": stepClient,
	"client creation": stepClient, "token": stepToken, "call": stepCall, "call (retry)": stepCall}

// followStep selects the last exchange of step i in the timeline, so that
// the exchange pane shows what the step on screen sent and got.
func (m *Model) followStep(i int) {
	for j := len(m.timeline.exs) - 1; j >= 0; j-- {
		if s, ok := stepOfLabel[m.timeline.exs[j].Label]; ok && s == i {
			m.timeline.selectAt(j)
			m.selectExchange()
			return
		}
	}
}

func (m *Model) copyCurl() tea.Cmd {
	ex, _, ok := m.timeline.selected()
	if !ok {
		m.setStatus("nothing to copy yet: no request has been made", true)
		return nil
	}
	how := "secrets as $VARIABLES"
	if m.c.reveal {
		how = "secrets included"
	}
	m.setStatus(
		fmt.Sprintf("✓ copied curl for %s %s to the clipboard (%s)", ex.Method, maskedURL(ex, m.c.reveal), how),
		false,
	)
	return tea.SetClipboard(m.curlFor(ex))
}

func (m *Model) copyToken() tea.Cmd {
	if v, ok := m.client.onceValue(); ok && m.current == stepClient {
		return m.copyOnceSecret(v)
	}
	if m.tok == nil || m.tok.AccessToken == "" {
		m.setStatus("no access token yet: run step 3", true)
		return nil
	}
	n := len(m.tok.AccessToken)
	m.setStatus(
		fmt.Sprintf("✓ copied the access token (%d %s) to the clipboard", n, plural(n, "character", "characters")),
		false,
	)
	return tea.SetClipboard(m.tok.AccessToken)
}

// stop cancels any request before quitting.
func (m *Model) stop() {
	if m.cancel != nil {
		m.cancel()
	}
}
