package ui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// The editor screen: what is edited, the rows by part of the request,
// the variables the rows name, and the warnings or the error of a send.

// varRef is a whole value that is only a variable reference.
var varRef = regexp.MustCompile(`^\$(\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)$`)

// varNames finds the variable references in a row.
var varNames = regexp.MustCompile(`\$\{?([A-Za-z0-9_]+)\}?`)

// sectionTitle is the heading before the first row of a kind.
var sectionTitle = map[rowKind]string{
	rowHeader: "Headers",
	rowField:  "Form fields · decoded; an edited field is form-encoded again when sent",
	rowBody:   "Body",
}

// View draws the editor in w×h.
func (e resendEditor) View(c *common, w, h int) string {
	st := c.styles
	head := []string{truncate(st.text.heading.Render(fmt.Sprintf("Edit and resend #%d ", e.origin+1))+
		exchangeSummary(e.ex, c.reveal), w)}
	head = append(head, wrapLines(st.text.dim.Render("Secrets stand as $NAMES, put back when sent · "+
		"an emptied row is left out · the transport writes Host and Content-Length"), w)...)
	head = append(head, "")
	var body []string
	focusLine := 0
	for i, r := range e.rows {
		if t, ok := sectionTitle[r.kind]; ok && (i == 0 || e.rows[i-1].kind != r.kind) {
			body = append(body, st.text.dim.Render(t))
		}
		if i == e.focus {
			focusLine = len(body)
		}
		body = append(body, e.rowView(c, i, w))
	}
	foot := e.footer(c, w)
	room := max(1, h-len(head)-len(foot))
	off := max(0, min(e.off, len(body)-room))
	if focusLine < off {
		off = focusLine
	}
	if focusLine >= off+room {
		off = focusLine - room + 1
	}
	body = body[off:min(len(body), off+room)]
	for len(body) < room {
		body = append(body, "")
	}
	return fit(append(append(head, body...), foot...), w, h)
}

// rowView is one row: a label for the method and URL, the marker on the
// focused row, the text masked where it must be.
func (e resendEditor) rowView(c *common, i, w int) string {
	st := c.styles
	r := e.rows[i]
	marker, label := "  ", "  "
	ls := st.form.label
	if i == e.focus {
		marker, ls = "▸ ", st.form.labelFocused
	}
	switch r.kind {
	case rowMethod:
		label = "Method "
	case rowURL:
		label = "URL    "
	default:
		label = "  "
	}
	prefix := ls.Render(marker + label)
	if i != e.focus {
		return truncate(prefix+clean(e.maskRow(c, r)), w)
	}
	in := r.input
	in.SetWidth(max(4, w-ansi.StringWidth(prefix)-1))
	in.SetValue(in.Value()) // scroll the text to the cursor at this width
	return truncate(prefix+in.View(), w)
}

// maskRow hides, unless secrets are revealed, a value typed in a secret
// place (a secret header, a credential, a secret form field) and any
// secret the run knows.
func (e resendEditor) maskRow(c *common, r editRow) string {
	text := r.input.Value()
	if c.reveal {
		return text
	}
	switch r.kind {
	case rowHeader:
		name, value, ok := strings.Cut(text, ":")
		if ok && e.draft.SecretHeader(strings.TrimSpace(name)) {
			text = name + ": " + maskCredential(strings.TrimLeft(value, " "))
		}
	case rowField:
		text = maskParam(text)
	case rowURL:
		if base, query, ok := strings.Cut(text, "?"); ok {
			pairs := strings.Split(query, "&")
			for i, p := range pairs {
				pairs[i] = maskParam(p)
			}
			text = base + "?" + strings.Join(pairs, "&")
		}
	}
	return c.mask(text)
}

// maskParam masks the value of a secret form field or query parameter
// ("key=value", flows.IsSecretParam) unless it is a variable.
func maskParam(p string) string {
	k, v, ok := strings.Cut(p, "=")
	if ok && flows.IsSecretParam(strings.TrimSpace(k)) && v != "" && !varRef.MatchString(v) {
		return k + "=" + flows.Mask
	}
	return p
}

// maskCredential masks a secret header's value unless it is a variable:
// after an auth scheme, and after "id:" in a decoded Basic credential.
func maskCredential(v string) string {
	if scheme, id, secret, ok := walk.BasicText(v); ok {
		return scheme + " " + id + ":" + maskUnlessVar(secret)
	}
	if scheme, cred, ok := strings.Cut(v, " "); ok {
		return scheme + " " + maskUnlessVar(cred)
	}
	return maskUnlessVar(v)
}

func maskUnlessVar(s string) string {
	if s == "" || varRef.MatchString(s) {
		return s
	}
	return flows.Mask
}

// footer lists the variables the rows name, then the warnings or the
// error, or the sending state.
func (e resendEditor) footer(c *common, w int) []string {
	st := c.styles
	out := []string{""}
	if vars := e.usedVars(c); vars != "" {
		out = append(out, wrapLines(st.text.dim.Render("variables: ")+vars, w)...)
	}
	for _, wn := range e.warnings {
		out = append(out, wrapLines(st.text.warn.Render("! ")+e.sayWarning(c, wn.Message), w)...)
	}
	if len(e.warnings) > 0 {
		out = append(out, st.text.warn.Render("enter sends anyway · esc goes back"))
	}
	if e.err != "" {
		out = append(out, wrapLines(st.text.err.Render("✗ "+c.say(e.err)), w)...)
	}
	if e.sending {
		out = append(out, st.text.accent.Render("sending… esc cancels"))
	}
	return out
}

// sayWarning is a warning masked (the run's secrets and the request's)
// unless revealed, and sanitised.
func (e resendEditor) sayWarning(c *common, msg string) string {
	if !c.reveal {
		msg = flows.NewRedactor(e.warnSecrets...).String(msg)
	}
	return c.say(msg)
}

// usedVars are the variables the rows name, masked unless revealed.
func (e resendEditor) usedVars(c *common) string {
	var parts []string
	seen := map[string]bool{}
	for _, r := range e.rows {
		for _, mt := range varNames.FindAllStringSubmatch(r.input.Value(), -1) {
			name := mt[1]
			i := slices.IndexFunc(e.draft.Vars, func(v flows.Secret) bool { return v.Name == name })
			if i < 0 || seen[name] {
				continue
			}
			seen[name] = true
			val := flows.Mask
			if c.reveal {
				val = clean(e.draft.Vars[i].Value)
			}
			parts = append(parts, "$"+name+" = "+val)
		}
	}
	return strings.Join(parts, " · ")
}
