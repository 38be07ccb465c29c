package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// Fields of the discover form.
const (
	fIssuer = iota
	fTokenURL
	fJWKSURL
)

// discoverPane is step 1: where the authorization server is. Discovery
// fills the token and JWKS URLs, which the later steps use.
type discoverPane struct {
	stepBase
	style       string
	demo        bool
	disc        *flows.Discovery
	err         error
	filledToken string // what discovery last put in the fields
	filledJWKS  string
}

func newDiscoverPane(c *common, opts Options) discoverPane {
	style := opts.Discovery
	if style == "" {
		style = flows.StyleAuto
	}
	return discoverPane{
		stepBase: newStepBase(c,
			newField(c, "Issuer", opts.Issuer, "https://issuer.example.com or a .well-known URL", false),
			newField(c, "Token URL", opts.TokenURL, "filled by discovery, or type it", false),
			newField(c, "JWKS URL", "", "filled by discovery (to check signatures)", false),
		),
		style: style,
		demo:  opts.Demo,
	}
}

func (m discoverPane) issuer() string   { return m.form.value(fIssuer) }
func (m discoverPane) tokenURL() string { return m.form.value(fTokenURL) }
func (m discoverPane) jwksURL() string  { return m.form.value(fJWKSURL) }

// expectedIssuer is the issuer tokens should carry: the discovered one, or
// the one typed.
func (m discoverPane) expectedIssuer() string {
	if m.disc != nil && m.disc.Metadata.Issuer != "" {
		return m.disc.Metadata.Issuer
	}
	return m.issuer()
}

// authMethods are the token endpoint auth methods the server advertises.
func (m discoverPane) authMethods() []string {
	if m.disc == nil {
		return nil
	}
	return m.disc.Metadata.TokenEndpointAuthMethodsSupported
}

func (m *discoverPane) start() {
	m.state, m.err = stateRunning, nil
	m.refresh(false)
}

func (m *discoverPane) skip() {
	m.state, m.err, m.disc = stateSkipped, nil, nil
	m.refresh(false)
}

func (m *discoverPane) fail(err error) {
	m.state, m.err = stateFailed, err
	m.refresh(false)
}

// done records a discovery result and fills the URLs it found, unless the
// person typed other ones.
func (m *discoverPane) done(msg discoveredMsg) {
	m.disc, m.err = &msg.disc, msg.err
	m.state = stateOK
	if msg.err != nil {
		m.state = stateFailed
	} else {
		md := msg.disc.Metadata
		m.fill(fTokenURL, &m.filledToken, clean(md.TokenEndpoint))
		m.fill(fJWKSURL, &m.filledJWKS, clean(md.JWKSURI))
	}
	m.refresh(false)
}

func (m *discoverPane) fill(i int, last *string, v string) {
	if cur := m.form.value(i); v != "" && (cur == "" || cur == *last) {
		m.form.setValue(i, v)
		*last = v
	}
}

func (m *discoverPane) SetSize(w, h int) {
	if m.stepBase.SetSize(w, h) {
		m.refresh(true)
	}
}

func (m discoverPane) View() string { return m.view("") }

func (m discoverPane) Update(msg tea.KeyPressMsg) (discoverPane, tea.Cmd) {
	if m.editing() {
		return m, m.updateField(msg)
	}
	m.scrollResult(msg)
	return m, nil
}

// refresh redraws the result text.
func (m *discoverPane) refresh(keep bool) {
	m.setResult(m.resultLines(), keep)
}

func (m *discoverPane) resultLines() []string {
	st, w := m.c.styles, m.width
	switch m.state {
	case stateRunning:
		return []string{st.text.dim.Render("fetching the metadata of " + m.issuer() + " …")}
	case stateFailed:
		return m.failureView("Discovery", m.err)
	case stateSkipped:
		return wrapLines(st.text.dim.Render("– no issuer given: discovery skipped; the token URL is used as typed"), w)
	case stateOK:
		return m.discoveryLines()
	}
	return m.idleLines()
}

func (m *discoverPane) idleLines() []string {
	st, w := m.c.styles, m.width
	var lines []string
	if m.demo {
		lines = append(lines, wrapLines(st.text.accent.Render("Demo server")+" on "+m.issuer()+
			": every field is filled in, so enter at each step walks the whole flow.", w)...)
		lines = append(lines, "")
	}
	if m.issuer() == "" {
		return append(lines, wrapLines("No issuer: enter skips discovery and uses the token URL.", w)...)
	}
	return append(lines, wrapLines(fmt.Sprintf("enter fetches the server's metadata (%s).", m.style), w)...)
}

func (m *discoverPane) discoveryLines() []string {
	st, w, d := m.c.styles, m.width, m.disc
	md := d.Metadata
	lines := []string{st.text.ok.Render("✓ Discovered") + " via " + clean(d.Form)}
	lines = append(lines, indent(wrapLines(st.text.dim.Render(clean(d.URL)), w-2))...)
	for _, a := range d.Attempts[:max(0, len(d.Attempts)-1)] {
		lines = append(
			lines,
			wrapLines(st.text.dim.Render(fmt.Sprintf("  tried first: %s → %s", clean(a.URL), attemptResult(a))), w)...)
	}
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, wrapKV(st, k, 13, v, w)...)
		}
	}
	add("issuer", clean(md.Issuer))
	add("token", clean(md.TokenEndpoint))
	add("jwks_uri", clean(md.JWKSURI))
	add("registration", clean(md.RegistrationEndpoint))
	add("introspection", clean(md.IntrospectionEndpoint))
	add("revocation", clean(md.RevocationEndpoint))
	add("grant types", joinList(md.GrantTypesSupported))
	add("auth methods", joinList(md.TokenEndpointAuthMethodsSupported))
	add("scopes", joinList(md.ScopesSupported))
	lines = append(lines, problemLines(st, d.Problems, w)...)
	return append(lines, m.notesView()...)
}

func attemptResult(a flows.Attempt) string {
	if a.Status != 0 {
		return fmt.Sprint(a.Status)
	}
	return a.Err
}

func joinList(xs []string) string {
	return clean(strings.Join(xs, ", "))
}

func problemLines(st styles, ps []flows.Problem, w int) []string {
	lines := []string{"", st.text.heading.Render("Problems")}
	if len(ps) == 0 {
		return append(lines, "  "+st.text.ok.Render("✓ none found"))
	}
	for _, p := range ps {
		mark := st.text.warn.Render("! " + clean(p.Code))
		if p.Severity == flows.SeverityError {
			mark = st.text.err.Render("✗ " + clean(p.Code))
		}
		lines = append(lines, indent(wrapLines(mark+": "+clean(p.Message), w-2))...)
	}
	return lines
}
