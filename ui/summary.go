package ui

import (
	"fmt"
	"strings"
)

// The end-of-run summary: how many steps passed and the warnings met on
// the way ("✓ 4/4 · 2 warnings: clock skew, auth not advertised"), after
// the step bar; n jumps to each step with a warning in turn.

// stepWarnings are the short names of step i's warnings: its notes (a
// step that passed) and its destination warnings.
func (m *Model) stepWarnings(i int) []string {
	b := m.base(i)
	if b.stale() || b.state != stateOK {
		return nil
	}
	var out []string
	if b.diag.notes {
		for _, d := range b.diag.list {
			out = append(out, shortCode(string(d.Code)))
		}
	}
	for _, w := range b.warnings {
		out = append(out, shortCode(string(w.Code)))
	}
	return out
}

// shortCode is a diagnosis or warning code in words: "token.clock_skew"
// reads "clock skew".
func shortCode(code string) string {
	if i := strings.LastIndex(code, "."); i >= 0 {
		code = code[i+1:]
	}
	return strings.ReplaceAll(code, "_", " ")
}

// summaryText is the summary once a step has finished: the steps that passed
// (results from before a change do not count) and the warnings, by name
// when named is set.
func (m *Model) summaryText(named bool) string {
	st := m.c.styles
	ran, ok := false, 0
	var warns []string
	for i := range numSteps {
		b := m.base(i)
		if b.state != stateIdle && b.state != stateRunning {
			ran = true // a summary of finished steps only, not of a step still running
		}
		if b.state == stateOK && !b.stale() {
			ok++
		}
		warns = append(warns, m.stepWarnings(i)...)
	}
	if !ran {
		return ""
	}
	head := st.text.ok.Render(fmt.Sprintf("✓ %d/%d", ok, numSteps))
	if len(warns) == 0 {
		return head
	}
	count := fmt.Sprintf("%d %s", len(warns), plural(len(warns), "warning", "warnings"))
	if !named {
		return head + st.step.sep.Render(" · ") + st.text.warn.Render(count) + st.text.dim.Render(" (n)")
	}
	return head + st.step.sep.Render(" · ") + st.text.warn.Render(count+": ") + clean(strings.Join(warns, ", ")) +
		st.text.dim.Render(" (n)")
}

// hasWarnings reports whether any step has a warning (w can jump).
func (m *Model) hasWarnings() bool {
	for i := range numSteps {
		if len(m.stepWarnings(i)) > 0 {
			return true
		}
	}
	return false
}

// nextWarning shows the next step after the current one with a warning,
// its notes scrolled into view.
func (m *Model) nextWarning() {
	for d := 1; d <= numSteps; d++ {
		i := (m.current + d) % numSteps
		if len(m.stepWarnings(i)) > 0 {
			m.goToStep(i)
			m.base(i).result.GotoBottom()
			m.setStatus(fmt.Sprintf("step %d: %s · n goes to the next warning", i+1,
				strings.Join(m.stepWarnings(i), ", ")), false)
			return
		}
	}
	m.setStatus("no warnings in this run", false)
}
