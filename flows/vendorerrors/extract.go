package vendorerrors

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// MaxBody is how much of a body is examined, in bytes.
const MaxBody = 64 << 10

// Response is what this package needs of an HTTP answer: plain values, so
// callers need not share types with it.
type Response struct {
	Status          int    // HTTP status, 0 if unknown
	Body            []byte // the raw body; only MaxBody bytes are read
	ContentType     string // the Content-Type header
	WWWAuthenticate string // the WWW-Authenticate header, if any
}

// fields is what a body says, whatever its shape. Every string is clean.
type fields struct {
	status   int
	err      string          // the OAuth error code
	errorURI string          // error_uri
	texts    []string        // descriptions, summaries, messages
	codes    []string        // vendor codes: "E0000011", "AADSTS7000215", "NotAuthorizedException"
	ids      []string        // request identifiers as "key=value"
	keys     map[string]bool // the top-level JSON keys, for Detect
	errorObj map[string]any  // a nested "error" object (Google APIs)
}

// aadsts finds Entra's error numbers in free text.
var aadsts = regexp.MustCompile(`\bAADSTS(\d{5,8})\b`)

// extract reads a response tolerantly; it never fails.
func extract(r Response) fields {
	body := r.Body
	if len(body) > MaxBody {
		body = body[:MaxBody]
	}
	f := fields{status: r.Status, keys: map[string]bool{}}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		if !f.readJSON(trimmed) {
			f.addText(string(trimmed))
		}
	case looksForm(r.ContentType, trimmed):
		f.readForm(trimmed)
	case len(trimmed) > 0:
		f.addText(string(trimmed))
	}
	f.readWWWAuthenticate(r.WWWAuthenticate)
	for _, t := range f.texts {
		for _, m := range aadsts.FindAllStringSubmatch(t, 4) {
			f.addCode("AADSTS" + m[1])
		}
	}
	return f
}

// looksForm reports a form-encoded body: by its type, or by its shape.
func looksForm(contentType string, b []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "x-www-form-urlencoded") {
		return true
	}
	return bytes.HasPrefix(b, []byte("error=")) && !bytes.ContainsAny(b, " \n<")
}

// readJSON reads an object, or the first object of an array.
func (f *fields) readJSON(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return false
	}
	if a, ok := v.([]any); ok && len(a) > 0 {
		v = a[0]
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for k := range obj {
		f.keys[k] = true
	}
	f.readObject(obj)
	return true
}

// textKeys hold human-readable explanations in the bodies we know.
var textKeys = []string{"error_description", "errorSummary", "message", "Message", "error_message",
	"errorMessage", "detail", "title", "description"}

// idKeys hold request identifiers a vendor's support asks for.
var idKeys = []string{"trace_id", "correlation_id", "timestamp", "errorId", "requestId", "request_id"}

// readObject takes the fields of a JSON error object of any vendor.
func (f *fields) readObject(obj map[string]any) {
	switch e := obj["error"].(type) {
	case string:
		f.setError(e)
	case map[string]any:
		f.errorObj = e
		f.readNested(e)
	}
	f.errorURI = clean(str(obj["error_uri"]))
	for _, k := range textKeys {
		f.addText(str(obj[k]))
	}
	for _, k := range []string{"errorCode", "__type", "code"} {
		if s, ok := obj[k].(string); ok {
			f.addCode(s[strings.LastIndexByte(s, '#')+1:])
		}
	}
	if codes, ok := obj["error_codes"].([]any); ok {
		for _, c := range codes[:min(len(codes), 8)] {
			if n, ok := c.(json.Number); ok {
				f.addCode("AADSTS" + n.String())
			}
		}
	}
	for _, k := range idKeys {
		if v := clean(str(obj[k])); v != "" {
			f.ids = append(f.ids, k+"="+v)
		}
	}
	f.readList(obj["errorCauses"])
	f.readList(obj["details"])
}

// readNested takes a nested error object: Google's {"code": 403,
// "message": …, "status": "PERMISSION_DENIED"}.
func (f *fields) readNested(e map[string]any) {
	f.addText(str(e["message"]))
	if s, ok := e["status"].(string); ok {
		f.addCode(s)
	}
	f.readList(e["details"])
	f.readList(e["errors"])
}

// readList takes the messages and codes of a list of causes (Okta's
// errorCauses, PingOne's details, Google's errors), at most eight.
func (f *fields) readList(v any) {
	list, _ := v.([]any)
	for _, item := range list[:min(len(list), 8)] {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		f.addText(str(m["errorSummary"]))
		f.addText(str(m["message"]))
		if s, ok := m["code"].(string); ok {
			f.addCode(s)
		}
		if s, ok := m["reason"].(string); ok {
			f.addCode(s)
		}
	}
}

// readForm takes error, error_description and error_uri from a form body.
func (f *fields) readForm(b []byte) {
	q, _ := url.ParseQuery(string(b))
	f.setError(q.Get("error"))
	f.addText(q.Get("error_description"))
	if f.errorURI == "" {
		f.errorURI = clean(q.Get("error_uri"))
	}
}

// authParam finds an auth-param of a WWW-Authenticate challenge (RFC 6750 §3).
var authParam = regexp.MustCompile(`(?i)\b(error|error_description)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))`)

// readWWWAuthenticate takes error and error_description from a challenge
// when the body did not say.
func (f *fields) readWWWAuthenticate(h string) {
	if len(h) > 4096 {
		h = h[:4096]
	}
	for _, m := range authParam.FindAllStringSubmatch(h, 4) {
		v := m[2] + m[3]
		if strings.EqualFold(m[1], "error") {
			if f.err == "" {
				f.setError(v)
			}
			continue
		}
		f.addText(v)
	}
}

// setError keeps an error code; a sentence in the error field (Keycloak's
// "Realm does not exist") is also kept as a text.
func (f *fields) setError(s string) {
	s = clean(s)
	if s == "" {
		return
	}
	if strings.Contains(s, " ") {
		f.addText(s)
	}
	f.err = s
}

// addText keeps a clean, non-empty text, at most 16.
func (f *fields) addText(s string) {
	if s = clean(s); s != "" && len(f.texts) < 16 {
		f.texts = append(f.texts, s)
	}
}

// addCode keeps a clean, short vendor code once, at most 16.
func (f *fields) addCode(s string) {
	s = clean(s)
	if s == "" || len(s) > 64 || len(f.codes) >= 16 {
		return
	}
	for _, c := range f.codes {
		if strings.EqualFold(c, s) {
			return
		}
	}
	f.codes = append(f.codes, s)
}

// str renders a JSON scalar as text; objects and arrays give "".
func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}
