package ui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// startStep runs step i; with all set, the steps after it follow as long
// as each succeeds.
func (m *Model) startStep(i int, all bool) tea.Cmd {
	if m.running >= 0 {
		m.setStatus(fmt.Sprintf("step %d is still running: esc cancels it", m.running+1), true)
		return nil
	}
	m.runAll, m.held = all, false
	m.setStatus("", false)
	m.beforeStep(i)
	return m.step(i).run(m)
}

// begin starts an operation: a new sequence number and a cancellable
// context, and the spinner.
func (m *Model) begin(step int) (context.Context, int, tea.Cmd) {
	m.seq++
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel, m.running = cancel, step
	m.timeline.startInflight(m.inflightFor(step), m.c.now())
	return ctx, m.seq, m.spin()
}

// end closes the operation whose answer arrived.
func (m *Model) end() {
	if m.cancel != nil {
		m.cancel()
	}
	m.cancel, m.running = nil, -1
	m.timeline.stopInflight()
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
	m.timeline.cancelInflight(m.c.now())
	m.end()
	m.seq++
	m.runAll = false
	m.step(step).fail(fmt.Errorf("step %d: %w", step+1, context.Canceled))
	m.setStatus(fmt.Sprintf("step %d cancelled", step+1), true)
}

// succeeded moves on to the next step, and runs it during run-all.
func (m *Model) succeeded(step int) tea.Cmd {
	if m.stopOnWarning(step) {
		return nil
	}
	return m.advance(step)
}

// advance shows the step after step, and runs it during run all.
func (m *Model) advance(step int) tea.Cmd {
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

// stopOnWarning keeps a step that passed with warnings on screen, long
// enough to read them: the walk stops there once; enter or a on it again
// goes on while the warnings stay the same.
func (m *Model) stopOnWarning(step int) bool {
	b := m.base(step)
	key := b.warningKey()
	if m.c.present && step+1 < numSteps { // presenter mode stops after each step, for the room to read it
		return m.hold(step, fmt.Sprintf("✓ step %d done (presenter mode stops after each step) · enter goes on",
			step+1))
	}
	if key == "" || key == b.acked {
		return false
	}
	b.acked = key
	m.held, m.heldAll = true, m.runAll
	m.runAll = false
	m.base(m.current).focusResult()
	m.current = step
	hint := fmt.Sprintf("! step %d passed with a warning: read it", step+1)
	if _, ok := b.diag.fix(); ok {
		hint += " · " + m.c.keys.ApplyFix.Help().Key + " applies the fix"
	}
	m.setStatus(hint+" · enter goes on", false)
	return true
}

// hold keeps the walk on step with a status; enter or a goes on.
func (m *Model) hold(step int, status string) bool {
	m.held, m.heldAll = true, m.runAll
	m.runAll = false
	m.base(m.current).focusResult()
	m.current = step
	m.setStatus(status, false)
	return true
}

// resume goes on from a step the walk stopped on for its warnings (enter
// or a on it): the next step is shown, and run all goes on with it.
func (m *Model) resume(all bool) (tea.Cmd, bool) {
	if !m.held || m.running >= 0 || m.base(m.current).state != stateOK {
		return nil, false
	}
	m.held = false
	m.runAll = all || m.heldAll
	m.setStatus("", false)
	return m.advance(m.current), true
}

func (m *Model) failed() tea.Cmd {
	m.runAll = false
	m.base(m.current).focusResult()
	return nil
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
	return tea.Batch(m.retryDue(), m.autoRefreshDue(), m.ensureTick())
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
	if m.running < 0 && !m.sup.editor.sending {
		m.spinning = false
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return cmd
}
