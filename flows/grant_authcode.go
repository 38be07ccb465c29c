package flows

import "net/url"

// GrantAuthorizationCode is the grant_type of the authorization code
// grant's token request (RFC 6749 §4.1.3).
const GrantAuthorizationCode GrantType = "authorization_code"

// AuthorizationCode is the authorization code grant's token request
// (RFC 6749 §4.1.3): the code from the redirect, the same redirect_uri as
// in the authorization request, and the PKCE verifier (RFC 7636 §4.5).
type AuthorizationCode struct {
	Code        string
	RedirectURI string
	Verifier    string // code_verifier; "" when PKCE was not used
}

// Type implements Grant.
func (AuthorizationCode) Type() GrantType { return GrantAuthorizationCode }

// Params implements Grant: code, redirect_uri and code_verifier.
func (g AuthorizationCode) Params(form url.Values) {
	form.Set("code", g.Code)
	if g.RedirectURI != "" {
		form.Set("redirect_uri", g.RedirectURI)
	}
	if g.Verifier != "" {
		form.Set("code_verifier", g.Verifier)
	}
}

// Secrets implements Grant: the code and the verifier.
func (g AuthorizationCode) Secrets() []Secret {
	return []Secret{{Name: "CODE", Value: g.Code}, {Name: "CODE_VERIFIER", Value: g.Verifier}}
}

// Validate implements Grant.
func (g AuthorizationCode) Validate() error {
	if g.Code == "" {
		return &ConfigError{Msg: "no authorization code: the redirect carried none"}
	}
	return nil
}
