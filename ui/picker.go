package ui

import (
	"charm.land/bubbles/v2/key"
	"errors"
	"strings"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/profiles"
)

// itemKind is where a picker entry comes from.
type itemKind int

const (
	kindSaved itemKind = iota
	kindDemo
	kindTemplate
	kindNewAPI // the New API… form
	// kindInspect is Inspect a token or response… (inspect.go).
	kindInspect
)

// profileItem is one entry of the picker: a saved profile, the demo or a
// built-in template.
type profileItem struct {
	p    profiles.Profile
	kind itemKind
	desc string
	// register: the walk opens step 2 on RFC 7591 registration
	// (Options.RegisterClient), as New API… chose for it.
	register bool
}

// Title implements list.DefaultItem.
func (i profileItem) Title() string { return clean(i.p.Name) }

// Description implements list.DefaultItem.
func (i profileItem) Description() string { return i.desc }

// FilterValue implements list.Item: the filter matches names.
func (i profileItem) FilterValue() string { return i.p.Name }

// profilesListedMsg is the result of listProfilesCmd.
type profilesListedMsg struct {
	list []profiles.Profile
	errs []error
}

// listProfilesCmd reads the store's profiles.
func listProfilesCmd(store profiles.Store) tea.Cmd {
	return func() tea.Msg {
		l, errs := store.List()
		return profilesListedMsg{list: l, errs: errs}
	}
}

// pickerPane lists the saved profiles, the demo and the templates, with a
// filter (/). Files that did not load are listed under it, and so is the
// failure of the last choice.
type pickerPane struct {
	c          *common
	canBack    bool // a walk is open: esc goes back to it
	list       list.Model
	saved      []profiles.Profile
	problems   []error
	demoIssuer string
	resolving  string // the entry whose references are being resolved
	err        error  // why the last choice did not open
	placed     bool   // the cursor was put on the first profile once
	width      int
	height     int
}

func newPickerPane(c *common, demoIssuer string) pickerPane {
	d := list.NewDefaultDelegate()
	d.SetSpacing(0)
	l := list.New(nil, d, 0, 0)
	l.Title = "Choose a profile"
	l.SetShowHelp(false)
	l.DisableQuitKeybindings()
	l.KeyMap.ShowFullHelp.SetEnabled(false)
	l.KeyMap.CloseFullHelp.SetEnabled(false)
	l.SetStatusBarItemName("entry", "entries")
	m := pickerPane{c: c, list: l, demoIssuer: demoIssuer}
	m.restyle()
	m.setItems()
	return m
}

// restyle applies the current styles to the list.
func (m *pickerPane) restyle() {
	m.list.Styles = m.c.styles.picker.list
	m.list.FilterInput.SetStyles(m.c.styles.picker.list.Filter)
	d := list.NewDefaultDelegate()
	d.SetSpacing(0)
	d.Styles = m.c.styles.picker.items
	m.list.SetDelegate(d)
}

// listed takes the store's profiles and load problems.
func (m *pickerPane) listed(msg profilesListedMsg) {
	m.saved, m.problems = msg.list, msg.errs
	m.setItems()
	m.resize()
}

// setItems lists the saved profiles, then the demo, then the templates.
func (m *pickerPane) setItems() {
	items := []list.Item{newAPIItem(), inspectItem()}
	for _, p := range m.saved {
		items = append(items, profileItem{p: p, kind: kindSaved, desc: describeProfile(p, kindSaved)})
	}
	demo := profiles.DemoProfile(profiles.DemoAddr)
	if m.demoIssuer != "" {
		demo = profiles.DemoProfile(m.demoIssuer)
	}
	items = append(items, profileItem{p: demo, kind: kindDemo, desc: describeDemo(m.demoIssuer)})
	for _, t := range profiles.Templates() {
		if t.Name != "demo" {
			items = append(items, profileItem{p: t, kind: kindTemplate, desc: describeProfile(t, kindTemplate)})
		}
	}
	m.list.SetItems(items)
	if !m.placed {
		m.list.Select(2) // New API… and Inspect… are on top; the cursor starts on the first profile
		m.placed = true
	}
}

func describeDemo(issuer string) string {
	if issuer == "" {
		return "demo server at " + profiles.DemoAddr + " (start it: oauthlens demo --serve) · basic · demo credentials"
	}
	return "built-in demo server, running at " + issuer + " · basic · demo credentials"
}

// describeProfile is "saved · ISSUER · basic · secret in environment
// variable X"; a secret in plain text is flagged.
func describeProfile(p profiles.Profile, kind itemKind) string {
	where := p.Issuer
	if where == "" {
		where = "token URL " + p.TokenURL
	}
	parts := []string{map[itemKind]string{kindSaved: "saved", kindTemplate: "template"}[kind]}
	if profiles.IsLiteral(p.ClientSecret) {
		parts = append(parts, "⚠ secret stored in plain text")
	}
	parts = append(parts, where, shortAuth(p.AuthMethod))
	if ph := p.Placeholders(); len(ph) > 0 {
		parts = append(parts, "fill in "+strings.Join(ph, ", "))
	}
	switch kind, _ := profiles.ParseRef(p.ClientSecret); kind {
	case "":
		parts = append(parts, "no client secret")
	case profiles.KindLiteral:
	case profiles.KindStdin:
		parts = append(parts, "secret from standard input (not in the TUI)")
	default:
		parts = append(parts, "secret in "+p.ClientSecret)
	}
	return clean(strings.Join(parts, " · "))
}

// selected is the entry under the cursor.
func (m pickerPane) selected() (profileItem, bool) {
	it, ok := m.list.SelectedItem().(profileItem)
	return it, ok
}

// filtering reports whether the filter is being typed: keys are text.
func (m pickerPane) filtering() bool { return m.list.SettingFilter() }

func (m *pickerPane) SetSize(w, h int) {
	m.width, m.height = w, h
	m.resize()
}

// resize gives the list the room the lines under it leave.
func (m *pickerPane) resize() {
	below := len(m.belowLines())
	m.list.SetSize(m.width, max(4, m.height-below))
}

// Update gives a message to the list.
func (m pickerPane) Update(msg tea.Msg) (pickerPane, tea.Cmd) {
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

// View draws the list and, under it, the choice's failure and the files
// that did not load.
func (m pickerPane) View() string {
	below := m.belowLines()
	h := max(4, m.height-len(below))
	lines := block(m.list.View(), m.width, h)
	return strings.Join(append(lines, below...), "\n")
}

// belowLines are the lines under the list, at most half the height.
func (m pickerPane) belowLines() []string {
	st, w := m.c.styles, m.width
	var lines []string
	if m.resolving != "" {
		lines = append(lines, st.text.dim.Render("opening "+clean(m.resolving)+" (resolving its secret references) …"))
	}
	if m.err != nil {
		lines = append(lines, wrapLines(st.text.err.Render("✗ ")+clean(m.err.Error()), w)...)
		lines = append(
			lines,
			wrapLines(st.text.dim.Render("set it up and press enter again, or choose another entry"), w)...)
	}
	if len(m.problems) > 0 {
		lines = append(lines, st.text.heading.Render("Problems loading profiles"))
		for _, e := range m.problems {
			lines = append(lines, indent(wrapLines(problemMark(st, e)+clean(e.Error()), w-2))...)
		}
	}
	return lines[:min(len(lines), max(0, m.height/2))]
}

func problemMark(st styles, err error) string {
	var pw *profiles.PermissionWarning
	if errors.As(err, &pw) {
		return st.text.warn.Render("! ")
	}
	return st.text.err.Render("✗ ")
}

// ShortHelp is the picker's keys and the list's, which the list enables
// and disables as the filter changes.
func (m pickerPane) ShortHelp() []key.Binding {
	k, lk := m.c.keys, m.list.KeyMap
	if m.filtering() {
		return []key.Binding{lk.AcceptWhileFiltering, lk.CancelWhileFiltering, k.ForceQuit}
	}
	choose, back := m.chooseBack()
	return []key.Binding{choose, lk.CursorUp, lk.CursorDown, lk.Filter, lk.ClearFilter, back, k.Help, k.Quit}
}

// FullHelp is the picker's keys in groups: open and leave, move, filter.
func (m pickerPane) FullHelp() [][]key.Binding {
	k, lk := m.c.keys, m.list.KeyMap
	if m.filtering() {
		return [][]key.Binding{m.ShortHelp()}
	}
	choose, back := m.chooseBack()
	return [][]key.Binding{{choose, back, k.Help, k.Quit},
		{lk.CursorUp, lk.CursorDown, lk.NextPage, lk.PrevPage, lk.GoToStart, lk.GoToEnd},
		{lk.Filter, lk.ClearFilter}}
}

// chooseBack are enter (open the entry) and esc (back to the walk, when
// there is one and no filter is applied).
func (m pickerPane) chooseBack() (key.Binding, key.Binding) {
	choose, back := m.c.keys.Run, m.c.keys.Leave
	choose.SetHelp("enter", "open")
	back.SetHelp("esc", "back to the walk")
	back.SetEnabled(m.canBack && !m.list.IsFiltered())
	return choose, back
}
