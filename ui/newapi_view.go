package ui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/profiles"
)

// naLabels are the form's labels, one per field.
var naLabels = [naCount]string{
	naName: "Name", naTarget: "Issuer or token URL", naClientID: "Client ID", naSecret: "Client secret",
	naSecretGoes: "Secret goes to", naAuth: "Auth method", naScopes: "Scopes", naAPIURL: "API URL",
	naHeader: "Header", naRefKind: "Header value from", naRefValue: "Reference",
}

// View draws the form: one row per field, ▸ on the focused one, then what
// discovery and the last paste said, and the last error.
func (f newAPIForm) View(w int) string {
	st := f.c.styles
	lines := []string{st.text.heading.Render("New API"),
		st.text.dim.Render(truncate("paste a curl command to fill it · enter saves the profile and opens the walk",
			w)), ""}
	for i := naField(0); i < naCount; i++ {
		name := naLabels[i]
		if i == naTarget && f.api != nil {
			name = "Authorization server"
		}
		label := st.form.label.Render("  " + padRight(name, 20))
		if i == f.focus {
			label = st.form.labelFocused.Render("▸ " + padRight(name, 20))
		}
		lines = append(lines, truncate(label+" "+f.value(i), w))
	}
	lines = append(lines, "")
	if api := f.apiLines(w); len(api) > 0 {
		lines = append(append(lines, api...), "")
	}
	for _, n := range []string{f.found, f.note} {
		if n != "" {
			lines = append(lines, wrapLines(st.text.dim.Render(clean(n)), w)...)
		}
	}
	if f.err != nil {
		lines = append(lines, wrapLines(st.text.err.Render("✗ ")+clean(f.err.Error()), w)...)
	}
	if f.saving {
		lines = append(lines, st.text.dim.Render("saving …"))
	}
	return strings.Join(lines, "\n")
}

// value is a field's value as shown: toggles as ‹ a · [b] · c ›, a pasted
// secret masked, references as typed.
func (f newAPIForm) value(i naField) string {
	st := f.c.styles
	switch i {
	case naSecretGoes:
		if isRef(strings.TrimSpace(f.text[naSecret])) {
			return st.text.dim.Render("nowhere: the profile keeps the reference typed above")
		}
		var names []string
		for _, c := range naStores {
			names = append(names, map[secretChoice]string{choiceKeyring: "keyring", choiceFile: "file (0600)",
				choiceEnv: "env: (write nothing)"}[c])
		}
		return toggleText(names, f.store)
	case naAuth:
		var names []string
		for _, a := range naAuths {
			names = append(names, string(a))
		}
		return toggleText(names, f.auth)
	case naRefKind:
		return toggleText(naRefKinds, f.refKind)
	case naScopes:
		if len(f.scopes) > 0 {
			return f.scopeList()
		}
	case naTarget:
		if f.api != nil && len(f.api.Resource.Metadata.AuthorizationServers) > 1 {
			return toggleText(cleanAll(f.api.Resource.Metadata.AuthorizationServers), f.api.Pick)
		}
	case naSecret:
		if s := f.text[i]; s != "" && !isRef(s) {
			return st.text.warn.Render("•••••••• (pasted; stored on save, never in the profile)")
		}
	}
	return clean(f.text[i])
}

// toggleText is "‹ a  [b]  c ›" with the chosen one bracketed.
func toggleText(names []string, at int) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = " " + n + " "
		if i == at {
			parts[i] = "[" + n + "]"
		}
	}
	return "‹ " + strings.Join(parts, " ") + " ›"
}

// scopeList is discovery's scopes, [x] for a picked one, the cursor's in ‹›.
func (f newAPIForm) scopeList() string {
	parts := make([]string, len(f.scopes))
	for i, s := range f.scopes {
		box := "[ ] "
		if f.picked[s] {
			box = "[x] "
		}
		parts[i] = box + clean(s)
		if i == f.scopeAt && f.focus == naScopes {
			parts[i] = "‹" + parts[i] + "›"
		}
	}
	return strings.Join(parts, "  ")
}

// ShortHelp is the form's keys.
func (f newAPIForm) ShortHelp() []key.Binding {
	b := func(keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
	}
	if f.saving {
		return []key.Binding{f.c.keys.ForceQuit}
	}
	return []key.Binding{b("enter", "save and open"), b("tab", "next field"), b("←/→", "toggle"),
		b("space", "pick scope"), b("esc", "back to the picker"), f.c.keys.ForceQuit}
}

// FullHelp is the short help in one group.
func (f newAPIForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// newAPIBody is the New API… form as a screen.
type newAPIBody struct{}

func (newAPIBody) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.newAPIKey(msg) }

func (newAPIBody) paste(m *Model, msg tea.PasteMsg) tea.Cmd {
	m.newAPI = m.newAPI.paste(msg.Content)
	return nil
}

func (newAPIBody) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case newAPIDiscoveredMsg:
		m.newAPI.discovered(msg)
	case newAPISavedMsg:
		return m.onNewAPISaved(msg)
	}
	return nil
}

func (newAPIBody) view(m *Model, w, _ int) string {
	v := m.newAPI.View(w)
	if note := m.embeddedDemoNote(); note != "" {
		v += "\n" + strings.Join(wrapLines(m.c.styles.text.warn.Render(note), w), "\n")
	}
	return v
}

// embeddedDemoNote warns that a profile for the embedded demo server names
// a port of this run only: it is dead once oauthlens quits (a profile saved
// so listed "connection refused" the next day: second newcomer trial).
func (m *Model) embeddedDemoNote() string {
	f := m.newAPI
	if !m.onEmbeddedDemo(f.text[naTarget]) && !m.onEmbeddedDemo(f.text[naAPIURL]) {
		return ""
	}
	return "! " + strings.TrimSuffix(m.picker.demoIssuer, "/") + " is the demo server of this run: a profile " +
		"for it works only while a demo server listens there (oauthlens demo --serve listens on 127.0.0.1:9400)"
}

func (newAPIBody) help(m *Model) helpKeys { return helpOf(m.newAPI) }

func (newAPIBody) title() string { return "new API" }

// openNewAPI shows an empty New API… form.
func (m *Model) openNewAPI() tea.Cmd {
	m.newAPI = newNewAPIForm(m.c, m.hc)
	m.newAPI.width = m.c.width
	m.screen, m.help.ShowAll = screenNewAPI, false
	return nil
}

// newAPIKey handles a key in the form: enter saves, esc goes back.
func (m *Model) newAPIKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.c.keys.Leave) && m.newAPI.cancelLookUp() {
		return nil
	}
	if cmd, ok := m.formScreenKey(msg, m.newAPI.saving, screenPicker, m.submitNewAPI); ok {
		return cmd
	}
	var cmd tea.Cmd
	m.newAPI, cmd = m.newAPI.Update(msg)
	return cmd
}

// submitNewAPI builds the profile through the walk and saves it.
func (m *Model) submitNewAPI() tea.Cmd {
	if m.store == nil {
		m.newAPI.err = errors.New("no profile store: saving is not available here")
		return nil
	}
	plan, err := m.newAPI.plan(*m.store)
	m.newAPI.err = err
	if err != nil {
		return nil
	}
	m.newAPI.saving = true
	return saveNewAPICmd(plan)
}

// onNewAPISaved opens the walk on the saved profile through the picker's
// own path (its references resolved), or shows why it was not saved.
func (m *Model) onNewAPISaved(msg newAPISavedMsg) tea.Cmd {
	m.newAPI.saving = false
	if errors.Is(msg.err, errProfileExists) {
		msg.err = errors.New("a profile named " + msg.p.Name + " exists: choose another name")
	}
	if m.newAPI.err = msg.err; msg.err != nil {
		return nil
	}
	m.screen = screenPicker
	m.pickSeq++
	m.picker.resolving, m.picker.err = msg.p.Name, nil
	m.picker.resize()
	ctx, cancel := context.WithTimeout(context.Background(), pickTimeout)
	m.pickCancel = cancel
	it := profileItem{p: msg.p, kind: kindSaved, register: m.newAPI.registers(msg.p)}
	return tea.Batch(listProfilesCmd(*m.store), resolveProfileCmd(ctx, it, m.pickSeq))
}

// newAPIItem is the picker's first entry.
func newAPIItem() profileItem {
	return profileItem{p: profiles.Profile{Name: "New API…"}, kind: kindNewAPI,
		desc: "a short form that ends in a saved profile · paste a curl command to fill it"}
}
