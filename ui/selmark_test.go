package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Bug 9: ▸ marks the focused pane or field only; the exchange selected in
// the timeline (and in the sequence diagram) has its own mark, focused or
// not.
func TestTimeline_SelectionIsNotFocusMark(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	if len(m.timeline.exs) == 0 {
		t.Fatal("no exchanges after the walk")
	}
	for _, focused := range []bool{false, true} {
		v := ansi.Strip(m.timeline.View(focused))
		if strings.Contains(v, "▸") {
			t.Errorf("focused=%v: the timeline marks its selection with ▸:\n%s", focused, v)
		}
		if n := strings.Count(v, selMark); n != 1 {
			t.Errorf("focused=%v: %d rows carry the selection mark %q, want 1:\n%s", focused, n, selMark, v)
		}
		rows, _ := sequenceRows(m.c.styles, m.timeline.exs, m.timeline.sel, focused, 100)
		s := ansi.Strip(strings.Join(rows, "\n"))
		if strings.Contains(s, "▸") || !strings.Contains(s, selMark) {
			t.Errorf("focused=%v: the sequence diagram's selection is not %q:\n%s", focused, selMark, s)
		}
	}
}
