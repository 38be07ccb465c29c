package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// Fields of the client form.
const (
	fClientID = iota
	fClientSecret
	fAuthMethod
)

// clientPane is step 2: the client's credentials and how they are sent.
// (Creating a client, RFC 7591 or a vendor API, will be offered here.)
type clientPane struct {
	stepBase
	advertised []string // auth methods from discovery
	err        error
}

func newClientPane(c *common, opts Options) clientPane {
	return clientPane{stepBase: newStepBase(c,
		newField(c, "Client ID", opts.ClientID, "the client_id", false),
		newField(c, "Client secret", opts.ClientSecret, "the client_secret", true),
		newField(c, "Auth method", shortAuth(opts.AuthMethod), "basic or post", false),
	)}
}

// shortAuth shows client_secret_basic as "basic" and client_secret_post as
// "post"; anything else as given.
func shortAuth(s string) string {
	switch m, _ := flows.NormalizeAuth(s); m {
	case flows.AuthBasic:
		return "basic"
	case flows.AuthPost:
		return "post"
	}
	return s
}

func (m clientPane) clientID() string { return m.form.value(fClientID) }

// secret is the secret as typed; it is never drawn unless revealed.
func (m clientPane) secret() string { return m.form.fields[fClientSecret].input.Value() }

func (m clientPane) authMethod() (string, bool) {
	return flows.NormalizeAuth(m.form.value(fAuthMethod))
}

// check validates the form; a valid client is ready without a request.
func (m *clientPane) check() {
	m.state, m.err = stateOK, nil
	if _, ok := m.authMethod(); !ok {
		m.err = &flows.ConfigError{Msg: fmt.Sprintf("unknown auth method %q: use basic or post", m.form.value(fAuthMethod))}
	} else if m.clientID() == "" {
		m.err = &flows.ConfigError{Msg: "no client id: type the client_id the server gave you"}
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

func (m *clientPane) SetSize(w, h int) {
	if m.stepBase.SetSize(w, h) {
		m.refresh(true)
	}
}

func (m clientPane) View() string { return m.view("") }

func (m clientPane) Update(msg tea.KeyPressMsg) (clientPane, tea.Cmd) {
	if m.editing() {
		return m, m.updateField(msg)
	}
	m.scrollResult(msg)
	return m, nil
}

func (m *clientPane) refresh(keep bool) { m.setResult(m.resultLines(), keep) }

func (m *clientPane) resultLines() []string {
	st, w := m.c.styles, m.width
	switch m.state {
	case stateFailed:
		return failureLines(st, "Client", m.err, w)
	case stateOK:
		return append([]string{st.text.ok.Render("✓ Client ready")}, m.clientLines()...)
	}
	lines := wrapLines("enter checks the client: no request is made until step 3.", w)
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
	if method == flows.AuthPost {
		how = "as client_id and client_secret form fields (RFC 6749 §2.3.1)"
	}
	lines := wrapKV(st, "client id", 12, clean(m.clientID()), w)
	lines = append(lines, wrapKV(st, "secret", 12, secret, w)...)
	lines = append(lines, wrapKV(st, "auth method", 12, method, w)...)
	lines = append(lines, wrapKV(st, "", 12, st.text.dim.Render("sent "+how), w)...)
	return append(lines, m.advertisedLines()...)
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
	if !slices.Contains(m.advertised, method) {
		mark = st.text.warn.Render("! " + method + " is not among them")
	}
	return wrapKV(st, "server takes", 12, adv+" "+mark, w)
}
