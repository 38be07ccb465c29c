package flows

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Mask is what stands in for a secret on screen and in verbose output.
const Mask = "••••••••"

// secretHeaders are header names whose values are always secret.
var secretHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"x-api-key": true, "api-key": true, "apikey": true, "x-auth-token": true,
}

// secretHeaderWords make any header whose name contains one of them secret
// (X-Client-Token, X-Vendor-Key, X-Session-Id, …).
var secretHeaderWords = []string{
	"auth", "token", "key", "secret", "password", "passwd", "cookie", "session", "credential",
}

// challengeHeaders name "auth" but hold challenges, not credentials.
var challengeHeaders = map[string]bool{
	"www-authenticate": true, "proxy-authenticate": true,
	"authentication-info": true, "proxy-authentication-info": true,
}

// secretFields are form and JSON keys whose values are always secret.
var secretFields = map[string]string{
	"client_secret": "CLIENT_SECRET", "access_token": "ACCESS_TOKEN", "refresh_token": "REFRESH_TOKEN",
	"id_token": "ID_TOKEN", "token": "TOKEN", "client_assertion": "CLIENT_ASSERTION",
	"registration_access_token": "REGISTRATION_ACCESS_TOKEN", "password": "PASSWORD",
	"newsecret": "CLIENT_SECRET", "secret": "CLIENT_SECRET", "clientsecret": "CLIENT_SECRET",
	"api_key": "API_KEY", "apikey": "API_KEY", "assertion": "ASSERTION",
	"code_verifier": "CODE_VERIFIER", "device_code": "DEVICE_CODE", "id_token_hint": "ID_TOKEN",
	"subject_token": "SUBJECT_TOKEN", "actor_token": "ACTOR_TOKEN",
}

// paramOnlySecrets are form fields and query parameters that are secret
// there but not as JSON members: the authorization code (RFC 6749 §4.1.2
// in the redirect's query, §4.1.3 in the token request). As a JSON member
// "code" is most often a vendor's error code ({"code":"INVALID_DATA"}),
// which the person needs to see.
var paramOnlySecrets = map[string]string{"code": "AUTHORIZATION_CODE"}

// SecretParamName is the variable name of a form field or query parameter
// that always holds a secret (every secret field, and code), or "".
func SecretParamName(key string) string {
	k := strings.ToLower(key)
	if n := secretFields[k]; n != "" {
		return n
	}
	return paramOnlySecrets[k]
}

// IsSecretParam reports whether a form field or query parameter always
// holds a secret: a secret field (IsSecretField) or the authorization
// code.
func IsSecretParam(key string) bool { return SecretParamName(key) != "" }

// IsSecretHeader reports whether a header's values are secret by its name:
// Authorization, Cookie, X-Api-Key, and any name that contains a word such
// as "token", "key", "secret" or "session". It is the one list of secret
// header names; walk.SecretHeader adds the headers whose values came from
// a secret reference.
func IsSecretHeader(name string) bool {
	n := strings.ToLower(name)
	if secretHeaders[n] {
		return true
	}
	if challengeHeaders[n] {
		return false
	}
	for _, w := range secretHeaderWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// IsSecretField reports whether a form or JSON field always holds a
// secret (client_secret, access_token, refresh_token, …).
func IsSecretField(key string) bool { return secretFields[strings.ToLower(key)] != "" }

// jsonStringField matches `"key": "value"` in JSON text without reformatting it.
// A value may also run to the end of the text without its closing quote,
// as in a body cut by the size cap or a timeout.
var jsonStringField = regexp.MustCompile(`"([A-Za-z_]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)("|\\?$)`)

// masker replaces secrets in text. With reveal set it changes nothing.
type masker struct {
	reveal  bool
	secrets []Secret
	headers map[string]bool
}

func (e Exchange) masker(reveal bool) masker {
	h := map[string]bool{}
	for _, n := range e.SecretHeaders {
		h[strings.ToLower(n)] = true
	}
	return masker{reveal: reveal, secrets: e.Secrets, headers: h}
}

func (m masker) isSecretHeader(name string) bool {
	n := strings.ToLower(name)
	return IsSecretHeader(n) || m.headers[n]
}

// header masks a header value, keeping an Authorization scheme visible.
func (m masker) header(name, value string) string {
	if m.reveal {
		return value
	}
	if !m.isSecretHeader(name) {
		return m.text(value)
	}
	if scheme, _, ok := strings.Cut(value, " "); ok && IsAuthScheme(scheme) {
		return scheme + " " + Mask
	}
	return Mask
}

// IsAuthScheme reports whether s names an HTTP authentication scheme whose
// credential follows it (RFC 9110 §11.4: Basic, Bearer, DPoP, …).
func IsAuthScheme(s string) bool {
	switch strings.ToLower(s) {
	case "basic", "bearer", "dpop", "mac", "token", "digest", "negotiate":
		return true
	}
	return false
}

// text replaces every known secret value in every form it takes.
func (m masker) text(s string) string {
	if m.reveal {
		return s
	}
	return NewRedactor(m.secrets...).String(s)
}

// body masks secret fields in a form or JSON body, then known values.
func (m masker) body(b string, form bool) string {
	if m.reveal {
		return b
	}
	if form {
		b = maskForm(b)
	} else {
		b = jsonStringField.ReplaceAllStringFunc(b, func(f string) string {
			sub := jsonStringField.FindStringSubmatch(f)
			if _, ok := secretFields[strings.ToLower(sub[1])]; !ok || sub[3] == "" {
				return f
			}
			end := `"`
			if sub[4] != `"` {
				end = "" // the body was cut inside the value
			}
			return `"` + sub[1] + `"` + sub[2] + `"` + Mask + end
		})
	}
	return m.text(b)
}

func maskForm(b string) string {
	parts := strings.Split(b, "&")
	for i, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		key, err := url.QueryUnescape(k)
		if ok && err == nil && IsSecretParam(key) {
			parts[i] = k + "=" + Mask
		}
	}
	return strings.Join(parts, "&")
}

// IsFormType reports whether a Content-Type names a form body.
func IsFormType(contentType string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/x-www-form-urlencoded")
}

// RawRequest renders the request as HTTP/1.1-style text, masked unless
// reveal is set, and sanitised.
func (e Exchange) RawRequest(reveal bool) string {
	m := e.masker(reveal)
	var b strings.Builder
	target, ct := e.requestTarget(), ""
	proto := "HTTP/1.1"
	if e.Proto == "HTTP/2.0" {
		proto = "HTTP/2"
	}
	b.WriteString(e.Method + " " + m.text(target) + " " + proto + "\n")
	if !e.HeaderWritten && e.Status == 0 {
		b.WriteString("# not written: " + notWrittenWhy(e.Err) + "\n")
	}
	for _, f := range e.RequestHeader {
		if strings.EqualFold(f.Name, "Content-Type") {
			ct = f.Value
		}
		b.WriteString(f.Name + ": " + m.header(f.Name, f.Value) + "\n")
	}
	if len(e.RequestBody) > 0 {
		b.WriteString("\n" + m.body(string(e.RequestBody), IsFormType(ct)) + "\n")
	}
	return Sanitize(b.String())
}

// notWrittenWhy says why a request was not written: cancelled (esc, an
// interrupt) or timed out before it was, or the connection failed.
func notWrittenWhy(err string) string {
	switch {
	case strings.Contains(err, "cancel"):
		return "cancelled before the request was sent"
	case strings.Contains(err, "deadline exceeded") || strings.Contains(err, "timeout"):
		return "the time ran out before the request was sent"
	}
	return "the connection failed before the request was sent"
}

// requestTarget is the path and query of the URL, as on the request line.
func (e Exchange) requestTarget() string {
	if u, err := url.Parse(e.URL); err == nil {
		return u.RequestURI()
	}
	return e.URL
}

// Target is the request line's target (path and query), masked unless
// reveal is set, and sanitised: what RawRequest's first line shows.
func (e Exchange) Target(reveal bool) string {
	return Sanitize(e.masker(reveal).text(e.requestTarget()))
}

// RawResponse renders the status line, headers and body, masked unless
// reveal is set, and sanitised.
func (e Exchange) RawResponse(reveal bool) string {
	if e.Status == 0 {
		return Sanitize("# no response: " + e.Err + "\n")
	}
	m := e.masker(reveal)
	var b strings.Builder
	b.WriteString(e.Proto + " " + e.StatusText + "\n")
	for _, k := range sortedKeys(e.ResponseHeader) {
		for _, v := range e.ResponseHeader[k] {
			b.WriteString(k + ": " + m.header(k, v) + "\n")
		}
	}
	if e.Uncompressed {
		b.WriteString("# the body arrived gzip-compressed and is shown uncompressed\n")
	}
	b.WriteString("\n")
	b.WriteString(m.body(string(e.ResponseBody), IsFormType(e.ResponseHeader.Get("Content-Type"))))
	if e.Truncated {
		b.WriteString("\n# … body cut at the size cap")
	}
	return Sanitize(b.String())
}

// Raw renders the whole exchange: request, a blank line, response.
func (e Exchange) Raw(reveal bool) string {
	return e.RawRequest(reveal) + "\n" + e.RawResponse(reveal)
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
