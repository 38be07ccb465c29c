package flows

import "net/url"

// ClientCredentials is the client credentials grant (RFC 6749 §4.4): the
// client asks for a token for itself with its own credentials. It has no
// parameters of its own (§4.4.2), and a nil TokenRequest.Grant means it.
type ClientCredentials struct{}

// Type implements Grant.
func (ClientCredentials) Type() GrantType { return GrantClientCredentials }

// Params implements Grant: the grant has no parameters of its own.
func (ClientCredentials) Params(url.Values) {}

// Secrets implements Grant: the grant carries no secret of its own.
func (ClientCredentials) Secrets() []Secret { return nil }

// Validate implements Grant.
func (ClientCredentials) Validate() error { return nil }

// clientCredentials reports whether r is (or, nil, defaults to) the client
// credentials grant.
func clientCredentials(r *TokenRequest) bool {
	return r == nil || grantOrDefault(r.Grant).Type() == GrantClientCredentials
}
