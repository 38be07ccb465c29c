package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// render draws the whole screen: header, banner, step bar, panes, status
// line and help.
func (m Model) render() string {
	w, h := m.c.width, m.c.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < minWidth || h < minHeight {
		msg := fmt.Sprintf("oauthlens needs at least %d×%d: the terminal is too small (%d×%d). "+
			"Make the window larger or the font smaller · q quits", minWidth, minHeight, w, h)
		if m.statusErr && m.status != "" {
			msg += "\n\n" + m.c.say(m.status) // e.g. why q did not quit
		}
		return fit(wrapLines(msg, w), w, h)
	}
	hv := m.helpView()
	if m.screen != screenWalk {
		return m.renderOther(hv)
	}
	l := m.computeLayout(lineCount(hv))
	lines := []string{m.headerLine()}
	if b := m.bannerText(); b != "" {
		lines = append(lines, truncate(b, w))
	}
	lines = append(lines, m.stepBar())
	lines = append(lines, m.presenterLines()...)
	if m.help.ShowAll {
		lines = append(lines, m.keysOverlay(l.bodyH)...)
	} else {
		lines = append(lines, m.body(l)...)
	}
	lines = append(lines, m.statusLine())
	if hv != "" {
		lines = append(lines, hv)
	}
	return strings.Join(lines, "\n")
}

func (m *Model) headerLine() string {
	st := m.c.styles
	s := st.app.title.Render("oauthlens")
	if m.title != "" && m.hasWalk {
		s += st.app.subtitle.Render(" · " + m.title)
	}
	if b := m.tokenBadge(); b != "" && m.screen == nil {
		s += st.app.subtitle.Render(" · ") + b
	}
	what := m.grantTitle() + ", step by step" // header_grant.go
	if m.screen != nil {
		what = m.screen.title()
	}
	s += st.app.subtitle.Render(" · " + what)
	return truncate(s, m.c.width)
}

// bannerText warns, on every screen, that TLS is not verified or that
// secrets are visible, and names the demo's faults and the baseline run.
func (m *Model) bannerText() string {
	st := m.c.styles
	var parts []string
	if m.c.insecure {
		parts = append(parts, st.app.warn.Render("⚠ INSECURE: TLS certificates are not verified (--insecure)"))
	}
	if m.c.reveal {
		parts = append(parts, st.app.reveal.Render("⚠ SECRETS VISIBLE: s masks them again"))
	}
	if m.c.present {
		parts = append(parts, st.app.reveal.Render("PRESENTER")+st.text.dim.Render(" · secrets stay masked"))
	}
	if f := m.faultsBanner(); f != "" {
		parts = append(parts, f)
	}
	if m.sup.baseline != nil { // --baseline FILE: D compares with that run (diffmark.go)
		parts = append(parts, st.text.accent.Render("⚖ baseline: "+clean(m.sup.baselineName)))
	}
	return strings.Join(parts, "  ")
}

// stepBar is "[1 Discover ✓] › 2 Client ○ › …" with the current step in
// brackets.
func (m *Model) stepBar() string {
	st := m.c.styles
	parts := make([]string, numSteps)
	for i := range numSteps {
		text := fmt.Sprintf("%d %s ", i+1, stepNames[i])
		if i == m.current {
			parts[i] = st.step.current.Render("["+text) + m.stateMark(i) + st.step.current.Render("]")
		} else {
			parts[i] = st.step.other.Render(" "+text) + m.stateMark(i) + " "
		}
	}
	bar := strings.Join(parts, st.step.sep.Render(" › "))
	room := m.c.width - ansi.StringWidth(bar) - 3
	if s := m.summaryText(true); s != "" && ansi.StringWidth(s) <= room {
		bar += "   " + s
	} else if s := m.summaryText(false); s != "" {
		bar += "   " + s
	}
	return truncate(bar, m.c.width)
}

func (m *Model) stateMark(i int) string {
	st := m.c.styles
	if b := m.base(i); b.stale() {
		return st.step.idle.Render("◌") // from before an earlier step ran again: neither ✓ nor ✗ holds now
	}
	switch m.base(i).state {
	case stateRunning:
		return m.spinner.View()
	case stateOK:
		if len(m.base(i).diag.list) > 0 || len(m.base(i).warnings) > 0 {
			return st.text.warn.Render("!") // passed, with notes or warnings
		}
		return st.step.ok.Render("✓")
	case stateFailed:
		return st.step.fail.Render("✗")
	case stateSkipped:
		return st.step.idle.Render("–")
	}
	return st.step.idle.Render("○")
}

// statusText is the status message: one line, or two when it is longer,
// the second in place of the help bar (statusOverflows), so that a long
// message never takes a row from the panes.
func (m *Model) statusText(style lipgloss.Style) string {
	lines := wrapLines(style.Render(m.c.say(m.status)), m.c.width)
	if len(lines) > 1 && !m.statusOverflows() {
		return truncate(lines[0], m.c.width)
	}
	return fit(lines, m.c.width, 2)
}

// statusOverflows reports whether the status message needs the help
// bar's row: it is wider than the window and the help is one line (the
// help comes back with the next message or key).
func (m *Model) statusOverflows() bool {
	if m.status == "" || m.fix.waiting || m.help.ShowAll {
		return false
	}
	return ansi.StringWidth(m.c.say(m.status)) > m.c.width
}

// lineCount is the number of lines of s; none for "".
func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

// statusLine is the status: one line, or two in place of the help bar.
func (m *Model) statusLine() string {
	st := m.c.styles
	switch {
	case m.fix.waiting:
		return truncate(st.status.ok.Render(m.waitLine()), m.c.width)
	case m.status != "" && m.statusErr:
		return m.statusText(st.status.err)
	case m.status != "":
		return m.statusText(st.status.ok)
	case m.tokenOp != "":
		return truncate(st.text.dim.Render(m.tokenOp+" is running · esc cancels"), m.c.width)
	case m.running >= 0:
		return truncate(st.text.dim.Render(fmt.Sprintf("step %d is running · esc cancels", m.running+1)), m.c.width)
	case m.canFix():
		return truncate(m.fixHint(), m.c.width)
	}
	return ""
}

// renderOther draws the picker or the save dialog between the header and
// the status line.
func (m *Model) renderOther(hv string) string {
	w := m.c.width
	lines := []string{m.headerLine()}
	if b := m.bannerText(); b != "" {
		lines = append(lines, truncate(b, w))
	}
	bodyH := m.otherBodyHeight(lineCount(hv))
	body := m.screen.view(m, w, bodyH)
	if m.help.ShowAll {
		body = strings.Join(m.keysOverlay(bodyH), "\n")
	}
	lines = append(lines, block(body, w, bodyH)...)
	lines = append(lines, m.statusLine())
	if hv != "" {
		lines = append(lines, hv)
	}
	return strings.Join(lines, "\n")
}

// statusLines is the height of the status line.
func (m *Model) statusLines() int { return max(1, lineCount(m.statusLine())) }

// otherBodyHeight is the room between the header and the status line.
func (m *Model) otherBodyHeight(helpLines int) int {
	top := 1
	if m.bannerText() != "" {
		top++
	}
	return max(3, m.c.height-top-m.statusLines()-helpLines)
}

// helpKeys is the help for the screen on show.
func (m *Model) helpKeys() helpKeys {
	if m.screen != nil {
		return m.screen.help(m)
	}
	return m.walkHelp()
}

// helpView is the help bar for what can be done now; under the full help,
// how to close it.
func (m *Model) helpView() string {
	if m.statusOverflows() {
		return ""
	}
	if m.help.ShowAll {
		return truncate(m.help.ShortHelpView(m.c.keys.overlayHelp()), m.c.width)
	}
	lines := strings.Split(m.help.View(m.helpKeys()), "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > m.c.width {
			lines[i] = truncate(l, m.c.width)
		}
	}
	return strings.Join(lines, "\n")
}
