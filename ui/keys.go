package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
)

// keyMap holds every key binding of the walk screen.
type keyMap struct {
	Run, RunAll, Cancel, Leave  key.Binding
	Next, Prev, Steps           key.Binding
	Up, Down, PageUp, PageDown  key.Binding
	Top, Bottom                 key.Binding
	Reveal, CopyCurl, CopyToken key.Binding
	Zoom, Help, Quit, ForceQuit key.Binding
	FieldUp, FieldDown          key.Binding
	Introspect, Revoke          key.Binding
	Picker, Save                key.Binding
	ApplyFix, Faults, Toggle    key.Binding
	ClientMode, ClientModeBack  key.Binding
}

func defaultKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Run:        b([]string{"enter"}, "enter", "run step"),
		RunAll:     b([]string{"a"}, "a", "run all"),
		Cancel:     b([]string{"esc"}, "esc", "cancel request"),
		Leave:      b([]string{"esc"}, "esc", "leave field"),
		Next:       b([]string{"tab"}, "tab", "focus"),
		Prev:       b([]string{"shift+tab"}, "shift+tab", "focus back"),
		Steps:      b([]string{"1", "2", "3", "4"}, "1-4", "step"),
		Up:         b([]string{"up", "k"}, "↑/k", "up"),
		Down:       b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:     b([]string{"pgup"}, "pgup", "page up"),
		PageDown:   b([]string{"pgdown"}, "pgdn", "page down"),
		Top:        b([]string{"home", "g"}, "home/g", "top"),
		Bottom:     b([]string{"end", "G"}, "end/G", "bottom"),
		Reveal:     b([]string{"s"}, "s", "reveal secrets"),
		CopyCurl:   b([]string{"c"}, "c", "copy curl"),
		CopyToken:  b([]string{"y"}, "y", "copy token"),
		Zoom:       b([]string{"r"}, "r", "raw view"),
		Help:       b([]string{"?"}, "?", "help"),
		Quit:       b([]string{"q", "ctrl+c"}, "q", "quit"),
		ForceQuit:  b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		FieldUp:    b([]string{"up"}, "↑", "prev field"),
		FieldDown:  b([]string{"down"}, "↓", "next field"),
		Introspect: b([]string{"i"}, "i", "introspect"),
		Revoke:     b([]string{"x"}, "x", "revoke"),
		Picker:     b([]string{"p"}, "p", "profiles"),
		Save:       b([]string{"ctrl+s"}, "ctrl+s", "save profile"),
		ApplyFix:   b([]string{"!"}, "!", "apply fix"),
		Faults:     b([]string{"f"}, "f", "demo faults"),
		Toggle:     b([]string{"space"}, "space", "toggle"),
		// Step 2: existing credentials, RFC 7591 registration, admin API.
		ClientMode:     b([]string{"right"}, "←/→", "existing or new client"),
		ClientModeBack: b([]string{"left"}, "←", "previous client mode"),
	}
}

// editingKeys are the only global keys while a text field has focus:
// ctrl combinations, esc, tab and enter. Everything else is typed.
func (k keyMap) editingKeys() []key.Binding {
	return []key.Binding{k.Run, k.Cancel, k.Next, k.Prev, k.ForceQuit}
}

// isGlobalWhileEditing reports whether a key press is a global key even
// though a text field has focus.
func (k keyMap) isGlobalWhileEditing(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, k.editingKeys()...)
}

// helpKeys is the help.KeyMap for the current state: the focused pane's
// bindings plus the global ones, with the ones that can't run now disabled.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// helpState says what can run now; it decides which bindings are shown.
type helpState struct {
	editing, running, hasExchange, hasToken, scrollable bool
	reveal, zoomed                                      bool
	canIntrospect, canRevoke, canPick, canSave          bool
	canFix, canFaults                                   bool // a fix to apply (!), the demo's fault list (f)
	clientModes, createMode, copySecret                 bool // step 2's mode bar, a creation form, a secret shown once
}

func (k keyMap) help(st helpState) helpKeys {
	enable := func(b key.Binding, on bool) key.Binding { b.SetEnabled(on); return b }
	if st.editing {
		short := []key.Binding{k.Run, enable(k.Cancel, st.running), enable(k.Leave, !st.running), k.Next, k.FieldDown, k.ForceQuit}
		return helpKeys{short: short, full: [][]key.Binding{short, {k.Prev, k.FieldUp, enable(k.Save, st.canSave)}}}
	}
	reveal := k.Reveal
	if st.reveal {
		reveal.SetHelp("s", "mask secrets")
	}
	zoom := k.Zoom
	if st.zoomed {
		zoom.SetHelp("r", "panes")
	}
	run := enable(k.Run, !st.running)
	curl, tok := enable(k.CopyCurl, st.hasExchange), enable(k.CopyToken, st.hasToken)
	intro, revoke := enable(k.Introspect, st.canIntrospect), enable(k.Revoke, st.canRevoke)
	pick, save := enable(k.Picker, st.canPick), enable(k.Save, st.canSave)
	run, tok, mode := k.clientHelp(st, run, tok)
	fix, faults := enable(k.ApplyFix, st.canFix), enable(k.Faults, st.canFaults)
	short := []key.Binding{run, fix, mode, enable(k.RunAll, !st.running), enable(k.Cancel, st.running), intro, revoke, k.Next, k.Steps,
		faults, k.Help, k.Quit, reveal, curl, tok, zoom, pick, save}
	esc, closeHelp := k.Cancel, k.Help // the full help covers the body: esc or ? closes it
	esc.SetHelp("esc", "cancel · leave · close")
	closeHelp.SetHelp("?", "close help")
	full := [][]key.Binding{
		{run, fix, mode, enable(k.RunAll, !st.running), esc, k.Steps, closeHelp, k.Quit},
		{k.Next, k.Prev, zoom, intro, revoke, pick, save, faults},
		{enable(k.Up, st.scrollable), enable(k.Down, st.scrollable), enable(k.PageUp, st.scrollable),
			enable(k.PageDown, st.scrollable), enable(k.Top, st.scrollable), enable(k.Bottom, st.scrollable)},
		{reveal, curl, tok},
	}
	return helpKeys{short: short, full: full}
}

// clientHelp adapts the walk's keys to step 2: ←/→ switches between
// existing credentials and creating a client, enter creates, and y copies
// a secret that is shown once.
func (k keyMap) clientHelp(st helpState, run, tok key.Binding) (key.Binding, key.Binding, key.Binding) {
	mode := k.ClientMode
	mode.SetEnabled(st.clientModes && !st.running)
	if st.createMode {
		run.SetHelp("enter", "create client")
	}
	if st.copySecret { // up front, in the place of ←/→: the panel shows it once
		copySecret := tok
		copySecret.SetHelp("y", "copy secret")
		copySecret.SetEnabled(true)
		tok.SetEnabled(false)
		return run, tok, copySecret
	}
	return run, tok, mode
}

// overlayHelp is the help bar under the full help.
func (k keyMap) overlayHelp() []key.Binding {
	esc := k.Cancel
	esc.SetHelp("esc/?", "close help")
	return []key.Binding{esc, k.Quit}
}

// pickerHelp is the help of the profile picker: its own keys and the
// list's, which the list enables and disables as the filter changes.
func (k keyMap) pickerHelp(lk list.KeyMap, filtering, filtered, canBack bool) helpKeys {
	choose, back := k.Run, k.Leave
	choose.SetHelp("enter", "open")
	back.SetHelp("esc", "back to the walk")
	back.SetEnabled(canBack && !filtered)
	if filtering {
		short := []key.Binding{lk.AcceptWhileFiltering, lk.CancelWhileFiltering, k.ForceQuit}
		return helpKeys{short: short, full: [][]key.Binding{short}}
	}
	short := []key.Binding{choose, lk.CursorUp, lk.CursorDown, lk.Filter, lk.ClearFilter, back, k.Help, k.Quit}
	full := [][]key.Binding{{choose, back, k.Help, k.Quit},
		{lk.CursorUp, lk.CursorDown, lk.NextPage, lk.PrevPage, lk.GoToStart, lk.GoToEnd}, {lk.Filter, lk.ClearFilter}}
	return helpKeys{short: short, full: full}
}

// saveHelp is the help of the save dialog.
func (k keyMap) saveHelp(saving bool) helpKeys {
	b := func(keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
	}
	if saving {
		return helpKeys{short: []key.Binding{k.ForceQuit}}
	}
	short := []key.Binding{b("enter", "save"), b("tab", "next field"), b("↑/↓", "choose"), b("esc", "cancel"), k.ForceQuit}
	return helpKeys{short: short, full: [][]key.Binding{short}}
}

// move applies the scroll keys to a position in [0, last]: a row offset or
// a selection. page is how far pgup/pgdn go. ok is false for other keys.
func (k keyMap) move(msg tea.KeyPressMsg, pos, page, last int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		pos--
	case key.Matches(msg, k.Down):
		pos++
	case key.Matches(msg, k.PageUp):
		pos -= max(1, page)
	case key.Matches(msg, k.PageDown):
		pos += max(1, page)
	case key.Matches(msg, k.Top):
		pos = 0
	case key.Matches(msg, k.Bottom):
		pos = last
	default:
		return pos, false
	}
	return max(0, min(pos, last)), true
}
