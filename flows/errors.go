package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// OAuthError is an error answer from an OAuth endpoint: the RFC 6749 §5.2
// fields (error, error_description, error_uri) when the server sent them,
// plus the HTTP status, headers and body that carried them. It is modelled
// on golang.org/x/oauth2's RetrieveError. Code is empty when the server
// answered an error status without an OAuth error body (an HTML page, an
// empty 401, a proxy error).
type OAuthError struct {
	Step        string // "token", "discovery", "call", …
	Code        string
	Description string
	URI         string
	StatusCode  int
	Status      string // e.g. "401 Unauthorized"
	Header      http.Header
	Body        []byte
	URL         string   // the request's URL, to resolve a relative Location
	secrets     []Secret // the exchange's secrets: Error() never shows them
}

// newOAuthError builds the error for an answer: the RFC 6749 §5.2 fields
// when the body has them, and the exchange's secrets, so that Error()
// masks a secret a server echoes back.
func newOAuthError(step string, ex Exchange) *OAuthError {
	e := &OAuthError{Step: step, StatusCode: ex.Status, Status: ex.StatusText,
		Header: ex.ResponseHeader, Body: ex.ResponseBody, URL: ex.URL, secrets: ex.Secrets}
	e.Code, e.Description, e.URI, _ = parseOAuthError(ex.ResponseBody, ex.ContentType())
	return e
}

// Error renders one line: the step, the status, the code and description.
func (e *OAuthError) Error() string {
	var b strings.Builder
	if e.Step != "" {
		b.WriteString(e.Step + " failed: ")
	}
	if e.Status != "" {
		b.WriteString("HTTP " + Sanitize(e.Status))
	} else if e.StatusCode != 0 {
		fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	}
	if e.Code != "" {
		if b.Len() > 0 && e.StatusCode != 0 {
			b.WriteString(", ")
		}
		b.WriteString(SanitizeLine(e.Code))
		if e.Description != "" {
			b.WriteString(": " + oneLine(e.masker().text(e.Description)))
		}
	} else if snippet := bodySnippet(e.maskedBody(), e.Header.Get("Content-Type")); snippet != "" {
		b.WriteString(": " + snippet)
	}
	return b.String()
}

func (e *OAuthError) masker() masker { return masker{secrets: e.secrets} }

// maskedBody is the body with secret fields and known secret values masked.
func (e *OAuthError) maskedBody() []byte {
	return []byte(e.masker().body(string(e.Body), IsFormType(e.Header.Get("Content-Type"))))
}

// oneLine sanitises s and folds it onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(Sanitize(s)), " ")
}

// bodySnippet describes a non-OAuth error body in a few words.
func bodySnippet(body []byte, contentType string) string {
	s := strings.TrimSpace(string(body))
	switch {
	case s == "":
		return "empty body"
	case strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(s, "<"):
		if t := htmlTitle(s); t != "" {
			return fmt.Sprintf("an HTML page (%q) instead of JSON", t)
		}
		return "an HTML page instead of JSON"
	}
	s = oneLine(s)
	if len(s) > 120 {
		cut := 120
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut-- // never split a UTF-8 sequence
		}
		s = s[:cut] + "…"
	}
	return s
}

// htmlTitle returns the text of the first <title> element, if any.
func htmlTitle(s string) string {
	l := asciiLower(s) // same length as s, so its indices are valid in s
	i := strings.Index(l, "<title")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(l[i:], '>')
	k := strings.Index(l[i:], "</title>")
	if j < 0 || k < j {
		return ""
	}
	return oneLine(s[i+j+1 : i+k])
}

// asciiLower lowercases ASCII letters only, keeping every byte offset;
// strings.ToLower may change the length (invalid UTF-8 becomes U+FFFD,
// 'İ' becomes "i̇").
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// parseOAuthError reads the RFC 6749 §5.2 fields from a JSON or
// form-encoded body. ok is false when the body carries no "error" field.
func parseOAuthError(body []byte, contentType string) (code, desc, uri string, ok bool) {
	fields, err := parseFields(body, contentType)
	if err != nil {
		return "", "", "", false
	}
	code = stringField(fields, "error")
	if code == "" {
		return "", "", "", false
	}
	return code, stringField(fields, "error_description"), stringField(fields, "error_uri"), true
}

// parseFields decodes a JSON object or a form-encoded body into a map.
func parseFields(body []byte, contentType string) (map[string]any, error) {
	trimmed := strings.TrimSpace(string(body))
	if IsFormType(contentType) ||
		(!strings.HasPrefix(trimmed, "{") && strings.Contains(trimmed, "=") && !strings.ContainsAny(trimmed, "<\n ")) {
		vals, err := url.ParseQuery(trimmed)
		if err != nil {
			return nil, &bodyError{fmt.Sprintf("the body is neither JSON nor a valid form: %v", err)}
		}
		out := make(map[string]any, len(vals))
		for k, v := range vals {
			out[k] = v[0]
		}
		return out, nil
	}
	var out map[string]any
	dec := json.NewDecoder(strings.NewReader(trimmed))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, describeJSONError(body, contentType, err)
	}
	return out, nil
}

// Sentinel errors, for errors.Is: the diagnosis tells these cases apart by
// them, never by the text of the message.
var (
	// ErrNotJSON: a body that should be a JSON object (or a form) is not.
	ErrNotJSON = errors.New("the body is not a JSON object")
	// ErrNoAccessToken: a successful token answer has no access_token
	// (RFC 6749 §5.1).
	ErrNoAccessToken = errors.New("the server answered success but sent no access_token")
	// ErrIssuerMismatch: the metadata names another issuer than the one
	// asked for (RFC 8414 §3.3); the walk stops before sending credentials.
	// Its diagnosis comes from the discovery (DiagnoseDiscovery).
	ErrIssuerMismatch = errors.New("issuer mismatch")
	// ErrNoTokenEndpoint: the metadata has no token_endpoint (RFC 8414 §2).
	ErrNoTokenEndpoint = errors.New("no token_endpoint")
)

// bodyError is an ErrNotJSON with a message that says what the body is.
type bodyError struct{ msg string }

func (e *bodyError) Error() string { return e.msg }

// Unwrap makes errors.Is(err, ErrNotJSON) true.
func (e *bodyError) Unwrap() error { return ErrNotJSON }

// describeJSONError explains why a body is not the JSON object expected.
func describeJSONError(body []byte, contentType string, err error) error {
	s := strings.TrimSpace(string(body))
	switch {
	case s == "":
		return &bodyError{"the body is empty (expected a JSON object)"}
	case strings.HasPrefix(s, "<") || strings.Contains(strings.ToLower(contentType), "html"):
		if t := htmlTitle(s); t != "" {
			return &bodyError{fmt.Sprintf("expected JSON but got an HTML page titled %q", t)}
		}
		return &bodyError{"expected JSON but got an HTML page"}
	case strings.HasPrefix(s, "["):
		return &bodyError{"expected a JSON object but got a JSON array"}
	}
	return &bodyError{fmt.Sprintf("the body is not valid JSON: %v", err)}
}

// stringField returns a field as text: strings as they are, numbers and
// booleans formatted, anything else empty.
func stringField(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	}
	return ""
}
