package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/profiles"
)

// secretChoice is where the save dialog puts the client secret.
type secretChoice int

const (
	choiceKeep    secretChoice = iota // the reference the walk was loaded with
	choiceEnv                         // env:NAME: nothing is written
	choiceFile                        // a 0600 file under the config dir
	choiceKeyring                     // the system keyring
	choicePlain                       // the secret itself, in the profile
)

// Parts of the dialog that take focus.
const (
	dlgName = iota
	dlgWhere
	dlgEnv
)

// saveDialog asks for a profile name and where the client secret should
// live (ctrl+s). The default is a reference; plain text must be chosen and
// then confirmed.
type saveDialog struct {
	c          *common
	name, env  textinput.Model
	focus      int
	choices    []secretChoice
	sel        int
	keepRef    string // offered as choiceKeep when set
	hasSecret  bool
	envEdited  bool
	confirm    string // "plain" or "replace": enter again to go on
	saving     bool
	err        error
	storeDir   string
	secretsDir string
}

func newDialogInput(c *common, placeholder string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.CharLimit = 100
	ti.SetStyles(c.styles.input)
	ti.SetWidth(40)
	return ti
}

// newSaveDialog opens the dialog with a name (the walk's profile, or
// empty) and, when the secret is unchanged since it was loaded from a
// reference, that reference to keep.
func newSaveDialog(c *common, store profiles.Store, name, keepRef string, hasSecret bool) saveDialog {
	d := saveDialog{c: c, name: newDialogInput(c, "a name, e.g. acme-staging"), env: newDialogInput(c, "VARIABLE_NAME"),
		keepRef: keepRef, hasSecret: hasSecret, storeDir: store.Dir, secretsDir: store.SecretsDir()}
	d.name.SetValue(name)
	d.name.CursorEnd()
	if keepRef != "" {
		d.choices = append(d.choices, choiceKeep)
	}
	d.choices = append(d.choices, choiceEnv, choiceFile, choiceKeyring, choicePlain)
	d.suggestEnv()
	d.setFocus(dlgName)
	return d
}

func (d *saveDialog) choice() secretChoice {
	if !d.hasSecret {
		return choiceKeep
	}
	return d.choices[d.sel]
}

func (d *saveDialog) profileName() string { return strings.TrimSpace(d.name.Value()) }
func (d *saveDialog) envName() string     { return strings.TrimSpace(d.env.Value()) }

// suggestEnv proposes NAME_CLIENT_SECRET until the variable is edited.
func (d *saveDialog) suggestEnv() {
	if !d.envEdited {
		d.env.SetValue(envVarName(d.profileName(), "CLIENT_SECRET"))
		d.env.CursorEnd()
	}
}

// envVarName makes an environment variable name: "acme-staging" and
// "CLIENT_SECRET" give ACME_STAGING_CLIENT_SECRET.
func envVarName(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		for _, r := range strings.ToUpper(p) {
			if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	s := b.String()
	if s != "" && unicode.IsDigit(rune(s[0])) {
		s = "_" + s
	}
	return s
}

// focusable lists the parts that take focus now.
func (d *saveDialog) focusable() []int {
	f := []int{dlgName}
	if d.hasSecret {
		f = append(f, dlgWhere)
		if d.choice() == choiceEnv {
			f = append(f, dlgEnv)
		}
	}
	return f
}

func (d *saveDialog) setFocus(i int) {
	d.focus = i
	d.name.Blur()
	d.env.Blur()
	switch i {
	case dlgName:
		d.name.Focus()
	case dlgEnv:
		d.env.Focus()
	}
}

// move shifts focus by delta through the focusable parts, round.
func (d *saveDialog) move(delta int) {
	f := d.focusable()
	at := 0
	for i, x := range f {
		if x == d.focus {
			at = i
		}
	}
	d.setFocus(f[(at+delta+len(f))%len(f)])
}

// Update handles a key other than enter, esc and ctrl+c.
func (d saveDialog) Update(msg tea.KeyPressMsg) (saveDialog, tea.Cmd) {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Next):
		d.move(1)
		return d, nil
	case key.Matches(msg, k.Prev):
		d.move(-1)
		return d, nil
	case d.focus == dlgWhere && key.Matches(msg, k.Up, k.Down):
		step := 1
		if key.Matches(msg, k.Up) {
			step = -1
		}
		d.sel = max(0, min(len(d.choices)-1, d.sel+step))
		d.confirm, d.err = "", nil
		return d, nil
	case key.Matches(msg, k.FieldUp):
		d.move(-1)
		return d, nil
	case key.Matches(msg, k.FieldDown):
		d.move(1)
		return d, nil
	}
	return d.updateInput(msg)
}

func (d saveDialog) updateInput(msg tea.Msg) (saveDialog, tea.Cmd) {
	var cmd tea.Cmd
	switch d.focus {
	case dlgName:
		d.name, cmd = d.name.Update(msg)
		d.suggestEnv()
		d.confirm = ""
	case dlgEnv:
		before := d.env.Value()
		d.env, cmd = d.env.Update(msg)
		d.envEdited = d.envEdited || d.env.Value() != before
	}
	return d, cmd
}

// check says what is wrong before saving, or asks for a confirmation.
func (d *saveDialog) check() error {
	if err := profiles.ValidName(d.profileName()); err != nil {
		return err
	}
	if d.choice() == choiceEnv && !validEnvName(d.envName()) {
		return fmt.Errorf("%q is not an environment variable name (letters, digits and _)", d.envName())
	}
	return nil
}

func validEnvName(s string) bool {
	return s != "" && envVarName(s) == s && !unicode.IsDigit(rune(s[0]))
}

// choiceText describes a choice for the profile called name.
func (d *saveDialog) choiceText(c secretChoice, name string) string {
	if name == "" {
		name = "NAME"
	}
	switch c {
	case choiceKeep:
		return "keep " + clean(d.keepRef) + " (unchanged)"
	case choiceEnv:
		return "an environment variable: env:" + clean(d.envName()) + " (you set it; nothing is written)"
	case choiceFile:
		return "a new file: " + clean(filepath.Join(d.secretsDir, name)) + " (mode 0600; -2, -3 … if taken)"
	case choiceKeyring:
		return "the system keyring (" + profiles.KeyringService + "/" + clean(name) + ")"
	}
	return "plain text in the profile (not recommended)"
}

// View draws the dialog in a box at most w cells wide.
func (d saveDialog) View(w int, notes []string) string {
	st := d.c.styles
	inner := max(20, min(w, 100)-4)
	d.name.SetWidth(max(10, inner-14))
	d.env.SetWidth(max(10, inner-14))
	label := func(part int, text string) string {
		if d.focus == part {
			return st.form.labelFocused.Render("▸ " + text)
		}
		return st.form.label.Render("  " + text)
	}
	lines := wrapLines("Save this walk as a profile in "+clean(d.storeDir), inner)
	lines = append(lines, "", label(dlgName, "Name      ")+"  "+d.name.View(), "")
	if d.hasSecret {
		lines = append(lines, label(dlgWhere, "Where should the client secret live?"))
		lines = append(lines, d.choiceLines(inner)...)
		if d.choice() == choiceEnv {
			lines = append(lines, label(dlgEnv, "Variable  ")+"  "+d.env.View())
		}
	} else if d.keepRef != "" {
		lines = append(lines, wrapLines(st.text.dim.Render("  The client secret is empty: the profile keeps "+clean(d.keepRef)+"."), inner)...)
	} else {
		lines = append(lines, st.text.dim.Render("  The client secret is empty: there is no secret to store."))
	}
	if len(notes) > 0 {
		lines = append(lines, "")
	}
	for _, n := range notes {
		lines = append(lines, wrapLines(st.text.dim.Render(n), inner)...)
	}
	if f := d.footerLines(inner); len(f) > 0 {
		lines = append(append(lines, ""), f...)
	}
	return st.dialog.box.Width(inner + 4).Render(strings.Join(lines, "\n"))
}

func (d saveDialog) choiceLines(w int) []string {
	st := d.c.styles
	var lines []string
	for i, c := range d.choices {
		mark, style := "  ○ ", st.dialog.choice
		if i == d.sel {
			mark, style = "  ● ", st.dialog.chosen
			if d.focus == dlgWhere {
				mark = "▸ ● "
			}
		}
		text := d.choiceText(c, d.profileName())
		if c == choicePlain {
			text = st.text.warn.Render(text)
		}
		for j, l := range wrapLines(text, w-6) {
			if j == 0 {
				lines = append(lines, "  "+style.Render(mark)+l)
			} else {
				lines = append(lines, "      "+l)
			}
		}
	}
	return lines
}

// footerLines are the error or the confirmation asked for, then the keys.
func (d saveDialog) footerLines(w int) []string {
	st := d.c.styles
	var lines []string
	switch {
	case d.saving:
		lines = append(lines, st.text.dim.Render("saving …"))
	case d.err != nil:
		lines = append(lines, wrapLines(st.text.err.Render("✗ ")+clean(d.err.Error()), w)...)
	case d.confirm == "plain":
		lines = append(
			lines,
			wrapLines(st.text.warn.Render("⚠ The secret will be written in plain text into the profile file, "+
				"where backups, sync tools and anyone reading your screen can see it. Press enter again to do so, or choose another place."), w)...)
	case d.confirm == "replace":
		lines = append(
			lines,
			wrapLines(
				st.text.warn.Render(
					fmt.Sprintf("⚠ A profile called %s exists: enter again replaces it.", clean(d.profileName())),
				),
				w,
			)...)
	}
	return lines
}

// ShortHelp is the dialog's keys; while it saves, only ctrl+c.
func (d saveDialog) ShortHelp() []key.Binding {
	b := func(keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
	}
	if d.saving {
		return []key.Binding{d.c.keys.ForceQuit}
	}
	return []key.Binding{b("enter", "save"), b("tab", "next field"), b("↑/↓", "choose"), b("esc", "cancel"),
		d.c.keys.ForceQuit}
}

// FullHelp is the short help in one group.
func (d saveDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
