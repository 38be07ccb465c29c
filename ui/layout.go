package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Layout thresholds.
const (
	wideMin   = 110 // side by side from this width; stacked below
	minWidth  = 40
	minHeight = 16 // below this the step's result and the help have no room
	sepWidth  = 3  // " │ " between the columns
)

// layout is where the panes go. Heights are content heights: each pane
// also has a one-line title above its content.
type layout struct {
	wide            bool
	bodyH           int
	leftW, rightW   int
	stepH, tlH, exH int
}

// chromeLines are the lines above and below the body, for a help bar of
// helpLines lines.
func (m *Model) chromeLines(helpLines int) (top, bottom int) {
	top = 2 // header and step bar
	if m.bannerText() != "" {
		top++ // the banner
	}
	// The presenter's caption and its spacing (present.go).
	top += len(m.presenterLines())
	return top, m.statusLines() + helpLines // status and help
}

func (m *Model) computeLayout(helpLines int) layout {
	w, h := m.c.width, m.c.height
	top, bottom := m.chromeLines(helpLines)
	l := layout{bodyH: max(3, h-top-bottom), wide: w >= wideMin}
	tlRows := max(1, len(m.timeline.exs)+b2i(m.timeline.inflight != nil))
	if l.wide {
		l.leftW = (w - sepWidth) / 2
		l.rightW = w - sepWidth - l.leftW
		l.stepH = l.bodyH - 1
		l.tlH = min(tlRows, max(3, l.bodyH/3))
		l.exH = max(1, l.bodyH-2-l.tlH)
		return l
	}
	// Stacked: the focused part (the step, or the timeline and exchange)
	// gets the larger share.
	l.leftW, l.rightW = w, w
	l.tlH = min(tlRows, 3)
	small := max(3, l.bodyH/4)
	if m.focus == focusStep {
		l.exH = small
		l.stepH = max(3, l.bodyH-3-l.tlH-l.exH)
	} else {
		l.stepH = small
		l.exH = max(3, l.bodyH-3-l.tlH-l.stepH)
	}
	m.diagramStacked(&l) // the sequence diagram's share (sequence.go)
	return l
}

// relayout gives every pane its size; panes skip work when it is unchanged.
func (m *Model) relayout() {
	m.picker.canBack = m.hasWalk
	if m.c.width <= 0 || m.c.height <= 0 {
		return
	}
	m.help.SetWidth(m.c.width)
	helpLines := lineCount(m.helpView())
	m.picker.SetSize(m.c.width, m.otherBodyHeight(helpLines))
	m.faults.SetSize(m.c.width, m.otherBodyHeight(helpLines))
	l := m.computeLayout(helpLines)
	m.token.setZoom(zoomRoom{on: m.zoomStep, w: m.c.width, h: l.bodyH - 1})
	for _, s := range m.steps() {
		if m.zoomStep {
			s.SetSize(m.c.width, l.bodyH-1)
		} else {
			s.SetSize(l.leftW, l.stepH)
		}
	}
	m.timeline.SetSize(l.rightW, l.tlH)
	if m.zoomed {
		m.exchange.SetSize(m.c.width, l.bodyH-1)
	} else {
		m.exchange.SetSize(l.rightW, l.exH)
	}
}

// block pads or cuts s to exactly h lines of exactly w cells.
func block(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			l := lines[i]
			lw := ansi.StringWidth(l)
			if lw > w {
				l, lw = ansi.Truncate(l, w, "…"), w
			}
			out[i] = l + strings.Repeat(" ", max(0, w-lw))
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return out
}

// titled puts a title rule above content: "▸ Title ──────" when focused.
func (m *Model) titled(title string, focused bool, content string, w, h int) []string {
	st := m.c.styles
	marker, ts := "  ", st.pane.titleBlurred
	if focused {
		marker, ts = "▸ ", st.pane.titleFocused
	}
	head := truncate(ts.Render(marker+title)+" ", w)
	head += st.pane.rule.Render(strings.Repeat("─", max(0, w-ansi.StringWidth(head))))
	return append([]string{head}, block(content, w, h)...)
}

// body draws the panes for the layout.
func (m *Model) body(l layout) []string {
	if m.zoomStep {
		return m.titled(m.stepTitle()+" · z: panes", true, m.stepView(), m.c.width, l.bodyH-1)
	}
	if b, ok := m.diagramBody(l); ok {
		return b
	}
	if m.zoomed {
		return m.titled(m.exchange.title(), true, m.exchange.View(), m.c.width, l.bodyH-1)
	}
	step := m.titled(m.stepTitle(), m.focus == focusStep, m.stepView(), l.leftW, l.stepH)
	tl := m.titled("Timeline", m.focus == focusTimeline, m.timeline.View(m.focus == focusTimeline), l.rightW, l.tlH)
	ex := m.titled(m.exchange.title(), m.focus == focusExchange, m.exchange.View(), l.rightW, l.exH)
	if !l.wide {
		return append(append(step, tl...), ex...)
	}
	right := append(tl, ex...)
	sep := m.c.styles.pane.sep.Render(" │ ")
	out := make([]string, l.bodyH)
	for i := range out {
		left, r := strings.Repeat(" ", l.leftW), ""
		if i < len(step) {
			left = step[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = left + sep + r
	}
	return out
}

func (m *Model) stepTitle() string {
	return "Step " + string(rune('1'+m.current)) + " · " + stepNames[m.current]
}

func (m *Model) stepView() string { return m.currentStep().View() }
