package flows

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CheckRow is one check shown as a row passed or failed: the name of what
// was checked, whether it passed (CheckSkip: it did not apply), what was
// found and the spec section.
type CheckRow struct {
	Name   string
	Status CheckStatus
	Detail string
	Refs   string
}

// Callback is the authorization response (RFC 6749 §4.1.2) as the
// redirect delivered it, with its checks.
type Callback struct {
	Code   string
	State  string
	Iss    string
	Error  *AuthError // the redirect carried error (RFC 6749 §4.1.2.1)
	Checks []CheckRow
}

// AuthError is an error redirect (RFC 6749 §4.1.2.1).
type AuthError struct {
	Code, Description, URI string
}

func (e *AuthError) Error() string {
	s := "authorization failed: " + SanitizeLine(e.Code)
	if e.Description != "" {
		s += ": " + SanitizeLine(e.Description)
	}
	return s
}

// Explain says what the error code means (RFC 6749 §4.1.2.1, OIDC Core
// §3.1.2.6) and what to try.
func (e *AuthError) Explain() string {
	switch e.Code {
	case "access_denied":
		return "the person (or a policy) refused the request on the consent page"
	case "invalid_scope":
		return "a scope asked for is unknown or not allowed for this client: ask for fewer"
	case "unauthorized_client":
		return "the client may not use the authorization code grant: enable it in the client's settings"
	case "invalid_request":
		return "a parameter is missing or wrong (redirect_uri, code_challenge, …): read the description"
	case "login_required", "consent_required", "interaction_required":
		return "the server needs the person to log in or consent (prompt=none cannot be honoured)"
	case "server_error", "temporarily_unavailable":
		return "the server failed: try again later"
	}
	return "see the server's description"
}

// ErrStateMismatch means the redirect's state is not the one sent: the
// response may be forged (CSRF, RFC 6749 §10.12) or belong to another
// request; its code must not be used.
var ErrStateMismatch = errors.New("the redirect's state is not the one sent (RFC 6749 §10.12): the code is not used")

// ErrIssMismatch means the redirect's iss is not the expected issuer: a
// mix-up attack (RFC 9207 §2.4); its code must not be used.
var ErrIssMismatch = errors.New("the redirect's iss is not the issuer the request went to (RFC 9207): the code is not used")

// ParseCallback reads the redirect's query and checks it against the
// request: state (RFC 6749 §10.12), iss (RFC 9207 §2.4, required when the
// metadata says the server sends it), then error or code. The error is
// the first check that failed, or the *AuthError the redirect carried.
func ParseCallback(q url.Values, req AuthRequest, issuer string, issRequired bool) (Callback, error) {
	cb := Callback{Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss")}
	if e := q.Get("error"); e != "" {
		cb.Error = &AuthError{Code: e, Description: q.Get("error_description"), URI: q.Get("error_uri")}
	}
	var first error
	fail := func(err error) {
		if first == nil {
			first = err
		}
	}
	cb.Checks = append(cb.Checks, stateCheck(cb.State, req.State, fail))
	cb.Checks = append(cb.Checks, issCheck(cb.Iss, issuer, issRequired, fail))
	if cb.Error != nil {
		fail(cb.Error)
	} else if cb.Code == "" {
		fail(errors.New("the redirect carries neither code nor error (RFC 6749 §4.1.2)"))
	}
	return cb, first
}

func stateCheck(got, want string, fail func(error)) CheckRow {
	c := CheckRow{Name: "state", Refs: "RFC 6749 §10.12", Status: CheckPass, Detail: "matches the one sent"}
	if got != want {
		c.Status, c.Detail = CheckFail, fmt.Sprintf("got %s, sent %s", QuoteText(abbrev(got)), QuoteText(abbrev(want)))
		fail(ErrStateMismatch)
	}
	return c
}

func issCheck(got, want string, required bool, fail func(error)) CheckRow {
	c := CheckRow{Name: "iss", Refs: "RFC 9207 §2.4", Status: CheckPass, Detail: "matches the issuer"}
	switch {
	case got == "" && required:
		c.Status, c.Detail = CheckFail, "missing, though the metadata says the server sends it"
		fail(ErrIssMismatch)
	case got == "":
		c.Status, c.Detail = CheckSkip, "not sent (the server does not support RFC 9207)"
	case want != "" && strings.TrimSuffix(got, "/") != strings.TrimSuffix(want, "/"):
		c.Status, c.Detail = CheckFail, fmt.Sprintf("got %s, want %s", QuoteText(got), QuoteText(want))
		fail(ErrIssMismatch)
	}
	return c
}

// abbrev shortens a random value for display.
func abbrev(s string) string {
	if len(s) > 12 {
		return s[:8] + "…"
	}
	return s
}
