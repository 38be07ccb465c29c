package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// markPlaceholders shows a template's placeholders as hints in the emptied
// fields and says what to fill in.
func (m *Model) markPlaceholders(ph map[string]string) {
	if len(ph) == 0 {
		return
	}
	fields := map[string]*field{
		"issuer":    &m.discover.form.fields[fIssuer],
		"token_url": &m.discover.form.fields[fTokenURL],
		"client_id": &m.client.form.fields[fClientID],
		"audience":  &m.token.form.fields[fAudience],
		"scopes":    &m.token.form.fields[fScopes],
		"resource":  &m.token.form.fields[fResource],
	}
	var keys []string
	for _, k := range []string{"issuer", "token_url", "client_id", "scopes", "audience", "resource"} {
		if v, ok := ph[k]; ok {
			fields[k].input.Placeholder = "fill in: " + v
			keys = append(keys, k)
		}
	}
	m.setStatus("fill in "+strings.Join(keys, ", ")+" (the template's YOUR-… placeholders, marked \"fill in\")", false)
}

// onProfileMsg handles the answers of the picker and the save dialog.
func (m *Model) onProfileMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case profilesListedMsg:
		m.picker.listed(msg)
	case profileResolvedMsg:
		return m.onProfileResolved(msg)
	case profileSavedMsg:
		m.onSaved(msg)
	}
	return nil
}

// openPicker shows the picker and lists the store again.
func (m *Model) openPicker() tea.Cmd {
	if m.store == nil {
		m.setStatus("no profile store: profiles are not available here", true)
		return nil
	}
	m.screen, m.picker.err, m.help.ShowAll = screenPicker, nil, false
	m.picker.list.ResetFilter() // a filter from before would hide the list
	m.setStatus("", false)
	return listProfilesCmd(*m.store)
}

// pickerKey handles a key on the picker: enter opens the entry, esc goes
// back to the walk, q quits; the rest moves and filters the list.
func (m *Model) pickerKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if key.Matches(msg, k.ForceQuit) {
		m.stop()
		return tea.Quit
	}
	if !m.picker.filtering() {
		switch {
		case m.picker.resolving != "" && key.Matches(msg, k.Leave):
			m.cancelPick()
			return nil
		case key.Matches(msg, k.Run):
			return m.choose()
		case key.Matches(msg, k.Leave) && !m.picker.list.IsFiltered():
			if m.hasWalk {
				m.screen = screenWalk
			}
			return nil
		case key.Matches(msg, k.Quit):
			m.stop()
			return tea.Quit
		case key.Matches(msg, k.Help):
			m.help.ShowAll = !m.help.ShowAll
			return nil
		}
	}
	var cmd tea.Cmd
	m.picker, cmd = m.picker.Update(msg)
	return cmd
}

// choose resolves the selected entry's references in a command.
func (m *Model) choose() tea.Cmd {
	it, ok := m.picker.selected()
	if !ok || m.picker.resolving != "" {
		return nil
	}
	if it.kind == kindNewAPI {
		return m.openNewAPI()
	}
	if it.kind == kindInspect {
		return m.openInspector(screenPicker)
	}
	m.pickSeq++
	m.picker.resolving, m.picker.err = it.p.Name, nil
	m.picker.resize()
	ctx, cancel := context.WithTimeout(context.Background(), pickTimeout)
	m.pickCancel = cancel
	return resolveProfileCmd(ctx, it, m.pickSeq)
}

// cancelPick abandons the resolving of the chosen entry (esc).
func (m *Model) cancelPick() {
	if m.pickCancel != nil {
		m.pickCancel()
	}
	m.pickSeq++
	m.picker.resolving = ""
	m.picker.resize()
}

// onProfileResolved opens the walk on the chosen entry, or shows why not.
func (m *Model) onProfileResolved(msg profileResolvedMsg) tea.Cmd {
	if msg.seq != m.pickSeq || m.screen != screenPicker {
		return nil
	}
	m.picker.resolving = ""
	if m.pickCancel != nil {
		m.pickCancel()
	}
	if msg.err != nil {
		m.picker.err = msg.err
		m.picker.resize()
		return nil
	}
	o := msg.got.opts
	o.HTTPClient, o.Now, o.Insecure, o.Store, o.DemoIssuer = m.hc, m.c.now, m.c.insecure, m.store, m.picker.demoIssuer
	m.resetWalk(o)
	m.hasWalk, m.screen, m.help.ShowAll = true, screenWalk, false
	return nil
}

// markSecretErrors says on the status line which secrets did not resolve,
// after what markPlaceholders said.
func (m *Model) markSecretErrors(errs []SecretError) {
	if len(errs) == 0 {
		return
	}
	var notes []string
	if m.status != "" {
		notes = append(notes, m.status)
	}
	for _, e := range errs {
		notes = append(notes, e.note())
	}
	m.setStatus(strings.Join(notes, " · "), true)
}

// openSave opens the save dialog for the walk.
func (m *Model) openSave() {
	if m.store == nil {
		m.setStatus("no profile store: saving is not available here", true)
		return
	}
	name, savedID := "", ""
	if m.source != nil && !m.source.Builtin {
		name, savedID = m.source.Name, m.source.ClientID
	}
	if n := m.client.saveName(savedID); n != "" {
		name = n // a client created in step 2
	}
	m.save = newSaveDialog(m.c, *m.store, name, m.keepRef(), m.client.secret() != "")
	m.screen, m.help.ShowAll = screenSave, false
}

// saveKey handles a key in the save dialog.
func (m *Model) saveKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := m.formScreenKey(msg, m.save.saving, screenWalk, m.submitSave); ok {
		return cmd
	}
	var cmd tea.Cmd
	m.save, cmd = m.save.Update(msg)
	return cmd
}

// formScreenKey handles the keys every form screen shares: ctrl+c quits,
// nothing else while it saves, esc goes back to the screen it came from,
// enter submits. ok is false for the other keys, which are the form's.
func (m *Model) formScreenKey(msg tea.KeyPressMsg, saving bool, back screen, submit func() tea.Cmd) (tea.Cmd,
	bool) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		m.stop()
		return tea.Quit, true
	case saving:
		return nil, true
	case key.Matches(msg, k.Leave):
		m.screen = back
		return nil, true
	case key.Matches(msg, k.Run):
		return submit(), true
	}
	return nil, false
}

// submitSave checks the dialog, asks for the confirmations it needs, then
// saves in a command.
func (m *Model) submitSave() tea.Cmd {
	d := &m.save
	d.err = d.check()
	if d.err != nil {
		return nil
	}
	p, headers, err := m.walkProfile(d.profileName())
	if d.err = err; err != nil {
		return nil
	}
	if d.choice() == choicePlain && d.confirm != "plain" && d.confirm != "replace" {
		d.confirm = "plain"
		return nil
	}
	plan := savePlan{store: *m.store, p: p, choice: d.choice(), envName: d.envName(), secret: m.client.secret(),
		keepRef: d.keepRef, headers: headers, replace: d.confirm == "replace"}
	if m.source != nil && !m.source.Builtin {
		plan.loadedAs = m.source.Name
	}
	d.saving = true
	return saveProfileCmd(plan)
}

// onSaved shows where the profile went, or keeps the dialog open with the
// error (a keyring that is not there, a name that is taken).
func (m *Model) onSaved(msg profileSavedMsg) {
	d := &m.save
	d.saving = false
	switch {
	case errors.Is(msg.err, errProfileExists):
		d.confirm = "replace"
		return
	case msg.err != nil:
		d.err, d.confirm = msg.err, ""
		return
	}
	p := msg.p
	m.source, m.title = &p, p.Name
	m.loaded.ClientSecret, m.loaded.APIHeaders = m.client.secret(), m.currentHeaders()
	m.replan(p)
	m.screen = screenWalk
	m.setStatus(
		"✓ saved profile "+clean(p.Name)+" to "+clean(msg.path)+" · "+clean(strings.Join(msg.notes, " · ")),
		false,
	)
}

// currentHeaders are the call step's headers as "K: V" lines.
func (m *Model) currentHeaders() []string {
	var out []string
	for _, h := range m.call.headerLines() {
		out = append(out, h.Name+": "+h.Ref)
	}
	return out
}

// replan makes the saved profile the walk's plan: its references stand
// for the values on screen, so that they are kept and not resolved again.
func (m *Model) replan(p profiles.Profile) {
	m.plan.Profile = &p
	m.plan.Token.ClientSecret, m.plan.SecretRef = m.client.secret(), ""
	if !profiles.IsLiteral(p.ClientSecret) {
		m.plan.SecretRef = p.ClientSecret
	}
	for _, h := range m.call.headerLines() {
		ref := p.APIHeaders[h.Name]
		if profiles.IsLiteral(ref) {
			ref = ""
		}
		m.plan.SetHeader(walk.Header{Name: h.Name, Value: h.Ref, Ref: ref})
	}
	m.refs = resolvedRefs(m.plan)
}

// saveNotes say where the secret API headers will go.
func (m *Model) saveNotes() []string {
	p, headers, err := m.walkProfile(m.save.profileName())
	if err != nil {
		return nil
	}
	var notes []string
	for name, v := range p.APIHeaders {
		if !profiles.IsLiteral(v) {
			notes = append(notes, "API header "+name+": keeps "+v)
		}
	}
	for _, h := range headers {
		notes = append(notes, "API header "+h.name+": secret, stored like the client secret")
	}
	slices.Sort(notes)
	return notes
}
