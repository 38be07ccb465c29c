package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// recordedLayout is the size of each pane of the recorded walk.
type recordedLayout struct {
	wide              bool
	leftW, rightW     int
	tlH, detailH, exH int
	bodyH             int
}

func (m *Recorded) computeLayout() recordedLayout {
	w, h := m.c.width, m.c.height
	l := recordedLayout{bodyH: max(3, h-4)} // header, banner, status, help
	l.wide = w >= 100
	if l.wide {
		l.leftW = w * 45 / 100
		l.rightW = w - l.leftW - 3
		l.tlH = min(len(m.timeline.exs)+1, max(3, l.bodyH/3)) - 1
		l.detailH = l.bodyH - l.tlH - 2
		l.exH = l.bodyH - 1
		return l
	}
	l.leftW, l.rightW = w, w
	l.tlH = min(len(m.timeline.exs)+1, max(3, l.bodyH/4)) - 1
	rest := l.bodyH - l.tlH - 3
	l.detailH = rest / 2
	l.exH = rest - l.detailH
	return l
}

// layout gives the panes their sizes.
func (m *Recorded) layout() {
	if m.c.width <= 0 {
		return
	}
	l := m.computeLayout()
	m.timeline.SetSize(l.leftW, max(1, l.tlH))
	m.exchange.SetSize(l.rightW, max(1, l.exH))
	if m.zoomed {
		m.exchange.SetSize(m.c.width, l.bodyH-1)
	}
	m.detailH = max(1, l.detailH)
}

func (m Recorded) detailWidth() int { return m.computeLayout().leftW }

// View implements tea.Model.
func (m Recorded) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "oauthlens · " + m.opts.Source
	return v
}

func (m Recorded) render() string {
	w, h := m.c.width, m.c.height
	if w < minWidth || h < minHeight {
		return fit(wrapLines(fmt.Sprintf("oauthlens: the window is %d×%d; it needs at least %d×%d",
			w, h, minWidth, minHeight), w), w, h)
	}
	st := m.c.styles
	l := m.computeLayout()
	head := st.app.title.Render("oauthlens") + st.app.subtitle.Render(" · open "+clean(m.opts.Source))
	at := "recorded at " + m.recordedAt.UTC().Format("2006-01-02 15:04:05 UTC")
	banner := st.app.warn.Render("READ-ONLY recording") + st.text.dim.Render(" · "+at+
		" · secrets masked, JWT signatures removed · diagnoses recomputed offline")
	lines := []string{truncate(head, w), truncate(banner, w)}
	lines = append(lines, m.body(l)...)
	status := ""
	if m.status != "" {
		status = st.status.err.Render(m.status)
	}
	m.help.SetWidth(w)
	lines = append(lines, truncate(status, w), truncate(m.help.View(m.keys), w))
	return strings.Join(lines, "\n")
}

func (m Recorded) body(l recordedLayout) []string {
	if m.zoomed {
		return titledBlock(m.c.styles, m.exchange.title(), true, m.exchange.View(), m.c.width, l.bodyH-1)
	}
	tl := titledBlock(m.c.styles, "Timeline", m.focus == recTimeline, m.timeline.View(m.focus == recTimeline),
		l.leftW, l.tlH)
	all := m.detailLines(l.leftW)
	off := min(m.detailOff, max(0, len(all)-1))
	title := "Diagnosis and claims"
	if m.showEnv {
		title = "Environment"
	}
	detail := titledBlock(m.c.styles, title, m.focus == recDetail, strings.Join(all[off:], "\n"), l.leftW, l.detailH)
	ex := titledBlock(m.c.styles, m.exchange.title(), m.focus == recExchange, m.exchange.View(), l.rightW, l.exH)
	left := append(tl, detail...)
	if !l.wide {
		return append(left, ex...)
	}
	sep := m.c.styles.pane.sep.Render(" │ ")
	out := make([]string, l.bodyH)
	for i := range out {
		a, b := strings.Repeat(" ", l.leftW), strings.Repeat(" ", l.rightW)
		if i < len(left) {
			a = left[i]
		}
		if i < len(ex) {
			b = ex[i]
		}
		out[i] = a + sep + b
	}
	return out
}

// titledBlock puts a title rule above content, as the walk's panes have.
func titledBlock(st styles, title string, focused bool, content string, w, h int) []string {
	marker, ts := "  ", st.pane.titleBlurred
	if focused {
		marker, ts = "▸ ", st.pane.titleFocused
	}
	head := truncate(ts.Render(marker+title)+" ", w)
	head += st.pane.rule.Render(strings.Repeat("─", max(0, w-ansi.StringWidth(head))))
	return append([]string{head}, block(content, w, max(0, h))...)
}
