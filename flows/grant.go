package flows

import "net/url"

// GrantType is the value of the grant_type parameter (RFC 6749 §4, and the
// extension grants of §4.5 such as RFC 8693 and RFC 7523).
type GrantType string

// Grant types. Only client credentials is implemented; each new grant is
// one file implementing Grant.
const (
	// GrantClientCredentials is RFC 6749 §4.4.
	GrantClientCredentials GrantType = "client_credentials"
)

// Grant is one way of asking the token endpoint for a token: its
// grant_type and its own parameters. The parameters every grant shares
// (scope, audience, resource, extra) and the client's authentication are
// TokenRequest's.
type Grant interface {
	// Type is the grant_type value.
	Type() GrantType
	// Params adds the grant's own parameters (code, code_verifier,
	// refresh_token, assertion, …) to the form.
	Params(form url.Values)
	// Secrets lists the grant's values that must be masked when the
	// exchange is rendered (codes, refresh tokens, assertions).
	Secrets() []Secret
	// Validate reports a missing or malformed parameter as a *ConfigError
	// before any request is made.
	Validate() error
}

// grantOrDefault returns g, or client credentials when g is nil.
func grantOrDefault(g Grant) Grant {
	if g == nil {
		return ClientCredentials{}
	}
	return g
}
