package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// OAuth error codes (RFC 6749 §5.2, RFC 6750 §3.1, RFC 8707 §2).
const (
	errInvalidRequest       = "invalid_request"
	errInvalidClient        = "invalid_client"
	errUnauthorizedClient   = "unauthorized_client"
	errUnsupportedGrantType = "unsupported_grant_type"
	errInvalidScope         = "invalid_scope"
	errInvalidTarget        = "invalid_target"
	errInvalidToken         = "invalid_token"
	errInsufficientScope    = "insufficient_scope"
)

// oauthError is an error answer of the token, introspection or revocation
// endpoint (RFC 6749 §5.2).
type oauthError struct {
	status    int
	code      string
	desc      string
	challenge string // WWW-Authenticate value, for 401s
}

// Error implements error.
func (e *oauthError) Error() string {
	return e.code + ": " + e.desc
}

// badRequest returns a 400 error with the given code.
func badRequest(code, format string, args ...any) *oauthError {
	return &oauthError{status: http.StatusBadRequest, code: code, desc: fmt.Sprintf(format, args...)}
}

// invalidClient returns a 401 invalid_client error with a Basic challenge.
// RFC 6749 §5.2 requires the challenge when Basic was used; RFC 9110
// §15.5.2 requires one on every 401, so it is always sent.
func invalidClient(format string, args ...any) *oauthError {
	return &oauthError{
		status:    http.StatusUnauthorized,
		code:      errInvalidClient,
		desc:      fmt.Sprintf(format, args...),
		challenge: fmt.Sprintf("Basic realm=%q", realm),
	}
}

// writeOAuthError writes e as a JSON error response.
func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	if e.challenge != "" {
		w.Header().Set("WWW-Authenticate", e.challenge)
	}
	writeJSON(w, e.status, errorBody{Error: e.code, Description: sanitize(e.desc)})
}

// errorBody is the JSON body of an error response.
type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "<token>" readable in raw panes
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"server_error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// noStore marks the response as not cacheable (RFC 6749 §5.1).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

// allowMethod reports whether r uses one of the allowed methods; if not it
// answers 405 with an Allow header.
func allowMethod(w http.ResponseWriter, r *http.Request, allowed ...string) bool {
	for _, m := range allowed {
		if r.Method == m {
			return true
		}
	}
	list := strings.Join(allowed, ", ")
	w.Header().Set("Allow", list)
	writeJSON(w, http.StatusMethodNotAllowed, errorBody{
		Error:       "method_not_allowed",
		Description: r.Method + " is not allowed here; use " + list,
	})
	return false
}

// handleNotFound answers every unknown path.
func handleNotFound(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusNotFound, errorBody{Error: "not_found"})
}

// sanitize keeps only the characters RFC 6749 §5.2 and RFC 6750 §3 allow in
// error_description (printable ASCII except '"' and '\'), so a description
// is always safe inside a quoted WWW-Authenticate parameter.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case r == '\\':
			return '/'
		case r < 0x20 || r > 0x7e:
			return '?'
		}
		return r
	}, s)
}
