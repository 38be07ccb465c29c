package flows

import "net/url"

// GrantJWTBearer is the JWT-bearer authorization grant (RFC 7523 §2.1).
const GrantJWTBearer GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// JWTBearer is the JWT-bearer grant: a JWT assertion stands for the
// authorization. It is either given (Assertion, e.g. from a file or another
// issuer) or signed per request with Key (iss = the client id, sub =
// Subject or the client id, aud = the token endpoint or Audience).
type JWTBearer struct {
	Assertion string
	Key       *SigningKey
	Subject   string
	Audience  string
}

// Type implements Grant.
func (JWTBearer) Type() GrantType { return GrantJWTBearer }

// Params implements Grant: assertion (RFC 7523 §2.1).
func (g JWTBearer) Params(form url.Values) { form.Set("assertion", g.Assertion) }

// Secrets implements Grant: the assertion is a credential.
func (g JWTBearer) Secrets() []Secret {
	if g.Assertion == "" {
		return nil
	}
	return []Secret{{Name: "ASSERTION", Value: g.Assertion}}
}

// Validate implements Grant.
func (g JWTBearer) Validate() error {
	if g.Assertion == "" && g.Key == nil {
		return &ConfigError{Msg: "the JWT-bearer grant needs an assertion: --assertion REF, or --key REF to sign one"}
	}
	return nil
}

// prepare implements grantPreparer: it signs a fresh assertion for
// tokenURL when the grant has a key and no assertion.
func (g JWTBearer) prepare(r TokenRequest) Grant {
	if g.Assertion != "" || g.Key == nil {
		return g
	}
	aud := g.Audience
	if aud == "" {
		aud = r.TokenURL
	}
	sub := g.Subject
	if sub == "" {
		sub = r.ClientID
	}
	g.Assertion, _ = SignAssertion(g.Key, AssertionClaims{Issuer: r.ClientID, Subject: sub, Audience: aud})
	return g
}
