package profiles

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/oauthlens/oauthlens/flows"
)

// FieldError is a problem with one field of a profile. Field is the YAML
// key path, such as "scopes" or "client_creation.url".
type FieldError struct {
	Field string
	Msg   string
}

// Error implements error.
func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// ValidName reports why name cannot be a profile name, or nil. A name is a
// file name: not empty, at most 100 bytes, no leading dot, no path
// separators, colons or control characters.
func ValidName(name string) error {
	switch {
	case name == "":
		return errors.New("profile name is empty")
	case len(name) > 100:
		return fmt.Errorf("profile name %q is longer than 100 bytes", name[:100])
	case strings.HasPrefix(name, "."):
		return fmt.Errorf("profile name %q starts with a dot", name)
	case strings.ContainsAny(name, `/\:`):
		return fmt.Errorf("profile name %q contains a path separator or a colon", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("profile name %q contains a control character", name)
	}
	return nil
}

// reservedParams are token request parameters that oauthlens sets itself.
var reservedParams = []string{"grant_type", "client_id", "client_secret", "scope", "audience", "resource"}

// Validate checks p and returns every problem found, joined; each is a
// *FieldError except a bad name. Empty optional fields are fine; a profile
// needs a name and an issuer or a token URL.
func (p Profile) Validate() error {
	var errs []error
	if err := ValidName(p.Name); err != nil {
		errs = append(errs, &FieldError{"name", err.Error()})
	}
	add := func(field, msg string) { errs = append(errs, &FieldError{field, msg}) }
	if p.Issuer == "" && p.TokenURL == "" {
		add("issuer", "set an issuer or a token_url")
	}
	checkURL(add, "issuer", p.Issuer)
	checkURL(add, "token_url", p.TokenURL)
	checkURL(add, "api_base_url", p.APIBaseURL)
	checkOneOf(add, "discovery", p.Discovery, flows.StyleAuto, flows.StyleOIDC, flows.StyleRFC8414)
	checkOneOf(add, "auth_method", p.AuthMethod, flows.AuthMethods()...)
	if p.BasicEncoding != "" {
		checkOneOf(add, "basic_encoding", p.BasicEncoding, flows.BasicForm, flows.BasicRaw)
	}
	checkRef(add, "client_secret", p.ClientSecret)
	p.validateKeysAndGrant(add) // grant.go
	p.validateToken(add)
	p.validateAPI(add)
	if c := p.ClientCreation; c != nil {
		c.validate(add)
	}
	return errors.Join(errs...)
}

// validateToken checks the token request fields.
func (p Profile) validateToken(add func(field, msg string)) {
	for _, s := range p.Scopes {
		if s == "" || strings.ContainsFunc(s, unicode.IsSpace) || strings.ContainsAny(s, `"\`) {
			add(
				"scopes",
				fmt.Sprintf("scope %q is not a scope token (RFC 6749 §3.3): list each scope as its own item", s),
			)
		}
	}
	for _, r := range p.Resource {
		u, err := url.Parse(r)
		if err != nil || !u.IsAbs() || u.Fragment != "" {
			add("resource", fmt.Sprintf("%q is not an absolute URI without a fragment (RFC 8707 §2)", r))
		}
	}
	for k := range p.Params {
		for _, r := range reservedParams {
			if strings.EqualFold(k, r) {
				add("params."+k, "is set by oauthlens from the profile's own fields")
			}
		}
	}
}

// validateAPI checks the API call fields.
func (p Profile) validateAPI(add func(field, msg string)) {
	checkHeaders(add, "api_headers", p.APIHeaders)
	if m := p.TestRequest.Method; m != "" && !isToken(m) {
		add("test_request.method", fmt.Sprintf("%q is not an HTTP method", m))
	}
	if path := p.TestRequest.Path; path != "" && !strings.HasPrefix(path, "/") {
		checkURL(add, "test_request.path", path)
	}
	for _, st := range p.ReacquireOn {
		if st < 100 || st > 599 {
			add("reacquire_on", fmt.Sprintf("%d is not an HTTP status", st))
		}
	}
}

// checkURL adds a problem unless raw is empty or an absolute http(s) URL.
func checkURL(add func(field, msg string), field, raw string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		add(field, fmt.Sprintf("%q is not a URL", raw))
	case u.Scheme != "http" && u.Scheme != "https":
		add(field, fmt.Sprintf("%q is not an http:// or https:// URL", raw))
	case u.Host == "":
		add(field, fmt.Sprintf("%q has no host", raw))
	}
}

// checkOneOf adds a problem unless v is empty or one of allowed.
func checkOneOf[S ~string](add func(field, msg string), field string, v S, allowed ...S) {
	if v == "" {
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	add(field, fmt.Sprintf("%q is not one of %s", v, strings.Join(names, ", ")))
}

// checkRef adds a problem when ref names a kind of reference but nothing
// to look up ("env:" alone). It never quotes a literal.
func checkRef(add func(field, msg string), field, ref string) {
	kind, val := ParseRef(ref)
	if kind != KindLiteral && kind != KindStdin && kind != "" && strings.TrimSpace(val) == "" {
		add(field, fmt.Sprintf("%s: reference has nothing after the colon", kind))
	}
}

// checkHeaders adds a problem for each invalid header name and checks
// reference values.
func checkHeaders(add func(field, msg string), field string, h map[string]string) {
	for name, v := range h {
		if !isToken(name) {
			add(field, fmt.Sprintf("%q is not a valid header name", name))
		}
		checkRef(add, field+"."+name, v)
	}
}

// isToken reports whether s is an RFC 9110 token (header name, method).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII ||
			!(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}
