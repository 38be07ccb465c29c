package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// selMark marks the exchange selected in the timeline and the sequence
// diagram. It is not ▸, which marks the focused pane or field only: the
// selection stays when focus moves elsewhere.
const selMark = "● "

// timelinePane lists every exchange made so far: method, URL, status and
// duration. The selected one is shown in the exchange pane.
type timelinePane struct {
	c      *common
	exs    []flows.Exchange
	rows   []string // cached row text, one per exchange (unstyled)
	sel    int
	offset int
	width  int
	height int
	// inflight is the request being made, shown after the rows with a
	// timer; cancelled marks the exchanges that are requests cancelled.
	inflight  *inflightReq
	cancelled map[int]bool
	marked    int // the exchange marked to diff (m), index + 1; 0: none
}

func newTimelinePane(c *common) timelinePane { return timelinePane{c: c} }

// add appends exchanges and selects the last one: after a step runs, its
// last exchange (the failing one, if any) is what to look at.
func (m *timelinePane) add(exs ...flows.Exchange) {
	for _, ex := range exs {
		if ex.Started.IsZero() && ex.Status == 0 {
			continue // never sent (the input was refused before any request)
		}
		m.exs = append(m.exs, ex)
		m.rows = append(m.rows, m.row(len(m.exs), ex))
	}
	m.sel = max(0, len(m.exs)-1)
	m.clampOffset()
}

// addBehind adds exchanges that followed the one on show (the ID token's
// checks after a token), keeping the cursor on the exchange on show.
func (m *timelinePane) addBehind(exs ...flows.Exchange) {
	sel := m.sel
	m.add(exs...)
	m.selectAt(sel)
}

// refreshRows rebuilds the rows after the reveal setting changed.
func (m *timelinePane) refreshRows() {
	for i, ex := range m.exs {
		m.rows[i] = m.row(i+1, ex)
	}
}

func (m timelinePane) row(n int, ex flows.Exchange) string {
	status := "—"
	if ex.Status != 0 {
		status = fmt.Sprint(ex.Status)
	}
	url := maskedURL(ex, m.c.reveal)
	if m.cancelled[n-1] {
		status, url = "✗", url+"  (cancelled)"
	}
	return fmt.Sprintf("%2d %-12s %-6s %3s %6s  %s", n, truncate(clean(ex.Label), 12), ex.Method, status,
		duration(ex.Duration), url)
}

// selectAt selects the exchange at index i.
func (m *timelinePane) selectAt(i int) {
	m.sel = max(0, min(i, len(m.exs)-1))
	m.clampOffset()
}

// selected returns the selected exchange.
func (m timelinePane) selected() (flows.Exchange, int, bool) {
	if len(m.exs) == 0 {
		return flows.Exchange{}, 0, false
	}
	return m.exs[m.sel], m.sel, true
}

func (m *timelinePane) SetSize(w, h int) {
	m.width, m.height = w, h
	m.clampOffset()
}

func (m *timelinePane) clampOffset() {
	h := max(1, m.height)
	if m.sel < m.offset {
		m.offset = m.sel
	}
	if m.sel >= m.offset+h {
		m.offset = m.sel - h + 1
	}
	m.offset = max(0, min(m.offset, len(m.exs)-h))
}

// Update moves the selection.
func (m timelinePane) Update(msg tea.KeyPressMsg) (timelinePane, tea.Cmd) {
	m.sel, _ = m.c.keys.move(msg, m.sel, m.height, len(m.exs)-1)
	m.sel = max(0, m.sel) // no exchanges yet: last is -1
	m.clampOffset()
	return m, nil
}

// View draws the visible rows, the selected one marked.
func (m timelinePane) View(focused bool) string {
	st := m.c.styles
	if len(m.exs) == 0 && m.inflight == nil {
		return st.text.dim.Render("The timeline lists each request as it is made.")
	}
	h, off := max(1, m.height), m.offset
	if m.inflight != nil {
		h = max(1, h-1) // a row for the request in flight
		off = max(0, max(off, len(m.exs)-h))
	}
	end := min(len(m.exs), off+h)
	lines := make([]string, 0, end-off+1)
	for i := off; i < end; i++ {
		text := truncate(m.rows[i], m.width-2)
		style := st.list.normal
		if s := m.exs[i].Status; s == 0 || s >= 400 {
			style = st.text.err
		}
		switch {
		case i == m.sel && focused:
			lines = append(lines, st.list.selected.Render(selMark+text))
		case i == m.sel:
			lines = append(lines, st.list.selectedBlurred.Render(selMark+text))
		case i == m.marked-1:
			lines = append(lines, st.text.accent.Render(markMark)+style.Render(text)) // diffmark.go
		default:
			lines = append(lines, "  "+style.Render(text))
		}
	}
	if m.inflight != nil {
		lines = append(lines, "  "+st.text.accent.Render(truncate(m.inflightRow(m.c.now()), m.width-2)))
	}
	return strings.Join(lines, "\n")
}
