package ui

import (
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// The compare screen's frame budget (DESIGN.md: under 2 ms a frame, even
// with two 1 MB bodies): the diff is computed once when the screen opens
// and again only when reveal changes; its rows are laid out once per
// (width, reveal, styles) and each row is drawn once, when it first shows.

// compareCache is the diff of a compare screen and its drawn rows. The
// compare view holds it by pointer, so that View (on a copy of the model)
// fills it.
type compareCache struct {
	ready  bool
	reveal bool
	lines  []flows.DiffLine // masked by the diff and by the run's Redactor, unless revealed
	counts [3]int           // changed, added, removed

	key   drawKey
	rows  []diffRow
	drawn []string
	done  []bool
}

// drawKey is what the drawn rows depend on.
type drawKey struct {
	w                     int
	reveal, dark, noColor bool
	present               bool
}

// diffRow is one row of the screen: a section's title, a line, or (one
// column) the B half of a changed line.
type diffRow struct {
	line  int
	title bool
	plus  bool
}

// diff is the screen's diff for the reveal setting, computed once.
func (cv compareView) diff(c *common) *compareCache {
	k := cv.cache
	if k == nil {
		k = &compareCache{} // not opened by openCompare: nothing is kept
	}
	if k.ready && k.reveal == c.reveal {
		return k
	}
	lines := flows.DiffExchanges(cv.a, cv.b, c.reveal)
	for i := range lines {
		lines[i].A, lines[i].B = c.mask(lines[i].A), c.mask(lines[i].B)
	}
	*k = compareCache{ready: true, reveal: c.reveal, lines: lines}
	k.counts[0], k.counts[1], k.counts[2] = flows.DiffCounts(lines)
	return k
}

// layout is the rows for width w, laid out again only when the width,
// reveal or the styles changed.
func (k *compareCache) layout(c *common, w int) []diffRow {
	key := drawKey{w: w, reveal: c.reveal, dark: c.isDark, noColor: c.noColor, present: c.present}
	if k.rows != nil && k.key == key {
		return k.rows
	}
	k.key, k.rows = key, []diffRow{}
	var section flows.DiffSection
	for i, l := range k.lines {
		if l.Section != section {
			section = l.Section
			k.rows = append(k.rows, diffRow{line: i, title: true})
		}
		k.rows = append(k.rows, diffRow{line: i})
		if w < wideMin && l.Op == flows.DiffChanged {
			k.rows = append(k.rows, diffRow{line: i, plus: true})
		}
	}
	k.drawn, k.done = make([]string, len(k.rows)), make([]bool, len(k.rows))
	return k.rows
}

// row is row i drawn, drawn once.
func (k *compareCache) row(c *common, i int) string {
	if !k.done[i] {
		k.drawn[i], k.done[i] = k.draw(c, k.rows[i]), true
	}
	return k.drawn[i]
}

func (k *compareCache) draw(c *common, r diffRow) string {
	st := c.styles
	l := k.lines[r.line]
	w := k.key.w
	switch {
	case r.title:
		return st.http.section.Render(string(l.Section))
	case w >= wideMin:
		return sideBySideRow(c, l, w)
	case l.Op == flows.DiffSame:
		return truncate("  "+l.A, w)
	case l.Op == flows.DiffRemoved || l.Op == flows.DiffChanged && !r.plus:
		return truncate(diffStyle(c, flows.DiffRemoved).Render("- "+l.A), w)
	}
	return truncate(diffStyle(c, flows.DiffAdded).Render("+ "+l.B), w)
}

// sideBySideRow is a line as two columns, A's and B's.
func sideBySideRow(c *common, l flows.DiffLine, w int) string {
	colW := (w - sepWidth) / 2
	left, right := diffSide(c, l, l.A, colW), diffSide(c, l, l.B, colW)
	if l.Op == flows.DiffAdded {
		left = strings.Repeat(" ", colW)
	}
	if l.Op == flows.DiffRemoved {
		right = ""
	}
	return left + c.styles.pane.sep.Render(" │ ") + right
}
