package har

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// A HAR that oauthlens did not write (a browser's devtools export, a
// proxy's) holds every secret in the clear. Its exchanges learn the
// secret values it holds, so that every output (the raw panes, diff,
// --json, exports) masks them like a captured run's: the values of secret
// form fields and query parameters (flows.IsSecretParam: client_secret,
// code, code_verifier, refresh_token, device_code, client_assertion,
// assertion, subject_token, …), credentials in secret headers
// (flows.IsSecretHeader) and secret members of JSON bodies (access,
// refresh and ID tokens).

// Writer is the creator name oauthlens writes in its own HAR files.
const Writer = "oauthlens"

// shareSecrets gives every exchange of a run the secrets of all: a value
// one exchange holds in a secret place may show in another's text (a
// session cookie in an error page, a code in error_description).
func shareSecrets(exs []flows.Exchange) {
	var all learner
	for i := range exs {
		all.exchange(exs[i])
	}
	for i := range exs {
		exs[i].Secrets = append(exs[i].Secrets, all...)
	}
}

// exchange learns the secret values ex holds.
func (l *learner) exchange(ex flows.Exchange) {
	l.query(ex.URL)
	ct := ""
	for _, h := range ex.RequestHeader {
		if strings.EqualFold(h.Name, "Content-Type") {
			ct = h.Value
		}
		l.header(h.Name, h.Value)
	}
	l.body(ex.RequestBody, ct)
	for name, vs := range ex.ResponseHeader {
		for _, v := range vs {
			l.header(name, v)
			if strings.EqualFold(name, "Location") {
				l.query(v) // a redirect with ?code=
			}
		}
	}
	l.body(ex.ResponseBody, ex.ResponseHeader.Get("Content-Type"))
}

// learner collects secrets.
type learner []flows.Secret

func (l *learner) add(name, value string) {
	value = strings.TrimSpace(value)
	if value != "" && value != flows.Mask && !slices.ContainsFunc(*l, func(s flows.Secret) bool {
		return s.Value == value
	}) {
		*l = append(*l, flows.Secret{Name: name, Value: value})
	}
}

// query learns the secret parameters of a URL's query.
func (l *learner) query(raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		return
	}
	l.form(u.RawQuery)
}

// form learns the secret fields of a form-encoded text.
func (l *learner) form(text string) {
	vs, _ := url.ParseQuery(text) // the pairs that parse, even when one does not
	for k, list := range vs {
		if name := flows.SecretParamName(k); name != "" {
			for _, v := range list {
				l.add(name, v)
			}
		}
	}
}

// header learns a secret header's credential: after an auth scheme (and a
// Basic credential's secret, flows.ParseBasic), each cookie's value, or
// the whole value.
func (l *learner) header(name, value string) {
	if !flows.IsSecretHeader(name) {
		return
	}
	n := strings.ToLower(name)
	if n == "cookie" || n == "set-cookie" {
		pairs := strings.Split(value, ";")
		if n == "set-cookie" {
			pairs = pairs[:1] // the cookie; the rest are attributes (Path, …)
		}
		for _, c := range pairs {
			if _, v, ok := strings.Cut(c, "="); ok {
				l.add("COOKIE", v)
			}
		}
		return
	}
	scheme, cred, ok := strings.Cut(value, " ")
	if !ok || !flows.IsAuthScheme(scheme) {
		l.add(flows.EnvName(name), value)
		return
	}
	l.add(strings.ToUpper(scheme)+"_CREDENTIALS", cred)
	if strings.EqualFold(scheme, "basic") {
		if _, secret, ok := flows.ParseBasic(cred); ok {
			l.add("CLIENT_SECRET", secret)
		}
	}
}

// body learns the secret fields of a form body, or the secret members of
// a JSON body at any depth.
func (l *learner) body(b []byte, ct string) {
	if len(b) == 0 {
		return
	}
	if flows.IsFormType(ct) {
		l.form(string(b))
		return
	}
	var v any
	if json.Unmarshal(b, &v) == nil {
		l.json(v)
	}
}

func (l *learner) json(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && flows.IsSecretField(k) {
				l.add(flows.EnvName(k), s)
				continue
			}
			l.json(x)
		}
	case []any:
		for _, x := range v {
			l.json(x)
		}
	}
}
