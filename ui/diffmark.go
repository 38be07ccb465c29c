package ui

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// Choosing two exchanges to diff: m marks one, D on another diffs them.
// Without a mark, D diffs the selected exchange with the baseline run's
// exchange of the same label (--baseline FILE.har), else a resend with its
// original, else a retry with the attempt before it (the same step's
// previous exchange).

// markMark marks the exchange marked to diff in the timeline.
const markMark = "◆ "

// supportKeys are the walk's keys of the Support seat: E, m, D.
func (m *Model) supportKeys() []key.Binding {
	k := m.c.keys
	_, _, some := m.timeline.selected()
	return []key.Binding{enabled(k.Resend, some), enabled(k.Mark, some), enabled(k.Diff, some), k.Inspect}
}

// supportAction runs E, m and D; ok is false for other keys.
func (m *Model) supportAction(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Resend):
		m.openEditor()
	case key.Matches(msg, k.Mark):
		m.markExchange()
	case key.Matches(msg, k.Diff):
		m.diffSelected()
	default:
		return nil, false
	}
	return nil, true
}

// markExchange marks the selected exchange to diff with another (m);
// m on the marked one takes the mark back.
func (m *Model) markExchange() {
	ex, i, ok := m.timeline.selected()
	switch {
	case !ok:
		m.setStatus("nothing to mark yet: run a step first (enter)", true)
	case m.timeline.marked == i+1:
		m.timeline.marked = 0
		m.setStatus("mark taken back", false)
	default:
		m.timeline.marked = i + 1
		m.setStatus(fmt.Sprintf("marked #%d %s: select another exchange (tab to the timeline, ↑/↓) and press D "+
			"to diff them", i+1, clean(ex.Label)), false)
	}
}

// diffSelected opens the compare screen for the selected exchange (D).
func (m *Model) diffSelected() {
	ex, i, ok := m.timeline.selected()
	if !ok {
		m.setStatus("nothing to diff yet: run a step first (enter)", true)
		return
	}
	if mk := m.timeline.marked - 1; mk >= 0 && mk != i && mk < len(m.timeline.exs) {
		m.timeline.marked = 0
		m.openCompare(mk, i, false)
		return
	}
	if m.sup.baseline != nil {
		m.diffBaseline(ex, i)
		return
	}
	if j, ok := m.sup.origins[i]; ok {
		m.openCompare(j, i, true)
		return
	}
	if j := m.previousAttempt(i); j >= 0 {
		m.openCompare(j, i, false)
		return
	}
	m.setStatus(fmt.Sprintf("nothing to compare #%d with: no earlier %s exchange · m marks an exchange, "+
		"then D on another diffs them", i+1, clean(ex.Label)), true)
}

// previousAttempt is the index of the exchange before i of the same step
// (a retry's first attempt, the token request before a re-acquired one),
// or -1.
func (m *Model) previousAttempt(i int) int {
	step := flows.StepOfLabel(m.timeline.exs[i].Label)
	for j := i - 1; j >= 0; j-- {
		if flows.StepOfLabel(m.timeline.exs[j].Label) == step && !m.timeline.cancelled[j] {
			return j
		}
	}
	return -1
}

// diffBaseline diffs the exchange with the baseline run's last exchange
// of the same label (a resend's label without its suffix), or says there
// is none.
func (m *Model) diffBaseline(ex flows.Exchange, i int) {
	label := strings.TrimSuffix(ex.Label, walk.ResendSuffix)
	for j := len(m.sup.baseline) - 1; j >= 0; j-- {
		if b := m.sup.baseline[j]; b.Label == label {
			m.sup.compare = compareView{a: b, b: ex, aName: fmt.Sprintf("baseline #%d", j+1),
				bName: fmt.Sprintf("#%d", i+1), bIndex: i, cache: &compareCache{}}
			m.sup.compare.diff(m.c)
			m.screen, m.help.ShowAll = screenCompare, false
			m.setStatus("", false)
			return
		}
	}
	m.setStatus(fmt.Sprintf("the baseline %s has no %q exchange: nothing to compare #%d with "+
		"(m marks one of this run, then D on another)", m.sup.baselineName, clean(label), i+1), true)
}

// setBaseline keeps a known-good run to compare with.
func (m *Model) setBaseline(exs []flows.Exchange, name string) {
	if len(exs) == 0 {
		return
	}
	m.sup.baseline, m.sup.baselineName = exs, filepath.Base(name)
}
