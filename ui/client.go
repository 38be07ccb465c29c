package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// Fields of the client form (existing credentials).
const (
	fClientID = iota
	fClientSecret
	fAuthMethod
)

// clientMode is how step 2 gets its client: credentials typed in, or a new
// client created by RFC 7591 registration or the profile's admin API.
type clientMode int

const (
	modeExisting clientMode = iota
	modeRegister
	modeAdmin
	numModes
)

// modeNames label the modes on the mode bar.
var modeNames = [numModes]string{"existing", "register (RFC 7591)", "admin API"}

// modeBarLines is the height of the mode bar above the form.
const modeBarLines = 1

// clientPane is step 2: the client's credentials and how they are sent, or
// the creation of a new client whose credentials then fill them.
type clientPane struct {
	stepBase
	advertised []string // auth methods from discovery
	err        error

	mode  clientMode
	forms [numModes]form // the forms not on show (the one on show is stepBase.form)
	// credentialsBy is how the profile's provider hands out credentials
	// when it offers no self-service ("" when it may).
	credentialsBy string
	// regEndpoint is discovery's registration_endpoint ("" before or without).
	regEndpoint string
	tmpl        *profiles.ClientTemplate // the profile's client_creation, or nil
	demo        bool
	tokenAsked  bool   // the template's bearer_token has been resolved (or is being)
	tokenNote   string // where the admin token field's value came from
	created     *createdInfo
	secretsDir  string // where "file" stores secrets, for the idle text
	paneW       int
	paneH       int
	// secretErr is why the profile's client secret did not resolve.
	secretErr error
}

func newClientPane(c *common, opts Options) clientPane {
	m := clientPane{stepBase: newStepBase(c,
		newField(c, "Client ID", opts.ClientID, "the client_id", false),
		newField(c, "Client secret", opts.ClientSecret, "the client_secret", true),
		newField(c, "Auth method", shortAuth(opts.AuthMethod), "basic or post", false),
	), demo: opts.Demo}
	for _, e := range opts.SecretErrors {
		if e.Header == "" {
			m.secretErr = e.Err
			m.form.fields[fClientSecret].input.Placeholder = "not resolved: type it"
		}
	}
	if opts.Profile != nil {
		m.credentialsBy = opts.Profile.CredentialsBy
	}
	if opts.Profile != nil && opts.Profile.ClientCreation != nil {
		t := *opts.Profile.ClientCreation
		m.tmpl = &t
	}
	if opts.Store != nil {
		m.secretsDir = opts.Store.SecretsDir()
	}
	m.forms[modeRegister] = newCreateForm(c, "Initial token", "optional: an initial access token (RFC 7591 §3)",
		"Metadata", "optional JSON, e.g. {\"contacts\":[\"you@example.com\"]}", "")
	perms := ""
	if m.tmpl != nil {
		perms = strings.Join(m.tmpl.Permissions, " ")
	}
	m.forms[modeAdmin] = newCreateForm(
		c,
		"Admin token",
		"the owner's bearer token",
		"Permissions",
		"space-separated",
		perms,
	)
	if opts.RegisterClient && opts.ClientID == "" {
		if opts.Profile != nil {
			m.forms[modeRegister].setValue(fNewName, opts.Profile.Name)
		}
		m.setMode(modeRegister)
	}
	return m
}

// shortAuth shows client_secret_basic as "basic" and client_secret_post as
// "post"; anything else as given.
func shortAuth[S ~string](s S) string {
	switch m, _ := flows.NormalizeAuth(s); m {
	case flows.AuthBasic:
		return "basic"
	case flows.AuthPost:
		return "post"
	}
	return string(s)
}

// creds is the form of the existing credentials, on show or not.
func (m *clientPane) creds() *form {
	if m.mode == modeExisting {
		return &m.form
	}
	return &m.forms[modeExisting]
}

// createForm is the form of mode, on show or not.
func (m *clientPane) createForm(mode clientMode) *form {
	if m.mode == mode {
		return &m.form
	}
	return &m.forms[mode]
}

func (m clientPane) clientID() string { return m.creds().value(fClientID) }

// secret is the secret as typed; it is never drawn unless revealed.
func (m clientPane) secret() string { return m.creds().fields[fClientSecret].input.Value() }

// authText is the auth method as typed.
func (m clientPane) authText() string { return m.creds().value(fAuthMethod) }

func (m clientPane) authMethod() (flows.AuthMethod, bool) {
	return flows.NormalizeAuth(m.authText())
}

// available reports whether a mode can be used now, and if not, why.
func (m *clientPane) available(mode clientMode) (bool, string) {
	switch {
	case mode != modeExisting && m.credentialsBy != "":
		return false, "no self-service clients here: " + clean(m.credentialsBy)
	case mode == modeRegister && m.regEndpoint == "":
		return false, "registration needs discovery's registration_endpoint: run step 1 (if the server advertises none, it does not offer RFC 7591)"
	case mode == modeAdmin && m.tmpl == nil:
		return false, "the admin API needs a profile with a client_creation template (e.g. the workfloplus or demo template)"
	}
	return true, ""
}

// canCreate reports whether step 2 can create a client, or is on a
// creation form: the mode bar's keys then do something.
func (m *clientPane) canCreate() bool {
	return m.regEndpoint != "" || m.tmpl != nil || m.mode != modeExisting
}

// setMode shows the form of mode, focus on the result area.
func (m *clientPane) setMode(to clientMode) {
	if to == m.mode || to < 0 || to >= numModes {
		return
	}
	m.form.focus(-1)
	m.forms[m.mode] = m.form
	m.mode, m.form = to, m.forms[to]
	m.focus = len(m.form.fields)
	m.state, m.err = stateIdle, nil
	m.stepBase.width = -1 // lay out the new form
	m.SetSize(m.paneW, m.paneH)
	m.refresh(false)
}

// check validates the form; a valid client is ready without a request.
func (m *clientPane) check() {
	m.state, m.err, m.staleBy = stateOK, nil, -1
	if _, ok := m.authMethod(); !ok {
		m.err = &flows.ConfigError{
			Msg: fmt.Sprintf("unknown auth method %q: use %s", m.authText(), flows.AuthMethodsText()),
		}
	} else if m.clientID() == "" {
		m.err = &flows.ConfigError{Msg: "no client id: type the client_id the server gave you"}
	} else if m.unresolved() {
		m.err = &flows.ConfigError{Msg: "no client secret: " + clean(m.secretErr.Error()) + ". " + typeItHint("Client secret")}
	}
	if m.err != nil {
		m.state = stateFailed
	}
	m.refresh(false)
}

func (m *clientPane) setAdvertised(methods []string) {
	m.advertised = methods
	m.refresh(true)
}

// setRegistration records discovery's registration_endpoint.
func (m *clientPane) setRegistration(endpoint string) {
	m.regEndpoint = endpoint
	m.refresh(true)
}

// SetSize gives the form and the result the room below the mode bar.
func (m *clientPane) SetSize(w, h int) {
	m.paneW, m.paneH = w, h
	if m.stepBase.SetSize(w, max(1, h-modeBarLines)) {
		m.refresh(true)
	}
}

func (m clientPane) View() string { return m.modeBar() + "\n" + m.view("") }

// modeBar is "● existing  ○ register (RFC 7591)  ○ admin API", the modes
// that cannot be used now dimmed.
func (m clientPane) modeBar() string {
	st := m.c.styles
	parts := make([]string, numModes)
	for i := range numModes {
		mark, style := "○ ", st.dialog.choice
		if ok, _ := m.available(i); !ok {
			style = st.text.dim
		}
		if i == m.mode {
			mark, style = "● ", st.dialog.chosen
		}
		parts[i] = style.Render(mark + modeNames[i])
	}
	return truncate(strings.Join(parts, "  ")+st.text.dim.Render("   ←/→"), m.width)
}

func (m clientPane) Update(msg tea.KeyPressMsg) (clientPane, tea.Cmd) {
	if m.editing() {
		return m, m.updateField(msg)
	}
	m.scrollResult(msg)
	return m, nil
}

// updateField sends a key to the focused field; on the "Store secret in"
// field ←, → and space choose and nothing is typed.
func (m *clientPane) updateField(msg tea.KeyPressMsg) tea.Cmd {
	if m.mode == modeExisting || m.focus != fNewStore {
		return m.stepBase.updateField(msg)
	}
	switch msg.String() {
	case "left":
		m.cycleStore(-1)
	case "right", "space":
		m.cycleStore(1)
	case "up", "down":
		return m.stepBase.updateField(msg)
	}
	return nil
}

func (m *clientPane) refresh(keep bool) {
	for i := range m.forms {
		if clientMode(i) != m.mode {
			m.forms[i].refresh()
		}
	}
	m.setResult(m.resultLines(), keep)
}

func (m *clientPane) resultLines() []string {
	st, w := m.c.styles, m.width
	switch {
	case m.state == stateRunning:
		return wrapLines(
			st.text.dim.Render(
				"creating the client … its secret is stored the moment the answer arrives · esc cancels",
			),
			w,
		)
	case m.state == stateFailed:
		return append(m.createdLines(), m.failureLines()...)
	case m.mode != modeExisting:
		return m.createIdleLines()
	case m.state == stateOK:
		ready := append([]string{st.text.ok.Render("✓ Client ready")}, m.clientLines()...)
		if notes := m.notesView(); len(notes) > 0 {
			ready = append(append(ready, ""), notes...)
		}
		if m.created != nil {
			return append(append(m.createdLines(), ""), ready...)
		}
		return ready
	case m.created != nil:
		return m.createdLines()
	}
	lines := m.unresolvedLines()
	lines = append(lines, wrapLines("enter checks the client: no request is made until step 3.", w)...)
	if ok1, _ := m.available(modeRegister); ok1 || m.tmpl != nil {
		lines = append(lines, wrapLines(st.text.dim.Render("No client yet? ←/→ chooses to create one."), w)...)
	}
	return append(lines, m.advertisedLines()...)
}

func (m *clientPane) clientLines() []string {
	st, w := m.c.styles, m.width
	method, _ := m.authMethod()
	secret := st.text.mask.Render(flows.Mask)
	if m.c.reveal {
		secret = clean(m.secret())
	} else if m.secret() == "" {
		secret = st.text.warn.Render("(empty)")
	}
	how := "in an Authorization: Basic header (RFC 6749 §2.3.1)"
	switch method {
	case flows.AuthPost:
		how = "as client_id and client_secret form fields (RFC 6749 §2.3.1)"
	case flows.AuthNone: // a public client (a CIMD client is one)
		secret, how = st.text.dim.Render("none: a public client"), "only as client_id, no secret (RFC 6749 §2.1)"
	}
	lines := wrapKV(st, "client id", 12, clean(m.clientID()), w)
	lines = append(lines, wrapKV(st, "registration", 12, clean(m.registrationText()), w)...)
	lines = append(lines, wrapKV(st, "secret", 12, secret, w)...)
	lines = append(lines, wrapKV(st, "auth method", 12, string(method), w)...)
	lines = append(lines, wrapKV(st, "", 12, st.text.dim.Render("sent "+how), w)...)
	return append(lines, m.advertisedLines()...)
}

// unresolved reports whether the secret field is empty because the
// profile's reference did not resolve.
func (m *clientPane) unresolved() bool {
	return m.mode == modeExisting && m.secretErr != nil && m.secret() == ""
}

// unresolvedLines say why the secret field is empty and what to do.
func (m *clientPane) unresolvedLines() []string {
	if !m.unresolved() {
		return nil
	}
	return unresolvedLines(m.c.styles, "Client secret", m.secretErr, m.width)
}

// unresolvedLines are "✗ NAME not resolved: REF: why" and what to do.
func unresolvedLines(st styles, name string, err error, w int) []string {
	lines := wrapLines(st.text.err.Render("✗ "+name+" not resolved: ")+clean(err.Error()), w)
	lines = append(lines, indent(wrapLines(st.text.dim.Render(typeItHint(name)), w-2))...)
	return append(lines, "")
}

// typeItHint says how to fill in a value whose reference did not resolve.
func typeItHint(name string) string {
	return "Type it in the " + name + " field (tab, ↓), or set it up and open the profile again."
}

// authNotes warns when discovery advertised auth methods and the chosen
// one is not among them, with the switch to an advertised one as its fix
// (RFC 8414 §2, token_endpoint_auth_methods_supported).
func (m *clientPane) authNotes() diagnosis {
	method, ok := m.authMethod()
	if !ok || len(m.advertised) == 0 || slices.Contains(m.advertised, string(method)) {
		return diagnosis{}
	}
	adv := strings.Join(m.advertised, " ")
	d := flows.Diagnosis{Code: flows.CodeTokenAuthNotAdvertised,
		Summary: fmt.Sprintf("The server does not advertise %s: it takes %s.", method, flows.Sanitize(adv)),
		Causes:  []string{"the token request will most likely be refused with invalid_client"},
		Refs:    []string{"RFC 8414 §2 (token_endpoint_auth_methods_supported)", "RFC 6749 §2.3.1"},
		Evidence: []string{"token_endpoint_auth_methods_supported: " + flows.Sanitize(adv),
			"Auth method (step 2): " + string(method)}}
	for _, a := range m.advertised {
		if other, ok := flows.NormalizeAuth(a); ok && other != method {
			d.Fixes = append(d.Fixes, flows.Fix{Text: "switch to " + string(other), Kind: flows.FixAuth,
				Value: string(other)})
			break
		}
	}
	return diagnosis{list: []flows.Diagnosis{d}, notes: true}
}

// advertisedLines compares the chosen auth method with what discovery said.
func (m *clientPane) advertisedLines() []string {
	st, w := m.c.styles, m.width
	if len(m.advertised) == 0 {
		return nil
	}
	method, _ := m.authMethod()
	adv := clean(strings.Join(m.advertised, ", "))
	mark := st.text.ok.Render("✓")
	if !slices.Contains(m.advertised, string(method)) {
		mark = st.text.warn.Render("! " + string(method) + " is not among them")
	}
	return wrapKV(st, "server takes", 12, adv+" "+mark, w)
}
