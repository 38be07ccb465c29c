package walk

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// Edit and resend (issue 16, Support): a captured request is opened as a
// Draft, the person edits its lines, and it is sent again through
// flows.Send like every request. Secrets never stand in a Draft's text:
// each is a variable ($CLIENT_SECRET, the names copy-as-curl uses), put
// back when the request is built. A line left as it was sends the bytes it
// sent before, so that an unchanged resend is byte-identical.

// ResendSuffix ends the label of a resent exchange: "token (resend)" is
// still a token exchange for flows.StepOfLabel.
const ResendSuffix = " (resend)"

// Line is one editable line of a Draft. Text is what the person sees and
// edits (secrets as $NAME); while it is unchanged, what was sent before
// is sent again.
type Line struct {
	Text string
	orig string
	raw  string
}

// NewLine is a line the person added.
func NewLine(text string) Line { return Line{Text: text, orig: "\x00added"} }

// Changed reports whether the person edited the line (or added it).
func (l Line) Changed() bool { return l.Text != l.orig }

// Draft is a captured request opened to be edited and sent again.
type Draft struct {
	Label   string // the new exchange's label: "token (resend)"
	Method  Line
	URL     Line
	Headers []Line // "Name: value"
	// Form: the body is form-encoded; Fields hold it, one "key=value" per
	// field, decoded (re-encoded when sent, RFC 6749 Appendix B).
	Form   bool
	Fields []Line
	Body   []Line         // another body, line by line
	Vars   []flows.Secret // the variables the lines may name, longest value first

	secretHeaders []string
	maxBody       int64
	orig          flows.Exchange // the captured exchange, for the warnings (resendwarn.go)
}

// transportHeaders are written by the transport itself: it writes them
// again on the resend (Host, Content-Length) or they would change how it
// reads the answer (Accept-Encoding: gzip is asked for and undone by it).
var transportHeaders = map[string]bool{"host": true, "content-length": true, "transfer-encoding": true}

// NewDraft opens ex for editing.
func NewDraft(ex flows.Exchange) Draft {
	d := Draft{Label: ResendLabel(ex.Label), secretHeaders: ex.SecretHeaders, maxBody: flows.MaxProtocolBody,
		orig: ex}
	if flows.StepOfLabel(ex.Label) == flows.StepCall {
		d.maxBody = flows.MaxAPIBody
	}
	d.Vars = varsOf(ex.Secrets)
	d.Method = Line{Text: ex.Method, orig: ex.Method, raw: ex.Method}
	d.URL = d.line(d.hide(ex.URL), ex.URL)
	ct := ""
	for _, f := range ex.RequestHeader {
		n := strings.ToLower(f.Name)
		if n == "content-type" {
			ct = f.Value
		}
		if transportHeaders[n] || strings.HasPrefix(n, ":") || n == "accept-encoding" && f.Value == "gzip" {
			continue
		}
		d.Headers = append(d.Headers, d.line(d.headerText(f), f.Name+": "+f.Value))
	}
	d.setBody(string(ex.RequestBody), ct)
	return d
}

// ResendLabel is the label of a resend of an exchange labelled label.
func ResendLabel(label string) string {
	if strings.HasSuffix(label, ResendSuffix) {
		return label
	}
	return label + ResendSuffix
}

func (d *Draft) line(text, raw string) Line { return Line{Text: text, orig: text, raw: raw} }

// setBody splits the body into form fields or lines.
func (d *Draft) setBody(body, ct string) {
	if body == "" {
		d.Form = flows.IsFormType(ct)
		return
	}
	if flows.IsFormType(ct) {
		d.Form = true
		for _, p := range strings.Split(body, "&") {
			d.Fields = append(d.Fields, d.line(d.fieldText(p), p))
		}
		return
	}
	for _, l := range strings.Split(body, "\n") {
		d.Body = append(d.Body, d.line(d.hide(l), l))
	}
}

// varsOf names each secret value once, longest first; a name taken by
// another value gets a number (BASIC_CREDENTIALS_2).
func varsOf(secrets []flows.Secret) []flows.Secret {
	var out []flows.Secret
	taken := map[string]bool{}
	for _, s := range secrets {
		if s.Value == "" || slices.ContainsFunc(out, func(o flows.Secret) bool { return o.Value == s.Value }) {
			continue
		}
		out = append(out, flows.Secret{Name: freeName(taken, orElse(s.Name, "SECRET")), Value: s.Value})
	}
	slices.SortStableFunc(out, func(a, b flows.Secret) int { return len(b.Value) - len(a.Value) })
	return out
}

func freeName(taken map[string]bool, name string) string {
	n := name
	for i := 2; taken[n]; i++ {
		n = fmt.Sprintf("%s_%d", name, i)
	}
	taken[n] = true
	return n
}

// varFor is the variable that stands for value in a secret place: a known
// one, or a new one named after the place.
func (d *Draft) varFor(value, name string) string {
	for _, v := range d.Vars {
		if v.Value == value {
			return ref(v.Name, "")
		}
	}
	taken := map[string]bool{}
	for _, v := range d.Vars {
		taken[v.Name] = true
	}
	v := flows.Secret{Name: freeName(taken, name), Value: value}
	d.Vars = append(d.Vars, v)
	return ref(v.Name, "")
}

// hide escapes text for the draft and replaces the secret values long
// enough to be masked anywhere (flows.MinMaskLen) by their variables.
func (d *Draft) hide(s string) string {
	s = escapeDollars(s, d.Vars)
	for _, v := range d.Vars {
		if len(v.Value) < flows.MinMaskLen {
			continue
		}
		for _, form := range []string{v.Value, url.QueryEscape(v.Value)} {
			s = replaceVar(s, form, v.Name)
		}
	}
	return s
}

// replaceVar replaces value by $NAME, as ${NAME} when a name character
// follows.
func replaceVar(s, value, name string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, value)
		if i < 0 {
			return b.String() + s
		}
		b.WriteString(s[:i])
		s = s[i+len(value):]
		b.WriteString(ref(name, s))
	}
}

// ref is the reference to a variable, braced when next would continue it.
func ref(name, next string) string {
	if next != "" && isNameByte(next[0]) {
		return "${" + name + "}"
	}
	return "$" + name
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// headerText is a header line with its secret shown as a variable: the
// whole value of a secret header, the credential after an auth scheme,
// and for Basic the decoded "id:$SECRET" (RFC 7617 §2, each part
// form-decoded per RFC 6749 §2.3.1) when it encodes back to the same
// bytes.
func (d *Draft) headerText(f flows.HeaderField) string {
	if !d.SecretHeader(f.Name) {
		return f.Name + ": " + d.hide(f.Value)
	}
	scheme, cred, ok := strings.Cut(f.Value, " ")
	if !ok || !flows.IsAuthScheme(scheme) {
		return f.Name + ": " + d.varFor(f.Value, flows.EnvName(f.Name))
	}
	if strings.EqualFold(scheme, "basic") {
		if id, secret, ok := decodeBasic(cred); ok && !strings.Contains(id, "$") {
			return f.Name + ": " + scheme + " " + id + ":" + d.varFor(secret, "CLIENT_SECRET")
		}
		return f.Name + ": " + scheme + " " + d.varFor(cred, "BASIC_CREDENTIALS")
	}
	name := strings.ToUpper(scheme) + "_CREDENTIALS"
	if strings.EqualFold(scheme, "bearer") || strings.EqualFold(scheme, "dpop") {
		name = "ACCESS_TOKEN"
	}
	return f.Name + ": " + scheme + " " + d.varFor(cred, name)
}

// SecretHeader reports whether a header of the draft holds a secret: by
// its name (flows.IsSecretHeader) or because the captured exchange said
// so (a header whose value came from a secret reference).
func (d Draft) SecretHeader(name string) bool {
	return flows.IsSecretHeader(name) || slices.ContainsFunc(d.secretHeaders, func(s string) bool {
		return strings.EqualFold(s, name)
	})
}

// decodeBasic decodes a Basic credential (flows.ParseBasic) when encoding
// the parts again gives the same bytes and the id holds no ':' (the
// decoded "id:secret" is split at its first ':'), so that the decoded
// form round-trips.
func decodeBasic(cred string) (id, secret string, ok bool) {
	id, secret, ok = flows.ParseBasic(cred)
	if !ok || strings.Contains(id, ":") || flows.BasicCredentials(id, secret) != cred {
		return "", "", false
	}
	return id, secret, true
}

// BasicText splits a decoded Basic credential as the draft shows it,
// "Basic id:secret" (the secret usually $CLIENT_SECRET): ok is false for
// another value.
func BasicText(value string) (scheme, id, secret string, ok bool) {
	scheme, cred, ok := strings.Cut(value, " ")
	if !ok || !strings.EqualFold(scheme, "basic") {
		return "", "", "", false
	}
	id, secret, ok = strings.Cut(cred, ":")
	return scheme, id, secret, ok
}

// fieldText is a form field "key=value", decoded, its value a variable
// when the field is secret or its value a known secret.
func (d *Draft) fieldText(pair string) string {
	k, v, _ := strings.Cut(pair, "=")
	key, err1 := url.QueryUnescape(k)
	val, err2 := url.QueryUnescape(v)
	if err1 != nil || err2 != nil {
		return d.hide(pair)
	}
	if flows.IsSecretParam(key) && val != "" {
		return escapeDollars(key, d.Vars) + "=" + d.varFor(val, flows.EnvName(key))
	}
	for _, s := range d.Vars {
		if s.Value == val {
			return escapeDollars(key, d.Vars) + "=" + ref(s.Name, "")
		}
	}
	return d.hide(key) + "=" + d.hide(val)
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
