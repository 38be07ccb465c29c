package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
)

// field is one labelled text input of a step's form.
type field struct {
	label  string
	input  textinput.Model
	secret bool // masked (EchoPassword) until secrets are revealed
	// mask, when set, hides the secret parts of the value while it is not
	// being edited and secrets are not revealed (a header list, params).
	mask func(string) string
}

// form is the inputs of one step. It does not own focus order: its step
// pane says which field has focus.
type form struct {
	c      *common
	fields []field
	width  int
}

func newField(c *common, label, value, placeholder string, secret bool) field {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.EchoCharacter = '•'
	ti.CharLimit = 8192
	ti.SetStyles(c.styles.input)
	ti.SetValue(value)
	ti.CursorEnd()
	if secret && !c.reveal {
		ti.EchoMode = textinput.EchoPassword
	}
	return field{label: label, input: ti, secret: secret}
}

func (f *form) labelWidth() int {
	w := 0
	for _, fl := range f.fields {
		w = max(w, ansi.StringWidth(fl.label))
	}
	return w
}

// SetSize gives every input the room left of the labels.
func (f *form) SetSize(w int) {
	f.width = w
	inputW := max(4, w-f.labelWidth()-5) // the input draws one more cell for the cursor
	for i := range f.fields {
		f.fields[i].input.SetWidth(inputW)
	}
}

// focus focuses field i and blurs the others; i out of range blurs all.
func (f *form) focus(i int) {
	for j := range f.fields {
		if j == i {
			f.fields[j].input.Focus()
			f.fields[j].input.CursorEnd()
		} else {
			f.fields[j].input.Blur()
		}
	}
}

// refresh re-applies styles and masking after the background or the
// reveal setting changed.
func (f *form) refresh() {
	for i := range f.fields {
		in := &f.fields[i].input
		in.SetStyles(f.c.styles.input)
		if f.fields[i].secret && !f.c.reveal {
			in.EchoMode = textinput.EchoPassword
		} else {
			in.EchoMode = textinput.EchoNormal
		}
	}
}

func (f form) Update(i int, msg tea.Msg) (form, tea.Cmd) {
	if i < 0 || i >= len(f.fields) {
		return f, nil
	}
	var cmd tea.Cmd
	f.fields[i].input, cmd = f.fields[i].input.Update(msg)
	return f, cmd
}

func (f form) value(i int) string { return strings.TrimSpace(f.fields[i].input.Value()) }

func (f *form) setValue(i int, v string) {
	f.fields[i].input.SetValue(v)
	f.fields[i].input.CursorEnd()
}

// View draws one line per field: a marker on the focused one, the label,
// then the input.
func (f form) View(focused int) string {
	st := f.c.styles
	lw := f.labelWidth()
	lines := make([]string, len(f.fields))
	for i, fl := range f.fields {
		label := fl.label + strings.Repeat(" ", lw-ansi.StringWidth(fl.label))
		marker, ls := "  ", st.form.label
		if i == focused {
			marker, ls = "▸ ", st.form.labelFocused
		}
		lines[i] = truncate(ls.Render(marker+label)+"  "+f.inputView(fl), f.width)
	}
	return strings.Join(lines, "\n")
}

// inputView is the field's input; a masked secret that is not being edited
// shows the fixed mask, so that its length does not show.
func (f form) inputView(fl field) string {
	if fl.secret && !f.c.reveal && !fl.input.Focused() && fl.input.Value() != "" {
		return f.c.styles.text.mask.Render(flows.Mask)
	}
	if fl.mask != nil && !f.c.reveal && !fl.input.Focused() && fl.input.Value() != "" {
		masked := fl.input
		masked.SetValue(fl.mask(fl.input.Value()))
		return masked.View()
	}
	return fl.input.View()
}
