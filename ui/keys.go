package ui

import (
	"charm.land/bubbles/v2/key"
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
	SaveHAR, Bundle             key.Binding // share.go
	Present, Diagram            key.Binding // present.go, sequence.go
	NextWarning, Export         key.Binding
	ZoomStep                    key.Binding
	Resend, Mark, Diff, AddRow  key.Binding // resend.go, diffmark.go (issue 16, Support)
	Inspect                     key.Binding // inspect.go: a pasted token or response
	// In a text field (help only: the field's textinput handles them).
	Cursor, ClearBefore, Choose key.Binding
}

func defaultKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Run:         b([]string{"enter"}, "enter", "run step"),
		RunAll:      b([]string{"a"}, "a", "run all"),
		Cancel:      b([]string{"esc"}, "esc", "cancel request"),
		Leave:       b([]string{"esc"}, "esc", "leave field"),
		Next:        b([]string{"tab"}, "tab", "focus"),
		Prev:        b([]string{"shift+tab"}, "shift+tab", "focus back"),
		Steps:       b([]string{"1", "2", "3", "4"}, "1-4", "step"),
		Up:          b([]string{"up", "k"}, "↑/k", "up"),
		Down:        b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:      b([]string{"pgup"}, "pgup", "page up"),
		PageDown:    b([]string{"pgdown"}, "pgdn", "page down"),
		Top:         b([]string{"home", "g"}, "home/g", "top"),
		Bottom:      b([]string{"end", "G"}, "end/G", "bottom"),
		Reveal:      b([]string{"s"}, "s", "reveal secrets"),
		CopyCurl:    b([]string{"c"}, "c", "copy curl"),
		CopyToken:   b([]string{"y"}, "y", "copy token"),
		Zoom:        b([]string{"r"}, "r", "raw view"),
		Help:        b([]string{"?"}, "?", "help"),
		Quit:        b([]string{"q", "ctrl+c"}, "q", "quit"),
		ForceQuit:   b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		FieldUp:     b([]string{"up"}, "↑", "prev field"),
		FieldDown:   b([]string{"down"}, "↓", "next field"),
		Introspect:  b([]string{"i"}, "i", "introspect"),
		Revoke:      b([]string{"x"}, "x", "revoke"),
		Picker:      b([]string{"p"}, "p", "profiles"),
		Save:        b([]string{"ctrl+s"}, "ctrl+s", "save profile"),
		ApplyFix:    b([]string{"!"}, "!", "apply fix"),
		Faults:      b([]string{"f"}, "f", "demo faults"),
		Toggle:      b([]string{"space"}, "space", "toggle"),
		SaveHAR:     b([]string{"w"}, "w", "save HAR"),
		Bundle:      b([]string{"b"}, "b", "support bundle"),
		Present:     b([]string{"P"}, "P", "presenter mode"),
		Diagram:     b([]string{"d"}, "d", "sequence diagram"),
		NextWarning: b([]string{"n"}, "n", "next warning"),
		Export:      b([]string{"e"}, "e", "export as shell"),
		ZoomStep:    b([]string{"z"}, "z", "step full screen"),
		Resend:      b([]string{"E"}, "E", "edit & resend"),
		Mark:        b([]string{"m"}, "m", "mark to diff"),
		Diff:        b([]string{"D"}, "D", "diff exchanges"),
		AddRow:      b([]string{"ctrl+o"}, "ctrl+o", "add a row"),
		Inspect:     b([]string{"I"}, "I", "inspect token/response"),
		// Step 2: existing credentials, RFC 7591 registration, admin API.
		ClientMode:     b([]string{"right"}, "←/→", "existing or new client"),
		ClientModeBack: b([]string{"left"}, "←", "previous client mode"),
		Cursor:         b([]string{"left", "right"}, "←/→", "move in a field"),
		ClearBefore:    b([]string{"ctrl+u"}, "ctrl+u", "clear to the field's start"),
		Choose:         b([]string{"space"}, "space/←/→", "choose where a new secret goes"),
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
