package ui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// styles is every style the UI draws with. It is the only place that calls
// lipgloss.NewStyle or lipgloss.Color; newStyles builds it for a light or
// dark background, or without colours when NO_COLOR is set.
type styles struct {
	isDark, noColor bool

	app  struct{ title, subtitle, warn, reveal lipgloss.Style }
	step struct{ current, other, ok, fail, run, idle, sep lipgloss.Style }
	pane struct{ titleFocused, titleBlurred, rule, sep lipgloss.Style }
	form struct{ label, labelFocused lipgloss.Style }
	text struct {
		heading, key, value, dim, ok, warn, err, mask, accent lipgloss.Style
	}
	http   struct{ start, header, section lipgloss.Style }
	json   struct{ key, str, num, lit, punct paint }
	list   struct{ selected, selectedBlurred, normal lipgloss.Style }
	status struct{ ok, err lipgloss.Style }

	spinner lipgloss.Style
	picker  struct {
		list  list.Styles
		items list.DefaultItemStyles
	}
	dialog   struct{ box, choice, chosen lipgloss.Style }
	progress struct{ full, warn, empty color.Color }
	input    textinput.Styles
	help     help.Styles
}

// palette picks colours; with noColor every colour is NoColor.
type palette struct {
	ld      lipgloss.LightDarkFunc
	noColor bool
}

func (p palette) c(light, dark string) color.Color {
	if p.noColor {
		return lipgloss.NoColor{}
	}
	return p.ld(lipgloss.Color(light), lipgloss.Color(dark))
}

// newStyles builds the styles. Colours are chosen to read on both
// backgrounds: darker shades on light terminals, lighter ones on dark.
func newStyles(isDark, noColor bool) styles {
	p := palette{ld: lipgloss.LightDark(isDark), noColor: noColor}
	c := colors{
		accent: p.c("#5A3FC0", "#B4A7FF"), ok: p.c("#1A7F37", "#5FD068"), warn: p.c("#9A6700", "#F2C14E"),
		bad: p.c("#C62828", "#FF6B6B"), dim: p.c("#616161", "#A0A0A0"), fg: p.c("#1F1F1F", "#E6E6E6"),
	}
	s := styles{isDark: isDark, noColor: noColor}
	s.setChrome(c)
	s.setText(c)
	s.json = jsonPaints(p)
	s.progress.full, s.progress.warn, s.progress.empty = c.ok, c.warn, c.dim
	s.input = inputStyles(p, c)
	s.help = helpStyles(c)
	s.setPicker(isDark, noColor, c)
	if noColor {
		s.help = help.Styles{}
	}
	return s
}

// setPicker sets the profile picker's list and the save dialog. Without
// colours the list keeps only its layout (padding and the selection bar).
func (s *styles) setPicker(isDark, noColor bool, c colors) {
	s.picker.list = list.DefaultStyles(isDark)
	s.picker.items = list.NewDefaultItemStyles(isDark)
	s.picker.list.Title = fgStyle(c.accent).Bold(true)
	s.picker.list.TitleBar = lipgloss.NewStyle().Padding(0, 0, 1, 0)
	s.picker.list.StatusBar = fgStyle(c.dim).Padding(0, 0, 1, 2)
	s.picker.list.Filter.Cursor.Blink = false // no wake-ups twice a second
	if noColor {
		plain := lipgloss.NewStyle()
		s.picker.list.Title = plain.Bold(true)
		s.picker.list.StatusBar, s.picker.list.StatusEmpty = plain.Padding(0, 0, 1, 2), plain
		s.picker.list.StatusBarActiveFilter, s.picker.list.StatusBarFilterCount, s.picker.list.NoItems = plain, plain, plain
		s.picker.list.Filter = textinput.Styles{Cursor: textinput.CursorStyle{Shape: tea.CursorBlock}}
		it := &s.picker.items
		it.NormalTitle, it.DimmedTitle = plain.Padding(0, 0, 0, 2), plain.Padding(0, 0, 0, 2)
		it.NormalDesc, it.DimmedDesc = it.NormalTitle, it.DimmedTitle
		it.SelectedTitle = plain.Border(lipgloss.NormalBorder(), false, false, false, true).
			Padding(0, 0, 0, 1).
			Bold(true)
		it.SelectedDesc = it.SelectedTitle.Bold(false)
	}
	s.dialog.box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(c.accent).Padding(0, 1)
	s.dialog.choice, s.dialog.chosen = fgStyle(c.fg), fgStyle(c.accent).Bold(true)
}

// helpStyles draw the key help: keys in the text colour, descriptions and
// separators in dim, each at least 4.5:1 (WCAG AA) on dark and light
// terminal backgrounds, so that a projector can show them.
func helpStyles(c colors) help.Styles {
	key, desc := fgStyle(c.fg).Bold(true), fgStyle(c.dim)
	return help.Styles{ShortKey: key, ShortDesc: desc, ShortSeparator: desc, Ellipsis: desc,
		FullKey: key, FullDesc: desc, FullSeparator: desc}
}

// colors are the few colours everything is drawn with.
type colors struct{ accent, ok, warn, bad, dim, fg color.Color }

func fgStyle(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }

// setChrome sets the header, step bar, pane titles, form labels and lists.
func (s *styles) setChrome(c colors) {
	s.app.title = fgStyle(c.accent).Bold(true)
	s.app.subtitle = fgStyle(c.dim)
	s.app.warn = fgStyle(c.bad).Bold(true)
	s.app.reveal = fgStyle(c.warn).Bold(true)
	s.step.current = fgStyle(c.fg).Bold(true).Underline(true)
	s.step.other, s.step.sep = fgStyle(c.dim), fgStyle(c.dim)
	s.step.ok, s.step.fail, s.step.run, s.step.idle = fgStyle(
		c.ok,
	), fgStyle(
		c.bad,
	).Bold(true),
		fgStyle(
			c.accent,
		), fgStyle(
			c.dim,
		)
	s.pane.titleFocused = fgStyle(c.accent).Bold(true)
	s.pane.titleBlurred, s.pane.rule, s.pane.sep = fgStyle(c.dim), fgStyle(c.dim), fgStyle(c.dim)
	s.form.label, s.form.labelFocused = fgStyle(c.dim), fgStyle(c.accent).Bold(true)
	s.list.selected = fgStyle(c.fg).Bold(true).Reverse(true)
	s.list.selectedBlurred = fgStyle(c.fg).Bold(true)
	s.list.normal = fgStyle(c.fg)
	s.spinner = fgStyle(c.accent)
}

// setText sets the styles of result text, HTTP text and the status line.
func (s *styles) setText(c colors) {
	s.text.heading = fgStyle(c.fg).Bold(true)
	s.text.key, s.text.value, s.text.dim = fgStyle(c.accent), fgStyle(c.fg), fgStyle(c.dim)
	s.text.ok, s.text.warn, s.text.err = fgStyle(c.ok), fgStyle(c.warn).Bold(true), fgStyle(c.bad).Bold(true)
	s.text.mask, s.text.accent = fgStyle(c.dim), fgStyle(c.accent)
	s.http.start, s.http.header, s.http.section = fgStyle(c.fg).Bold(true), fgStyle(c.accent), fgStyle(c.dim)
	s.status.ok, s.status.err = fgStyle(c.ok), fgStyle(c.bad).Bold(true)
}

func inputStyles(p palette, c colors) textinput.Styles {
	st := textinput.Styles{}
	st.Focused.Text = fgStyle(c.fg)
	st.Focused.Prompt = fgStyle(c.accent).Bold(true)
	st.Focused.Placeholder = fgStyle(c.dim)
	st.Blurred.Text = fgStyle(c.fg)
	st.Blurred.Prompt = fgStyle(c.dim)
	st.Blurred.Placeholder = fgStyle(c.dim)
	// A steady cursor: a blinking one would wake the program twice a second.
	st.Cursor = textinput.CursorStyle{Color: c.accent, Shape: tea.CursorBlock, Blink: false}
	if p.noColor {
		st.Cursor.Color = nil
	}
	return st
}

// paint is a style split into the escape codes before and after the text,
// so that large bodies are coloured by concatenation, not by Render calls.
type paint struct{ pre, post string }

func newPaint(st lipgloss.Style) paint {
	r := st.Render("\x01")
	i := strings.IndexByte(r, '\x01')
	if i < 0 {
		return paint{}
	}
	return paint{pre: r[:i], post: r[i+1:]}
}

func (p paint) wrap(s string) string {
	if p.pre == "" || s == "" {
		return s
	}
	return p.pre + s + p.post
}

func jsonPaints(p palette) (j struct{ key, str, num, lit, punct paint }) {
	fg := func(light, dark string) lipgloss.Style { return fgStyle(p.c(light, dark)) }
	j.key = newPaint(fg("#0550AE", "#79C0FF"))
	j.str = newPaint(fg("#0A6E2E", "#A5D6A7"))
	j.num = newPaint(fg("#8250DF", "#D2A8FF"))
	j.lit = newPaint(fg("#9A6700", "#F2C14E"))
	j.punct = newPaint(fg("#6E6E6E", "#8A8A8A"))
	return j
}
