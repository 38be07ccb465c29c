package flows

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// SignatureRedacted stands in for a JWT's signature in exported files: the
// token keeps its header and claims (readable) but cannot be replayed.
const SignatureRedacted = "REDACTED"

// jwtLike matches a compact JWS (RFC 7515 §7.1): a base64url JSON header
// ("eyJ" is `{"`), a payload and a signature.
var jwtLike = regexp.MustCompile(`\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

// StripSignatures replaces the signature of every JWT in s with
// SignatureRedacted: header.claims.REDACTED.
func StripSignatures(s string) string {
	return jwtLike.ReplaceAllStringFunc(s, func(t string) string {
		i := strings.LastIndexByte(t, '.')
		return t[:i+1] + SignatureRedacted
	})
}

// isStripped reports whether v is a JWT whose signature was already
// removed by StripSignatures (and so is safe to keep).
func isStripped(v string) bool {
	return strings.HasSuffix(v, "."+SignatureRedacted) && strings.HasPrefix(v, "eyJ") && strings.Count(v, ".") == 2
}

// Exported returns a copy of e that is safe to write to a file someone
// else reads (HAR export, support bundles): every JWT loses its signature;
// secret headers and fields are masked (a signature-less JWT in them is
// kept, so its claims stay readable); every value red knows, and every
// secret the exchange carries, is masked in every form. The copy carries
// no secrets. Control characters are kept (the file's encoder escapes
// them); a reader of the file sanitises before drawing.
func (e Exchange) Exported(red *Redactor) Exchange {
	all := NewRedactor(e.Secrets...)
	if red != nil {
		all.merge(red)
	}
	m := e.masker(false)
	out := e
	out.Secrets, out.SecretHeaders = nil, nil
	out.URL = all.String(StripSignatures(e.URL))
	out.Err = all.String(StripSignatures(e.Err))
	out.RequestHeader = make([]HeaderField, len(e.RequestHeader))
	ct := ""
	for i, f := range e.RequestHeader {
		if strings.EqualFold(f.Name, "Content-Type") {
			ct = f.Value
		}
		out.RequestHeader[i] = HeaderField{Name: f.Name, Value: all.String(m.exportHeader(f.Name, f.Value))}
	}
	out.RequestBody = []byte(all.String(exportBody(string(e.RequestBody), IsFormType(ct))))
	out.ResponseHeader = http.Header{}
	for k, vs := range e.ResponseHeader {
		for _, v := range vs {
			out.ResponseHeader[k] = append(out.ResponseHeader[k], all.String(m.exportHeader(k, v)))
		}
	}
	rct := e.ResponseHeader.Get("Content-Type")
	out.ResponseBody = []byte(all.String(exportBody(string(e.ResponseBody), IsFormType(rct))))
	if e.RequestBody == nil {
		out.RequestBody = nil
	}
	return out
}

// exportHeader masks a header value for export: a secret header keeps its
// scheme and a signature-less JWT; anything else in it is masked.
func (m masker) exportHeader(name, value string) string {
	v := StripSignatures(value)
	if !m.isSecretHeader(name) {
		return v
	}
	scheme, rest, ok := strings.Cut(v, " ")
	switch {
	case isStripped(v):
		return v
	case ok && IsAuthScheme(scheme) && isStripped(rest):
		return v
	case ok && IsAuthScheme(scheme):
		return scheme + " " + Mask
	}
	return Mask
}

// exportBody masks the secret fields of a form or JSON body, keeping a
// signature-less JWT in them.
func exportBody(b string, form bool) string {
	b = StripSignatures(b)
	if form {
		return exportForm(b)
	}
	return jsonStringField.ReplaceAllStringFunc(b, func(f string) string {
		sub := jsonStringField.FindStringSubmatch(f)
		if _, ok := secretFields[strings.ToLower(sub[1])]; !ok || sub[3] == "" || isStripped(sub[3]) {
			return f
		}
		end := `"`
		if sub[4] != `"` {
			end = ""
		}
		return `"` + sub[1] + `"` + sub[2] + `"` + Mask + end
	})
}

func exportForm(b string) string {
	parts := strings.Split(b, "&")
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		key, err := url.QueryUnescape(k)
		if !ok || err != nil || !IsSecretParam(key) {
			continue
		}
		if val, err := url.QueryUnescape(v); err == nil && isStripped(val) {
			continue
		}
		parts[i] = k + "=" + Mask
	}
	return strings.Join(parts, "&")
}

// merge adds every form o knows.
func (r *Redactor) merge(o *Redactor) {
	for _, f := range o.forms {
		if !slices.Contains(r.forms, f) {
			r.forms = append(r.forms, f)
		}
	}
	slices.SortStableFunc(r.forms, func(a, b string) int { return len(b) - len(a) })
}
