package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// The compare screen: two exchanges beside each other, as a diff
// (flows.DiffExchanges): side by side when the width allows, else one
// column of - and + lines. A resend comes here with its original and the
// diagnosis of its answer.

// compareView is the compare screen's state.
type compareView struct {
	a, b         flows.Exchange
	aName, bName string
	bIndex       int // B's index in the timeline; -1 for a baseline's
	diags        []flows.Diagnosis
	failed       bool // B's answer stands for an error (walk.DiagnoseResend)
	resent       bool // B is a resend of A
	off          int
	cache        *compareCache // the diff and its drawn rows (diffcache.go)
}

// openCompare shows the exchanges at timeline indexes i and j.
// A resend's answer is judged as its step would judge it (a 200 with a
// broken body is a failure), with its diagnosis.
func (m *Model) openCompare(i, j int, resent bool) {
	exs := m.timeline.exs
	m.sup.compare = compareView{a: exs[i], b: exs[j], aName: fmt.Sprintf("#%d", i+1),
		bName: fmt.Sprintf("#%d", j+1), bIndex: j, resent: resent, cache: &compareCache{}}
	if resent {
		diags, err := walk.DiagnoseResend(exs[j], m.metadata(), m.c.now())
		m.sup.compare.diags, m.sup.compare.failed = diags, err != nil
	}
	m.sup.compare.diff(m.c) // once, here; again only when reveal changes
	m.screen, m.help.ShowAll = screenCompare, false
	m.setStatus("", false)
}

// compareKey handles a key on the compare screen: scrolling, E to edit B
// again, s to reveal, esc back to the walk.
func (m *Model) compareKey(msg tea.KeyPressMsg) tea.Cmd {
	k, cv := m.c.keys, &m.sup.compare
	switch {
	case key.Matches(msg, k.ForceQuit, k.Quit):
		m.stop()
		return tea.Quit
	case key.Matches(msg, k.Leave):
		m.screen = screenWalk
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, k.Reveal):
		m.toggleReveal()
	case key.Matches(msg, k.Resend) && cv.bIndex >= 0:
		m.timeline.selectAt(cv.bIndex)
		m.selectExchange()
		m.openEditor()
	default:
		h := m.otherBodyHeight(lineCount(m.helpView()))
		head, n := len(cv.head(m.c, m.c.width)), len(cv.diff(m.c).layout(m.c, m.c.width))
		cv.off, _ = k.move(msg, cv.off, max(1, h-head-1), max(0, n-(h-head)))
	}
	return nil
}

// toggleReveal is s: presenter mode keeps secrets masked.
func (m *Model) toggleReveal() {
	if m.c.present {
		m.setStatus("presenter mode: secrets stay masked (P leaves it)", true)
		return
	}
	m.c.reveal = !m.c.reveal
	m.restyle()
}

// View draws the compare screen in w×h: the head, then only the rows
// that show (diffcache.go).
func (cv compareView) View(c *common, w, h int) string {
	head := cv.head(c, w)
	k := cv.diff(c)
	rows := k.layout(c, w)
	room := max(1, h-len(head))
	off := max(0, min(cv.off, len(rows)-room))
	out := head
	for i := off; i < min(len(rows), off+room); i++ {
		out = append(out, k.row(c, i))
	}
	return fit(out, w, h)
}

// head is what is compared, the verdict and the counts.
func (cv compareView) head(c *common, w int) []string {
	st := c.styles
	n := cv.diff(c).counts
	head := []string{
		st.text.key.Render("A ") + cv.aName + " " + exchangeSummary(cv.a, c.reveal),
		st.text.key.Render("B ") + cv.bName + " " + exchangeSummary(cv.b, c.reveal),
	}
	head = append(head, cv.verdict(c, w)...)
	return append(head, st.text.dim.Render(fmt.Sprintf("%d changed · %d only in A · %d only in B", n[0], n[2], n[1])),
		"")
}

// verdict is B's outcome: its diagnosis when it failed.
func (cv compareView) verdict(c *common, w int) []string {
	st := c.styles
	if !cv.resent {
		return nil
	}
	if !cv.failed {
		return []string{st.text.ok.Render("✓ the resend succeeded: " + statusText(cv.b))}
	}
	if len(cv.diags) == 0 {
		return []string{st.text.err.Render("✗ the resend failed: " + c.say(statusText(cv.b)+" "+cv.b.Err))}
	}
	d := inTUIWords(cv.diags[0])
	if c.redactor != nil && !c.reveal {
		d = c.redactor.Diagnosis(d)
	}
	out := wrapLines(st.text.err.Render("✗ ")+clean(d.Summary), w)
	if len(d.Fixes) > 0 {
		out = append(out, wrapLines(st.text.dim.Render("try: ")+clean(d.Fixes[0].Text), w)...)
	}
	return out[:min(len(out), 3)]
}

// diffMark is the sign of an operation.
var diffMark = map[flows.DiffOp]string{flows.DiffSame: "  ", flows.DiffRemoved: "- ", flows.DiffAdded: "+ ",
	flows.DiffChanged: "~ "}

// diffSide is one side of a line (masked already), marked, styled and
// padded to w.
func diffSide(c *common, l flows.DiffLine, text string, w int) string {
	s := truncate(diffStyle(c, l.Op).Render(diffMark[l.Op]+text), w)
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

func diffStyle(c *common, op flows.DiffOp) lipgloss.Style {
	st := c.styles
	switch op {
	case flows.DiffRemoved:
		return st.text.err
	case flows.DiffAdded:
		return st.text.ok
	case flows.DiffChanged:
		return st.text.warn
	}
	return st.list.normal
}

// compareBody is the compare screen.
type compareBody struct{}

var screenCompare screen = compareBody{}

func (compareBody) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.compareKey(msg) }

func (compareBody) paste(*Model, tea.PasteMsg) tea.Cmd { return nil }

func (compareBody) update(*Model, tea.Msg) tea.Cmd { return nil }

func (compareBody) view(m *Model, w, h int) string { return m.sup.compare.View(m.c, w, h) }

func (compareBody) help(m *Model) helpKeys {
	k := m.c.keys
	back := k.Leave
	back.SetHelp("esc", "back")
	edit := enabled(k.Resend, m.sup.compare.bIndex >= 0)
	edit.SetHelp("E", "edit B & resend")
	reveal := enabled(k.Reveal, !m.c.present)
	if m.c.reveal {
		reveal.SetHelp("s", "mask secrets")
	}
	short := []key.Binding{k.Down, k.Up, edit, reveal, back, k.Quit}
	return helpKeys{short: short, full: [][]key.Binding{short, {k.PageDown, k.PageUp, k.Top, k.Bottom, k.Help}}}
}

func (compareBody) title() string { return "compare two exchanges" }
