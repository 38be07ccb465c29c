package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// The full help (?) covers the body: the groups of the key maps (help.go)
// in as many columns as the width takes, scrolled with the scroll keys
// when they still do not fit, with a line that says what is hidden.

// keysOverlay is the full help in the place of the body, h lines with its
// title.
func (m *Model) keysOverlay(h int) []string {
	return m.titled("Keys · esc or ? closes this help", true, strings.Join(m.keysWindow(h-1), "\n"), m.c.width, h-1)
}

// keysWindow is the part of the full help in view in rows lines: all of
// it, or from the scroll offset with a last line saying what is above and
// below.
func (m *Model) keysWindow(rows int) []string {
	lines := m.keysPanel()
	if len(lines) <= rows {
		return lines
	}
	page := max(1, rows-1)
	off := max(0, min(m.helpOff, len(lines)-page))
	var parts []string
	if below := len(lines) - off - page; below > 0 {
		parts = append(parts, fmt.Sprintf("↓ %d more %s (j/pgdn)", below, plural(below, "line", "lines")))
	}
	if off > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d above (k/pgup)", off))
	}
	more := truncate(m.c.styles.text.dim.Render(strings.Join(parts, " · ")), m.c.width)
	return append(lines[off:off+page:off+page], more)
}

// helpRows is the full help's room: the body under its title.
func (m *Model) helpRows() int {
	return m.computeLayout(lineCount(m.helpView())).bodyH - 1
}

// scrollHelp moves the full help with a scroll key; ok is false for other
// keys (which close it).
func (m *Model) scrollHelp(msg tea.KeyPressMsg) bool {
	page := max(1, m.helpRows()-1)
	last := max(0, len(m.keysPanel())-page)
	off, ok := m.c.keys.move(msg, min(m.helpOff, last), page, last)
	if ok {
		m.helpOff = off
	}
	return ok
}

// keysPanel lays the full help's groups out, in order, each group whole,
// in the fewest lines: in columns (of the ways to cut the groups into
// columns that fit the width, the shortest), or in rows of groups side by
// side, whichever is shorter.
func (m *Model) keysPanel() []string {
	var blocks []string
	for _, g := range m.helpKeys().FullHelp() {
		if col := m.help.FullHelpView([][]key.Binding{g}); strings.TrimSpace(col) != "" {
			blocks = append(blocks, col)
		}
	}
	if len(blocks) == 0 {
		return nil
	}
	best, bestH := []int{len(blocks)}, -1
	for cut := 0; cut < 1<<(len(blocks)-1); cut++ { // bit i: a new column after block i
		ends := columnEnds(cut, len(blocks))
		w, h := m.columnsSize(blocks, ends)
		if w <= m.c.width && (bestH < 0 || h < bestH) {
			best, bestH = ends, h
		}
	}
	cols := strings.Split(m.joinColumns(blocks, best), "\n")
	if rows := m.shelves(blocks); bestH < 0 || len(rows) < len(cols) {
		return rows
	}
	return cols
}

// shelves lays the blocks out side by side, in as many rows as the width
// needs, a blank line between the rows.
func (m *Model) shelves(blocks []string) []string {
	var rows, row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
		}
		row, rowW = nil, 0
	}
	for _, b := range blocks {
		bw := lipgloss.Width(b)
		if len(row) > 0 && rowW+len(m.help.FullSeparator)+bw > m.c.width {
			flush()
		}
		if len(row) > 0 {
			row, rowW = append(row, m.help.FullSeparator), rowW+len(m.help.FullSeparator)
		}
		row, rowW = append(row, b), rowW+bw
	}
	flush()
	return strings.Split(strings.Join(rows, "\n\n"), "\n")
}

// columnEnds are the ends of the columns that the bits of cut start.
func columnEnds(cut, n int) []int {
	var ends []int
	for i := range n - 1 {
		if cut&(1<<i) != 0 {
			ends = append(ends, i+1)
		}
	}
	return append(ends, n)
}

// columnsSize is the width and height of the blocks in columns.
func (m *Model) columnsSize(blocks []string, ends []int) (w, h int) {
	start := 0
	for _, end := range ends {
		col := m.column(blocks[start:end])
		w += lipgloss.Width(col)
		h = max(h, lipgloss.Height(col))
		start = end
	}
	return w + len(m.help.FullSeparator)*(len(ends)-1), h
}

// column stacks blocks with a blank line between them.
func (m *Model) column(blocks []string) string { return strings.Join(blocks, "\n\n") }

// joinColumns draws the blocks in the columns ends cut them into.
func (m *Model) joinColumns(blocks []string, ends []int) string {
	var cols []string
	start := 0
	for i, end := range ends {
		if i > 0 {
			cols = append(cols, m.help.FullSeparator)
		}
		cols = append(cols, m.column(blocks[start:end]))
		start = end
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, cols...)
}
