package ui

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// Fields of the call form; header fields follow, then the free-form one.
const (
	fMethod = iota
	fAPIURL
	fFirstHeader
)

// previewLines is how much of the API's body the call pane shows; the
// exchange pane has all of it.
const previewLines = 60

// callPane is step 4: the protected API, called with the token.
type callPane struct {
	stepBase
	reacquireOn []int
	ex          *flows.Exchange // the final answer
	retried     bool
	err         error
	headerErrs  map[string]error // by header name: why its reference did not resolve
	// reacquireFailed is the API's first status when the token request
	// made during the call failed (ex is then that request), else "".
	reacquireFailed string
}

func newCallPane(c *common, opts Options) callPane {
	method := opts.APIMethod
	if method == "" {
		method = http.MethodGet
	}
	secret := lower(opts.SecretHeaders)
	fields := []field{
		newField(c, "Method", method, "GET", false),
		newField(c, "API URL", opts.APIURL, "https://api.example.com/me", false),
	}
	var extra []string
	for _, h := range opts.APIHeaders {
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			extra = append(extra, h)
			continue
		}
		name = strings.TrimSpace(name)
		isSecret := slices.Contains(secret, strings.ToLower(name)) || walk.SecretHeader(name, "")
		placeholder := "header value"
		if slices.ContainsFunc(opts.SecretErrors, func(e SecretError) bool { return e.Header == name }) {
			placeholder = "not resolved: type it"
		}
		fields = append(fields, newField(c, name, strings.TrimSpace(value), placeholder, isSecret))
	}
	free := newField(c, "Headers", strings.Join(extra, "; "), "more headers: K: V; K2: env:NAME", false)
	free.mask = maskHeaders
	fields = append(fields, free)
	m := callPane{stepBase: newStepBase(c, fields...), reacquireOn: opts.ReacquireOn}
	for _, e := range opts.SecretErrors {
		if e.Header != "" {
			if m.headerErrs == nil {
				m.headerErrs = map[string]error{}
			}
			m.headerErrs[e.Header] = e.Err
		}
	}
	return m
}

// unresolved is the first header field left empty because the profile's
// reference did not resolve.
func (m callPane) unresolved() (string, error) {
	for i := fFirstHeader; i < len(m.form.fields)-1; i++ {
		name := m.form.fields[i].label
		if err, ok := m.headerErrs[name]; ok && m.form.value(i) == "" {
			return name, err
		}
	}
	return "", nil
}

func lower(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToLower(strings.TrimSpace(x))
	}
	return out
}

// method is the form's method, GET when empty.
func (m callPane) method() string {
	if v := strings.ToUpper(m.form.value(fMethod)); v != "" {
		return v
	}
	return http.MethodGet
}

// check says what stops the call before anything is resolved or sent.
func (m callPane) check() error {
	if m.form.value(fAPIURL) == "" {
		return &flows.ConfigError{Msg: "no API URL: type the URL of the API to call"}
	}
	if name, err := m.unresolved(); err != nil {
		return &flows.ConfigError{Msg: "no value for the header " + clean(name) + ": " + clean(err.Error()) + ". " +
			typeItHint(name)}
	}
	_, err := m.headerList()
	return err
}

// headerLines are the form's headers, each value as typed (a literal or a
// reference) in Header.Ref; lines that are not "K: V" are left out.
func (m callPane) headerLines() []walk.Header {
	hs, _ := m.headerList()
	return hs
}

func (m callPane) headerList() ([]walk.Header, error) {
	var hs []walk.Header
	last := len(m.form.fields) - 1
	for i := fFirstHeader; i < last; i++ {
		if v := m.form.value(i); v != "" {
			hs = append(hs, walk.Header{Name: m.form.fields[i].label, Ref: v})
		}
	}
	for _, line := range strings.Split(m.form.value(last), ";") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		h, err := walk.ParseHeader(line)
		if err != nil {
			return hs, &flows.ConfigError{Msg: fmt.Sprintf("header %q is not K: V", clean(strings.TrimSpace(line)))}
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// callRequest is the API request of a resolved plan; the secret headers
// are those of the one secret rule, and those the options named.
func callRequest(pl walk.Plan, named []string) flows.CallRequest {
	r := flows.CallRequest{Method: pl.API.Method, URL: pl.API.URL, Header: http.Header{}, ReacquireOn: pl.ReacquireOn,
		DPoP: pl.Token.DPoP, ScopeNeedsGrant: pl.UserGrant()}
	secret := map[string]bool{}
	for _, h := range pl.API.Headers {
		r.Header.Add(h.Name, h.Value)
		if h.Secret() || slices.Contains(named, strings.ToLower(h.Name)) {
			secret[http.CanonicalHeaderKey(h.Name)] = true
		}
	}
	for name := range r.Header {
		if secret[name] {
			r.SecretHeaders = append(r.SecretHeaders, name)
		}
	}
	slices.Sort(r.SecretHeaders)
	return r
}

func (m *callPane) start() {
	m.state, m.err, m.ex, m.retried = stateRunning, nil, nil, false
	m.refresh(false)
}

// skip marks the call skipped: the profile has no test request.
func (m *callPane) skip() {
	m.state, m.err, m.ex, m.retried = stateSkipped, nil, nil, false
	m.refresh(false)
}

func (m *callPane) fail(err error) {
	m.state, m.err, m.ex = stateFailed, err, nil
	m.refresh(false)
}

// done records the API's answer; the last exchange is the final attempt.
// A failure shows the exchange that failed, which the diagnosis is about:
// when getting a new token during the call failed, that token request
// (reacquireFailed), not the API's first answer.
func (m *callPane) done(msg calledMsg) {
	m.state, m.err, m.retried, m.ex = stateOK, msg.err, msg.res.Retried, nil
	m.reacquireFailed = ""
	if msg.err != nil {
		m.state = stateFailed
		if n := len(msg.exs); n > 1 && !strings.HasPrefix(msg.exs[n-1].Label, "call") {
			ex := msg.exs[n-1]
			m.ex, m.reacquireFailed = &ex, firstCallStatus(msg.exs)
			m.refresh(false)
			return
		}
	}
	for i := len(msg.exs) - 1; i >= 0; i-- {
		if strings.HasPrefix(msg.exs[i].Label, "call") {
			ex := msg.exs[i]
			m.ex = &ex
			break
		}
	}
	m.refresh(false)
}

// firstCallStatus is the status of the first API answer, e.g. "401".
func firstCallStatus(exs []flows.Exchange) string {
	for _, ex := range exs {
		if strings.HasPrefix(ex.Label, "call") && ex.Status != 0 {
			return strconv.Itoa(ex.Status)
		}
	}
	return "an error"
}

func (m *callPane) SetSize(w, h int) {
	if m.stepBase.SetSize(w, h) {
		m.refresh(true)
	}
}

func (m callPane) View() string { return m.view("") }

func (m callPane) Update(msg tea.KeyPressMsg) (callPane, tea.Cmd) {
	if m.editing() {
		return m, m.updateField(msg)
	}
	m.scrollResult(msg)
	return m, nil
}

func (m *callPane) refresh(keep bool) { m.setResult(m.resultLines(), keep) }

func (m *callPane) resultLines() []string {
	st, w := m.c.styles, m.width
	var lines []string
	switch {
	case m.state == stateIdle:
		if name, err := m.unresolved(); err != nil {
			lines = unresolvedLines(st, name, err, w)
		}
		return append(
			lines,
			wrapLines(
				"enter calls the API with the token of step 3 (Authorization: <token_type> <access_token>).",
				w,
			)...)
	case m.state == stateRunning:
		return []string{st.text.dim.Render("calling the API …")}
	case m.state == stateSkipped:
		return wrapLines(
			st.text.dim.Render(
				"– skipped: no test request (type the API URL to call, or set the profile's test_request)",
			),
			w,
		)
	case m.state == stateFailed && m.reacquireFailed != "":
		lines = wrapLines(st.text.warn.Render("↻ the API answered "+m.reacquireFailed+",")+
			" so a new token was requested, and that request failed: what follows is about it", w)
		lines = append(lines, m.failureView("Getting a new token", m.err)...)
	case m.state == stateFailed:
		lines = m.failureView("API call", m.err)
	case m.state == stateOK:
		status := "(no status)"
		if m.ex != nil {
			status = fmt.Sprintf("%s · %s", clean(m.ex.StatusText), duration(m.ex.Duration))
		}
		lines = wrapLines(st.text.ok.Render("✓ API answered ")+status, w)
	}
	if m.retried {
		lines = append(lines, wrapLines(st.text.warn.Render("↻ retried:")+
			" the API refused the first token, so a new one was acquired and the call repeated (both attempts are in the timeline)", w)...)
	}
	if m.ex != nil && m.ex.Status != 0 {
		lines = append(lines, "")
		lines = append(lines, responseLines(st, *m.ex, m.c.reveal, w, previewLines)...)
	}
	return lines
}

// responseLines shows an answer's headers and the start of its body,
// masked unless revealed. Only the first previewBytes of the body are
// masked and formatted.
func responseLines(st styles, ex flows.Exchange, reveal bool, w, maxBody int) []string {
	head, body, rest := responsePreview(ex, reveal)
	lines := []string{st.text.heading.Render("Headers")}
	for _, l := range strings.Split(head, "\n")[1:] {
		lines = append(lines, indent(hardwrapLine(styleHeaderLine(st, l), w-2))...)
	}
	lines = append(lines, st.text.heading.Render("Body"))
	bl, more := previewBodyLines(st, body, w-2, maxBody, rest > 0)
	lines = append(lines, indent(bl)...)
	switch {
	case rest > 0:
		lines = append(lines, st.text.dim.Render(fmt.Sprintf("  … %s more in the Exchange pane (r)", sizeText(rest))))
	case more > 0:
		lines = append(
			lines,
			st.text.dim.Render(fmt.Sprintf("  … %d more %s in the Exchange pane", more, plural(more, "line", "lines"))),
		)
	}
	return lines
}
