package walk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// In a Draft's text, $NAME and ${NAME} stand for the variable NAME when
// the draft has one; $$ is a literal $ before what would read as one; any
// other $ is itself.

// escapeDollars doubles a $ that would otherwise read as a variable or
// an escape.
func escapeDollars(s string, vars []flows.Secret) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '$' {
			if _, n := varAt(s[i+1:], vars); n > 0 || strings.HasPrefix(s[i+1:], "$") {
				b.WriteByte('$')
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// varAt reads a variable reference at the start of s (after its $): its
// value and length; n is 0 when s does not start with a known variable.
func varAt(s string, vars []flows.Secret) (value string, n int) {
	name, n := "", 0
	if strings.HasPrefix(s, "{") {
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return "", 0
		}
		name, n = s[1:end], end+1
	} else {
		for n < len(s) && isNameByte(s[n]) {
			n++
		}
		name = s[:n]
	}
	for _, v := range vars {
		if v.Name == name && name != "" {
			return v.Value, n
		}
	}
	return "", 0
}

// expand puts the variables' values in place of their references.
func expand(s string, vars []flows.Secret) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		rest := s[i+1:]
		if v, n := varAt(rest, vars); n > 0 {
			b.WriteString(v)
			i += n
			continue
		}
		b.WriteByte('$')
		if strings.HasPrefix(rest, "$") {
			i++ // $$ is one $
		}
	}
	return b.String()
}

// built collects the request and the secrets it carries.
type built struct {
	d       Draft
	header  http.Header
	secrets []flows.Secret
}

func (b *built) secret(name, value string) {
	if value != "" {
		b.secrets = append(b.secrets, flows.Secret{Name: name, Value: value})
	}
}

// Request builds the request the draft describes: unchanged lines as they
// were sent, edited ones with their variables put back. Every value in a
// secret place (a secret header, a credential after an auth scheme, a
// secret form field) is a secret of the new exchange, masked like the
// rest, whether a variable or typed.
func (d Draft) Request() (flows.Request, error) {
	b := &built{d: d, header: http.Header{}}
	b.secrets = append(b.secrets, d.Vars...)
	method := strings.TrimSpace(expand(d.Method.Text, d.Vars))
	if !d.Method.Changed() {
		method = d.Method.raw
	}
	if method == "" || strings.ContainsAny(method, " \t:/") {
		return flows.Request{}, fmt.Errorf("the method %q is not an HTTP method", method)
	}
	target := d.URL.raw
	if d.URL.Changed() {
		target = strings.TrimSpace(expand(d.URL.Text, d.Vars))
	}
	u, err := url.Parse(target)
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return flows.Request{}, fmt.Errorf("the URL %q is not an absolute http(s) URL", flows.Sanitize(d.URL.Text))
	}
	for k, vs := range u.Query() { // a code, an api_key, … in the query
		if flows.IsSecretParam(k) {
			for _, v := range vs {
				b.secret(flows.EnvName(k), v)
			}
		}
	}
	for _, l := range d.Headers {
		if err := b.addHeader(l); err != nil {
			return flows.Request{}, err
		}
	}
	return flows.Request{Label: d.Label, Method: method, URL: target, Header: b.header, Body: b.body(),
		MaxBody: d.maxBody, Secrets: b.secrets, SecretHeaders: d.secretHeaders}, nil
}

// addHeader adds one header line; an emptied line is left out.
func (b *built) addHeader(l Line) error {
	text := l.Text
	if !l.Changed() {
		text = l.raw
	} else if strings.TrimSpace(text) == "" {
		return nil
	}
	name, value, ok := strings.Cut(text, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t\r\n") {
		return fmt.Errorf("the header line %q has no \"Name: value\" form", flows.Sanitize(l.Text))
	}
	value = strings.TrimLeft(value, " \t")
	if l.Changed() {
		value = b.headerValue(name, value)
	}
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("the header %s holds a line break", name)
	}
	if b.d.SecretHeader(name) {
		b.placeSecret(name, value)
	}
	b.header[name] = append(b.header[name], value)
	return nil
}

// headerValue expands an edited value; a Basic credential written
// decoded ("Basic id:secret") is encoded (RFC 6749 §2.3.1, RFC 7617 §2).
func (b *built) headerValue(name, value string) string {
	if scheme, id, secret, ok := BasicText(value); ok && strings.EqualFold(name, "Authorization") {
		id, secret = expand(id, b.d.Vars), expand(secret, b.d.Vars)
		if a, ok := flows.NewClientAuthenticator(flows.AuthBasic, id, secret); ok {
			b.secrets = append(b.secrets, a.Secrets()...)
		}
		return scheme + " " + flows.BasicCredentials(id, secret)
	}
	return expand(value, b.d.Vars)
}

// placeSecret records the value of a secret header: the credential after
// an auth scheme, else the whole value.
func (b *built) placeSecret(name, value string) {
	if scheme, cred, ok := strings.Cut(value, " "); ok && flows.IsAuthScheme(scheme) {
		b.secret(strings.ToUpper(scheme)+"_CREDENTIALS", cred)
		return
	}
	b.secret(flows.EnvName(name), value)
}

// body joins the form fields (an edited one encoded again, an emptied one
// left out) or the body lines.
func (b *built) body() []byte {
	if !b.d.Form {
		if len(b.d.Body) == 0 {
			return nil
		}
		parts := make([]string, len(b.d.Body))
		for i, l := range b.d.Body {
			parts[i] = l.raw
			if l.Changed() {
				parts[i] = expand(l.Text, b.d.Vars)
			}
		}
		return []byte(strings.Join(parts, "\n"))
	}
	var parts []string
	for _, l := range b.d.Fields {
		if p, ok := b.field(l); ok {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return []byte(strings.Join(parts, "&"))
}

func (b *built) field(l Line) (string, bool) {
	if !l.Changed() {
		if k, v, _ := strings.Cut(l.raw, "="); flows.IsSecretParam(unescape(k)) {
			b.secret(flows.EnvName(unescape(k)), unescape(v))
		}
		return l.raw, true
	}
	if strings.TrimSpace(l.Text) == "" {
		return "", false
	}
	k, v, _ := strings.Cut(l.Text, "=")
	key, val := expand(strings.TrimSpace(k), b.d.Vars), expand(v, b.d.Vars)
	if flows.IsSecretParam(key) {
		b.secret(flows.EnvName(key), val)
	}
	return url.QueryEscape(key) + "=" + url.QueryEscape(val), true
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// CarriesCredentials reports whether the draft sends a secret: a
// variable, or a value in a secret place.
func (d Draft) CarriesCredentials() bool {
	r, err := d.Request()
	return err == nil && len(r.Secrets) > 0
}

// Resend builds the draft's request and sends it with flows.Send (the
// timeouts, the capped body, the wire record); the exchange comes back
// even when no answer arrived.
func Resend(ctx context.Context, hc *http.Client, d Draft) (flows.Exchange, error) {
	r, err := d.Request()
	if err != nil {
		return flows.Exchange{Label: d.Label, Method: d.Method.Text, Err: err.Error()}, err
	}
	return flows.Send(ctx, hc, r)
}

// DiagnoseResend explains a resent exchange as the step it repeats would:
// the error its answer stands for (flows.ReplayError), with the
// discovered metadata and the token request it sent.
func DiagnoseResend(ex flows.Exchange, md *flows.Metadata, now time.Time) ([]flows.Diagnosis, error) {
	err := flows.ReplayError(ex)
	if err == nil {
		return nil, nil
	}
	c := flows.Context{Step: flows.StepOfLabel(ex.Label), Exchanges: []flows.Exchange{ex}, Metadata: md, Now: now}
	if c.Step == flows.StepToken {
		c.Request = flows.RecordedTokenRequest(ex)
	}
	return flows.Diagnose(err, c), err
}
