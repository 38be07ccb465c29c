package flows

import (
	"net/url"
	"slices"
	"strings"
)

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

// grantPreparer is implemented by grants that sign per request (a
// JWT-bearer assertion): prepare returns the grant to send with r.
type grantPreparer interface{ prepare(r TokenRequest) Grant }

// grantNames are the short grant names of --grant and profiles.
var grantNames = map[string]GrantType{
	"client_credentials": GrantClientCredentials,
	"token_exchange":     GrantTokenExchange,
	"jwt_bearer":         GrantJWTBearer,
	"device":             GrantDeviceCode,
	"refresh_token":      GrantRefreshToken,
	"authorization_code": GrantAuthorizationCode,
}

// GrantNames lists the short grant names, sorted.
func GrantNames() []string {
	out := make([]string, 0, len(grantNames))
	for n := range grantNames {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// NormalizeGrant maps a short name or a grant_type URI to the grant type,
// and reports whether it is known; "" is client credentials.
func NormalizeGrant(s string) (GrantType, bool) {
	if s == "" {
		return GrantClientCredentials, true
	}
	if g, ok := grantNames[strings.ToLower(strings.TrimSpace(s))]; ok {
		return g, true
	}
	for _, g := range grantNames {
		if string(g) == s {
			return g, true
		}
	}
	return GrantType(s), false
}

// grantOrDefault returns g, or client credentials when g is nil.
func grantOrDefault(g Grant) Grant {
	if g == nil {
		return ClientCredentials{}
	}
	return g
}
