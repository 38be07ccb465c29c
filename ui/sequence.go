package ui

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
)

// The sequence diagram (d; the default in presenter mode) draws the walk
// as oauth.tools and MCPJam do on the web: the client, the authorization
// server and the API as lifelines, each exchange an arrow labelled with
// its method and path, and its answer an arrow back with the status.
// Failures are in the error colour. It is another view of the timeline:
// the same exchanges (probes and retries included) in the same order,
// the same selection (↑/↓ with the timeline focused), and r opens the
// selected exchange.

// lifelines are the three participants, left to right.
var lifelines = [3]string{"Client", "Authorization server", "API"}

// lifelineOf is the participant an exchange went to: the API for calls,
// the authorization server for everything else.
func lifelineOf(ex flows.Exchange) int {
	if flows.StepOfLabel(ex.Label) == flows.StepCall {
		return 2
	}
	return 1
}

// lifelineCols are the columns of the lifelines in a diagram w cells wide
// (two cells on the left are the selection marker).
func lifelineCols(w int) [3]int {
	return [3]int{4, 2 + (w-2)/2, w - 5}
}

// sequenceRows draws the whole diagram: the participants, then two rows
// per exchange (the request, the answer). first[i] is the row of exchange
// i's request.
func sequenceRows(st styles, exs []flows.Exchange, sel int, focused bool, w int) (rows []string, first []int) {
	cols := lifelineCols(w)
	rows = append(rows, participantRow(st, cols, w), lifelineRow(st, cols, w, nil))
	for i, ex := range exs {
		first = append(first, len(rows))
		to := cols[lifelineOf(ex)]
		bad := ex.Status == 0 || ex.Status >= 400
		req := fmt.Sprintf(" %s %s ", ex.Method, pathOf(ex.URL))
		resp := " " + answerText(ex) + " "
		reqRow := arrowRow(cols, w, cols[0], to, req, '─', '▶')
		respRow := arrowRow(cols, w, to, cols[0], resp, '╌', '◀')
		style := st.list.normal
		if bad {
			style = st.text.err
		}
		marker := "  "
		if i == sel {
			marker = selMark
			if focused {
				style = st.list.selected
			} else {
				style = st.list.selectedBlurred
			}
		}
		rows = append(
			rows,
			marker+style.Render(reqRow[2:]),
			"  "+answerStyle(st, ex, i == sel, focused).Render(respRow[2:]),
		)
	}
	return rows, first
}

// answerStyle colours an answer: the error colour for a failure.
func answerStyle(st styles, ex flows.Exchange, selected, focused bool) styleRenderer {
	switch {
	case selected && focused:
		return st.list.selected
	case ex.Status == 0 || ex.Status >= 400:
		return st.text.err
	case selected:
		return st.list.selectedBlurred
	}
	return st.text.ok
}

// styleRenderer is what a lipgloss style offers here.
type styleRenderer interface{ Render(...string) string }

// answerText is "401 Unauthorized · 12ms", or the transport error.
func answerText(ex flows.Exchange) string {
	if ex.Status == 0 {
		return "✗ no answer"
	}
	return strings.TrimSpace(clean(ex.StatusText)) + " · " + duration(ex.Duration)
}

// pathOf is the path of a URL, as on the request line (no query: it may
// carry a token).
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "/"
	}
	return clean(u.Path)
}

// participantRow names the lifelines, centred on them where there is room.
func participantRow(st styles, cols [3]int, w int) string {
	row := []rune(strings.Repeat(" ", w))
	names := lifelines
	if cols[1]-cols[0] < len(names[1])+4 {
		names[1] = "Auth server"
	}
	for i, n := range names {
		start := max(0, min(w-len(n), cols[i]-len(n)/2))
		copy(row[start:], []rune(n))
	}
	return st.text.heading.Render(string(row))
}

// lifelineRow is a row with only the lifelines.
func lifelineRow(st styles, cols [3]int, w int, _ []int) string {
	row := []rune(strings.Repeat(" ", w))
	for _, c := range cols {
		row[c] = '│'
	}
	return st.pane.rule.Render(string(row))
}

// arrowRow draws an arrow from column from to column to, with label in
// its middle (cut to fit), over the lifelines.
func arrowRow(cols [3]int, w, from, to int, label string, line, head rune) string {
	row := []rune(strings.Repeat(" ", w))
	for _, c := range cols {
		row[c] = '│'
	}
	lo, hi := min(from, to), max(from, to)
	for x := lo + 1; x < hi; x++ {
		row[x] = line
	}
	if to > from {
		row[hi-1] = head
	} else {
		row[lo+1] = head
	}
	room := hi - lo - 5
	if room > 3 {
		label = ansi.Truncate(label, room, "… ")
		lr := []rune(label)
		start := lo + 2 + max(0, (room-len(lr))/2)
		copy(row[start:], lr)
	}
	return string(row)
}

// sequenceView is the diagram in a box h rows high, scrolled so that the
// selected exchange is in view.
func (m timelinePane) sequenceView(focused bool, w, h int) string {
	st := m.c.styles
	if len(m.exs) == 0 {
		return st.text.dim.Render("The sequence diagram draws each request as it is made.")
	}
	rows, first := sequenceRows(st, m.exs, m.sel, focused, w)
	head := rows[:2]
	body := rows[2:]
	room := max(2, h-2)
	at := first[m.sel] - 2
	off := 0
	if at+2 > room {
		off = at + 2 - room
		off += off % 2 // start on a request, never on an answer without it
	}
	end := min(len(body), off+room/2*2) // whole exchanges only
	return strings.Join(append(append([]string{}, head...), body[off:end]...), "\n")
}

// diagramBody draws the walk with the sequence diagram in place of the
// timeline and exchange panes; ok is false when the diagram is off or the
// exchange is zoomed (r opens the selected arrow's exchange).
func (m *Model) diagramBody(l layout) ([]string, bool) {
	if !m.diagram || m.zoomed {
		return nil, false
	}
	focused := m.focus != focusStep
	rightH := l.tlH + l.exH + 1
	step := m.titled(m.stepTitle(), m.focus == focusStep, m.stepView(), l.leftW, l.stepH)
	if !l.wide {
		rightH = l.bodyH - l.stepH - 2
	}
	title := "Sequence · r: open the exchange · d: timeline"
	seq := m.titled(title, focused, m.timeline.sequenceView(focused, l.rightW, rightH), l.rightW, rightH)
	if !l.wide {
		return append(step, seq...), true
	}
	sep := m.c.styles.pane.sep.Render(" │ ")
	out := make([]string, l.bodyH)
	for i := range out {
		a, b := strings.Repeat(" ", l.leftW), strings.Repeat(" ", l.rightW)
		if i < len(step) {
			a = step[i]
		}
		if i < len(seq) {
			b = seq[i]
		}
		out[i] = a + sep + b
	}
	return out, true
}

// diagramStacked gives the sequence diagram, stacked under the step, a
// fair share of the height: half of it, two rows an exchange at most.
func (m *Model) diagramStacked(l *layout) {
	if !m.diagram || m.zoomed {
		return
	}
	want := 2 + 2*max(1, len(m.timeline.exs))
	seq := min(want, (l.bodyH-2)/2)
	l.stepH = max(3, l.bodyH-2-seq)
}
