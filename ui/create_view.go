package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// createdInfo is the client created in step 2 and where its one-time
// values went. Values that were stored are not kept here.
type createdInfo struct {
	kind               walk.CreationKind
	endpoint, clientID string
	name               string // the name asked for
	authMethod, scope  string
	secretExpires      time.Time
	regURI             string
	secret             string // the secret as created, to tell whether step 2 still uses it
	kept               []profiles.OneTime
}

var kindWords = map[walk.CreationKind]string{walk.CreateRFC7591: "RFC 7591 registration",
	walk.CreateVendor: "the admin API"}

// kvLabels label the one-time values in the panel.
var kvLabels = map[string]string{"client_secret": "secret", "registration_access_token": "reg. token",
	"client_creation_answer": "answer"}

// storedHow says what kind of store a reference is.
func storedHow(ref string) string {
	switch kind, _ := profiles.ParseRef(ref); kind {
	case profiles.KindFile:
		return " (a 0600 file)"
	case profiles.KindKeyring:
		return " (the system keyring)"
	}
	return ""
}

var keptLabels = map[string]string{"client_secret": "client secret", "registration_access_token": "registration token",
	"client_creation_answer": "whole answer"}

func newCreatedInfo(msg clientCreatedMsg) *createdInfo {
	c := msg.client
	ci := &createdInfo{kind: c.Kind, endpoint: c.Endpoint, name: c.Name, clientID: c.ClientID,
		authMethod: string(c.AuthMethod), scope: c.Scope, secretExpires: c.SecretExpires, regURI: c.RegURI,
		secret: c.Secret}
	for _, v := range msg.kept {
		if v.Ref != "" {
			v.Value = ""
		}
		ci.kept = append(ci.kept, v)
	}
	return ci
}

// secretRef is where the client secret was stored, or "".
func (ci *createdInfo) secretRef() string {
	for _, v := range ci.kept {
		if v.Field == "client_secret" {
			return v.Ref
		}
	}
	return ""
}

// allStored reports whether every one-time value was stored.
func (ci *createdInfo) allStored() bool { _, ok := ci.once(); return !ok }

// once is the first value that is shown once (not stored).
func (ci *createdInfo) once() (profiles.OneTime, bool) {
	for _, v := range ci.kept {
		if v.Ref == "" {
			return v, true
		}
	}
	return profiles.OneTime{}, false
}

// onceValue is the value y copies on step 2, if one is shown once.
func (m *clientPane) onceValue() (profiles.OneTime, bool) {
	if m.created == nil {
		return profiles.OneTime{}, false
	}
	return m.created.once()
}

// createdRef is the reference of the created secret while step 2 still
// uses that secret: saving keeps it.
func (m *clientPane) createdRef() string {
	if m.created == nil || m.created.secret == "" || m.secret() != m.created.secret {
		return ""
	}
	return m.created.secretRef()
}

// saveName is the profile name the save dialog suggests for a client
// created in step 2 and not saved yet (savedID is the client id of the
// profile the walk came from): the client's name, so that saving does
// not replace that profile unasked.
func (m *clientPane) saveName(savedID string) string {
	if m.createdRef() == "" || m.clientID() == savedID {
		return ""
	}
	return storageName("", m.created.name)
}

func (m *clientPane) start() {
	m.state, m.err = stateRunning, nil
	m.refresh(false)
}

func (m *clientPane) fail(err error) {
	m.state, m.err = stateFailed, err
	m.refresh(false)
}

// done records a creation's answer: the new client fills the existing
// credentials (shown again), the panel says where the secret went.
func (m *clientPane) done(msg clientCreatedMsg) {
	c := msg.client
	if c.ClientID != "" || len(msg.kept) > 0 {
		m.created = newCreatedInfo(msg)
	}
	// a public client (auth none, as an authorization code client
	// registered from an API is) has no secret: its id fills step 2 too
	if c.ClientID != "" && (c.Secret != "" || c.AuthMethod == flows.AuthNone) {
		creds := m.creds()
		creds.setValue(fClientID, clean(c.ClientID))
		creds.setValue(fClientSecret, c.Secret)
		if a := shortAuth(c.AuthMethod); a != "" {
			creds.setValue(fAuthMethod, a)
		}
		m.setMode(modeExisting)
	}
	m.state, m.err = stateOK, msg.err
	if msg.err != nil {
		m.state = stateFailed
	}
	m.refresh(false)
}

// adminTokenResolved fills the admin token field, unless it was typed in
// meanwhile; in demo mode the demo's owner token stands in.
func (m *clientPane) adminTokenResolved(msg adminTokenMsg) {
	if m.tmpl == nil || m.tmpl.BearerToken != msg.ref {
		return
	}
	f := m.createForm(modeAdmin)
	if f.fields[fNewToken].input.Value() != "" {
		return
	}
	switch {
	case msg.err == nil && msg.token != "":
		f.setValue(fNewToken, msg.token)
		m.tokenNote = "from " + clean(msg.ref)
	case m.demo:
		f.setValue(fNewToken, demoAdminToken)
		m.tokenNote = "the demo's owner token (" + orElse(clean(msg.ref), "bearer_token") + " is not set)"
	case msg.err != nil:
		m.tokenNote = orElse(
			clean(msg.ref),
			"bearer_token",
		) + ": " + clean(
			msg.err.Error(),
		) + " · type the owner's token"
	}
	m.refresh(true)
}

// createIdleLines say what enter will do in a creation mode.
func (m *clientPane) createIdleLines() []string {
	st, w := m.c.styles, m.width
	if m.mode == modeRegister && m.regEndpoint == "" && m.credentialsBy == "" { // before step 1
		return wrapLines(st.text.dim.Render("Run step 1 first (1, then enter, or a to run on and register "+
			"here): registration needs discovery's registration_endpoint; a server that advertises none does "+
			"not offer RFC 7591."), w)
	}
	if ok, why := m.available(m.mode); !ok {
		return wrapLines(st.text.warn.Render("Not available here: ")+why, w)
	}
	var lines []string
	if m.mode == modeRegister {
		lines = wrapLines(
			"enter registers a new client (RFC 7591) at "+clean(
				m.regEndpoint,
			)+", with the scopes and auth method of steps 2 and 3.",
			w,
		)
	} else {
		lines = wrapLines("enter creates a client with "+clean(orElse(m.tmpl.Method, "POST"))+" "+clean(m.tmpl.URL)+
			" (the profile's client_creation template), with the scopes of step 3.", w)
		if m.tokenNote != "" {
			lines = append(lines, wrapKV(st, "admin token", 12, st.text.dim.Render(m.tokenNote), w)...)
		}
	}
	where := map[string]string{"file": "stored as it arrives, before anything else, in a 0600 file in " +
		clean(orElse(m.secretsDir, "the config directory")),
		"keyring":   "stored as it arrives, before anything else, in the system keyring",
		"show once": "not stored: it is shown here once, for you to copy"}[m.form.value(fNewStore)]
	lines = append(lines, "")
	lines = append(lines, wrapLines("Its one-time secret is "+
		orElse(where, "stored where you choose (file, keyring or show once)")+".", w)...)
	return append(
		lines,
		wrapLines(st.text.dim.Render("←/→ on \"Store secret in\" chooses file, keyring or show once"), w)...)
}

// createdLines are the panel after a creation: the client, and where
// each one-time value went, or the value itself, shown once.
func (m *clientPane) createdLines() []string {
	ci := m.created
	if ci == nil {
		return nil
	}
	st, w := m.c.styles, m.width
	var lines []string
	for _, v := range ci.kept {
		if v.Ref == "" { // first, so that no window is too small for it
			lines = append(append(lines, m.onceLines(v)...), "")
		}
	}
	lines = append(
		lines,
		wrapLines(st.text.ok.Render("✓ Client created")+" with "+kindWords[ci.kind]+" at "+clean(ci.endpoint), w)...)
	add := func(k, v string) { lines = append(lines, wrapKV(st, k, 12, v, w)...) }
	add("client id", orElse(clean(ci.clientID), st.text.err.Render("(not found in the answer)")))
	for _, v := range ci.kept {
		if v.Ref != "" {
			add(kvLabels[v.Field], st.text.ok.Render("stored")+" as "+clean(v.Ref)+st.text.dim.Render(storedHow(v.Ref)))
		}
	}
	add("auth method", clean(ci.authMethod))
	add("scope", orElse(clean(ci.scope), "(server default)"))
	if ci.kind == walk.CreateRFC7591 {
		add("expires", expiryText(ci.secretExpires))
	}
	if ci.regURI != "" {
		add("manage at", clean(ci.regURI)+st.text.dim.Render(" (RFC 7592: oauthlens register show|delete)"))
	}
	if ref := ci.secretRef(); ref != "" && ref == m.createdRef() {
		lines = append(lines, wrapLines(st.text.dim.Render("ctrl+s saves a profile that keeps this reference"), w)...)
	}
	return lines
}

func expiryText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// onceLines show a value that was not stored, once, with a loud warning
// and why it was not stored.
func (m *clientPane) onceLines(v profiles.OneTime) []string {
	st, w := m.c.styles, m.width
	lines := wrapLines(
		st.app.reveal.Render("⚠ THE NEW "+strings.ToUpper(keptLabels[v.Field])+", SHOWN ONCE: copy it now (y)"),
		w,
	)
	value := v.Value
	if m.c.present { // presenter mode: never on screen; y still copies it (present.go)
		value = flows.Mask + "  (presenter mode: masked; y copies it)"
	} else if flows.Sanitize(value) != value {
		value = strconv.Quote(value)
	}
	lines = append(lines, indent(hardwrapLine(value, max(8, w-2)))...) // a line of its own, to select and copy
	why := "you chose to have it shown once: it is stored nowhere"
	if v.Err != nil {
		why = st.text.err.Render("✗ it could not be stored: ") + clean(v.Err.Error())
	}
	lines = append(lines, wrapLines(why, w)...)
	return append(
		lines,
		wrapLines(st.text.warn.Render("The server will not show it again. ctrl+s can store it with a profile."), w)...)
}

// failureLines explain a failed step 2; a refused creation gets its hint
// and what to change.
func (m *clientPane) failureLines() []string {
	st, w := m.c.styles, m.width
	var ce *flows.CreationError
	if !errors.As(m.err, &ce) {
		what := "Client"
		if m.mode != modeExisting || m.created != nil {
			what = "Client creation"
		}
		return failureLines(m.c, what, m.err, w)
	}
	lines := []string{st.text.err.Render("✗ Client creation failed")}
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, wrapKV(st, "  "+k, 14, v, w)...)
		}
	}
	oe := ce.Err
	add("status", clean(orElse(oe.Status, strconv.Itoa(oe.StatusCode))))
	add("error", st.text.err.Render(clean(oe.Code)))
	add("description", m.c.say(oe.Description))
	if oe.Code == "" && oe.Description == "" {
		add("body", m.c.say(bodyGist(oe)))
	}
	if ce.Hint != "" {
		lines = append(append(lines, ""), indent(wrapLines(st.text.warn.Render("hint:")+" "+clean(ce.Hint), w-2))...)
	}
	if ce.Example != "" && m.mode == modeRegister {
		lines = append(lines, indent(wrapLines("try: put "+clean(ce.Example)+" in the Metadata field", w-2))...)
	}
	return append(
		append(lines, ""),
		wrapLines(st.text.dim.Render("the raw exchange is in the Exchange pane · r shows it whole"), w)...)
}
