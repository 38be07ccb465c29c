package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/walk"
)

// stepState is where a step of the walk stands.
type stepState int

const (
	stateIdle stepState = iota
	stateRunning
	stateOK
	stateFailed
	stateSkipped
)

// The four steps of the walk.
const (
	stepDiscover = iota
	stepClient
	stepToken
	stepCall
	numSteps
)

var stepNames = [numSteps]string{"Discover", "Client", "Token", "Call"}

// stepBase is what every step pane has: a form, a focus position (a field,
// or the result area after the last field), a scrollable result and a
// state. The step panes embed it.
type stepBase struct {
	c      *common
	form   form
	focus  int // 0..len(fields)-1: a field; len(fields): the result area
	result viewport.Model
	lines  []string // the result text, one entry per line
	width  int
	height int
	fixed  int // lines drawn between the form and the result
	// resultH is the room for the result: the viewport's height, less one
	// line for "↓ more" when the result does not fit.
	resultH int
	state   stepState
	diag    diagnosis // what the step's answer means (diagnosis.go)
	// warnings are said before the step's request is sent (walk.Destination).
	warnings []walk.Warning
	// staleBy is the earlier step that ran again after this step's
	// result (0-based), staleFaults when the demo's faults changed since,
	// or -1: the result is then dimmed and says so.
	staleBy int
	// acked is the warnings (warningKey) the walk already stopped on.
	acked string
	// fold puts the form away: the result has the whole pane (step 3
	// while a person is away to enter a device code or log in).
	fold bool
}

// warningKey names the step's warnings (its notes and its destination
// warnings), or "" when it has none.
func (b *stepBase) warningKey() string {
	var parts []string
	if b.diag.notes {
		for _, d := range b.diag.list {
			parts = append(parts, string(d.Code)+" "+d.Summary)
		}
	}
	for _, w := range b.warnings {
		parts = append(parts, fmt.Sprint(w))
	}
	return strings.Join(parts, "\n")
}

// staleFaults is staleBy for a result from before the demo server's
// faults changed: the whole walk is run again from step 1 (a).
const staleFaults = numSteps

func newStepBase(c *common, fields ...field) stepBase {
	b := stepBase{c: c, form: form{c: c, fields: fields}, result: viewport.New(), staleBy: -1}
	b.focus = len(fields)
	return b
}

// editing reports whether a text field has focus.
func (b *stepBase) editing() bool { return b.focus < len(b.form.fields) }

func (b *stepBase) focusResult() { b.setFocus(len(b.form.fields)) }

func (b *stepBase) setFocus(i int) {
	if b.fold {
		i = len(b.form.fields) // no field to edit while the form is put away
	}
	b.focus = i
	b.form.focus(i)
}

// setFold puts the form away (the result then has the whole pane, from
// its first line) or shows it again; focus leaves a field it puts away.
func (b *stepBase) setFold(on bool) {
	if on == b.fold {
		return
	}
	b.fold = on
	if on {
		b.focusResult()
	}
	b.layoutResult()
}

// layoutResult gives the result the pane's lines the form, its blank line
// and the fixed lines leave, or all of them while the form is put away.
func (b *stepBase) layoutResult() {
	used := len(b.form.fields) + 1 + b.fixed
	if b.fold {
		used = 0
	}
	b.resultH = max(1, b.height-used)
	b.fitResult()
}

// next moves focus from the result area (the pane's home) into the form
// and down its fields; it reports false after the last field, when focus
// should leave the pane.
func (b *stepBase) next() bool {
	n := len(b.form.fields)
	switch {
	case b.fold:
		return false // no field on screen: focus leaves the pane
	case b.focus >= n:
		b.setFocus(0)
	case b.focus < n-1:
		b.setFocus(b.focus + 1)
	default:
		return false
	}
	return true
}

// prev moves focus up the fields and then to the result area; false when
// focus is on the result area already.
func (b *stepBase) prev() bool {
	switch {
	case b.focus >= len(b.form.fields):
		return false
	case b.focus == 0:
		b.focusResult()
	default:
		b.setFocus(b.focus - 1)
	}
	return true
}

// SetSize lays out the form above the result area; it reports whether the
// size changed (and the result must be redrawn).
func (b *stepBase) SetSize(w, h int) bool {
	if w == b.width && h == b.height {
		return false
	}
	b.width, b.height = w, h
	b.form.SetSize(w)
	b.result.SetWidth(w)
	b.layoutResult()
	return true
}

// updateField sends a key to the focused field; up and down move between
// fields.
func (b *stepBase) updateField(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, b.c.keys.FieldUp):
		if b.focus > 0 {
			b.setFocus(b.focus - 1)
		}
		return nil
	case key.Matches(msg, b.c.keys.FieldDown):
		if b.focus < len(b.form.fields)-1 {
			b.setFocus(b.focus + 1)
		}
		return nil
	}
	var cmd tea.Cmd
	b.form, cmd = b.form.Update(b.focus, msg)
	return cmd
}

// scrollResult scrolls the result area.
func (b *stepBase) scrollResult(msg tea.KeyPressMsg) { scroll(&b.result, b.c.keys, msg) }

// view draws the form, a blank line, the fixed lines and the result; the
// result alone while the form is put away.
func (b *stepBase) view(fixed string) string {
	var parts []string
	if !b.fold {
		parts = append(parts, b.form.View(b.focus), "")
	}
	if b.fixed > 0 && !b.fold {
		lines := strings.Split(fixed, "\n")
		for len(lines) < b.fixed {
			lines = append(lines, "")
		}
		parts = append(parts, fit(lines, b.width, b.fixed))
	}
	parts = append(parts, visibleLines(&b.result, b.lines))
	if b.overflows() {
		parts = append(parts, b.moreLine())
	}
	return strings.Join(parts, "\n")
}

// fitResult gives the viewport the result's room, less the "↓ more" line
// when the result does not fit.
func (b *stepBase) fitResult() {
	h := b.resultH
	if len(b.lines) > h && h >= 2 {
		h--
	}
	b.result.SetHeight(max(1, h))
}

// overflows reports whether part of the result is out of view.
func (b *stepBase) overflows() bool { return b.result.Height() < b.resultH }

// moreLine says how much of the result is below and above the view and
// how to scroll to it: "↓ 12 more lines (j/pgdn) · ↑ 3 above (k/pgup)".
func (b *stepBase) moreLine() string {
	off := b.result.YOffset()
	below := len(b.lines) - off - b.result.Height()
	var parts []string
	if below > 0 {
		parts = append(parts, fmt.Sprintf("↓ %d more %s (j/pgdn)", below, plural(below, "line", "lines")))
	}
	if off > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d above (k/pgup)", off))
	}
	return truncate(b.c.styles.text.dim.Render(strings.Join(parts, " · ")), b.width)
}

// visibleLines draws the lines a viewport scrolled to: only those, so that
// a frame costs the same whatever the length of the text. The viewport
// keeps the scroll state; the caller keeps the lines it was given.
func visibleLines(vp *viewport.Model, lines []string) string {
	off := min(vp.YOffset(), len(lines))
	end := min(len(lines), off+vp.Height())
	return strings.Join(lines[off:end], "\n")
}

// setResult replaces the result text, keeping the scroll position when the
// text only changed (a tick) and going to the top otherwise.
func (b *stepBase) setResult(lines []string, keepOffset bool) {
	off := b.result.YOffset()
	if b.state != stateIdle {
		lines = append(b.warningLines(), lines...)
	}
	if b.stale() {
		lines = b.staleLines(lines)
	}
	b.lines = lines
	b.fitResult()
	b.result.SetContentLines(lines)
	if keepOffset {
		b.result.SetYOffset(off)
	} else {
		b.result.GotoTop()
	}
}

// stale reports whether the result on show is from before an earlier
// step ran again.
func (b *stepBase) stale() bool {
	return b.staleBy >= 0 && (b.state == stateOK || b.state == stateFailed || b.state == stateSkipped)
}

// staleLines dims a result from an earlier run, under a line that says so.
func (b *stepBase) staleLines(lines []string) []string {
	dim := b.c.styles.text.dim
	head := fmt.Sprintf("◌ from before step %d ran again · enter runs it again", b.staleBy+1)
	if b.staleBy == staleFaults {
		head = "◌ from before the demo's faults changed · a runs the walk again from step 1"
	}
	out := append(wrapLines(b.c.styles.text.warn.Render(head), b.width), "")
	for _, l := range lines {
		out = append(out, dim.Render(ansi.Strip(l)))
	}
	return out
}

// scroll moves a viewport with the shared scroll keys.
func scroll(vp *viewport.Model, k keyMap, msg tea.KeyPressMsg) bool {
	last := max(0, vp.TotalLineCount()-vp.Height())
	y, ok := k.move(msg, vp.YOffset(), vp.Height(), last)
	if ok {
		vp.SetYOffset(y)
	}
	return ok
}
