package flows

import (
	"net/http"
	"net/url"
)

// AuthPrivateKeyJWT is private_key_jwt (RFC 7523 §2.2, OIDC Core §9): the
// client proves itself with a JWT signed by its private key, whose public
// key the server knows (registered jwks or jwks_uri).
const AuthPrivateKeyJWT AuthMethod = "private_key_jwt"

// jwtAssertionAuth is a client assertion method: private_key_jwt or
// client_secret_jwt. The assertion is signed once, on first use, so that
// Apply and Secrets agree; each request gets a new authenticator, so a new
// jti.
type jwtAssertionAuth struct {
	c      ClientAuth
	method AuthMethod
	sign   func(AssertionClaims) (string, error)
	check  func() error

	assertion string
	err       error
	signed    bool
}

// newPrivateKeyJWT returns the private_key_jwt authenticator of c.
func newPrivateKeyJWT(c ClientAuth) ClientAuthenticator {
	return &jwtAssertionAuth{c: c, method: AuthPrivateKeyJWT,
		sign: func(cl AssertionClaims) (string, error) { return SignAssertion(c.Key, cl) },
		check: func() error {
			if c.Key == nil {
				return &ConfigError{Msg: "private_key_jwt needs the client's private key: give --key REF " +
					"(a PEM file: file:PATH, keyring:NAME, cmd:COMMAND, env:NAME); make one with 'oauthlens keys new'"}
			}
			return nil
		}}
}

// Method implements ClientAuthenticator.
func (a *jwtAssertionAuth) Method() AuthMethod { return a.method }

// Check implements authChecker.
func (a *jwtAssertionAuth) Check() error {
	if a.c.ID == "" {
		return &ConfigError{Msg: "no client id"}
	}
	return a.check()
}

// Audience is the assertion's aud: the configured one, else the endpoint.
func (a *jwtAssertionAuth) Audience() string {
	if a.c.AssertionAudience != "" {
		return a.c.AssertionAudience
	}
	return a.c.endpoint
}

// signOnce signs the assertion the first time it is needed.
func (a *jwtAssertionAuth) signOnce() {
	if a.signed {
		return
	}
	a.signed = true
	if a.err = a.check(); a.err != nil {
		return
	}
	a.assertion, a.err = a.sign(AssertionClaims{Issuer: a.c.ID, Subject: a.c.ID, Audience: a.Audience()})
}

// Apply implements ClientAuthenticator: client_assertion_type and
// client_assertion in the form (RFC 7523 §2.2). client_id is added too
// (RFC 7521 §4.2 allows it; some servers require it). When signing failed,
// nothing is added and the server will say invalid_client; Check reports
// the missing key before that.
func (a *jwtAssertionAuth) Apply(_ http.Header, form url.Values) {
	a.signOnce()
	if a.err != nil {
		return
	}
	form.Set("client_id", a.c.ID)
	form.Set("client_assertion_type", ClientAssertionType)
	form.Set("client_assertion", a.assertion)
}

// Secrets implements ClientAuthenticator: the assertion is a credential
// for its lifetime, masked like a token (its signature included).
func (a *jwtAssertionAuth) Secrets() []Secret {
	a.signOnce()
	out := []Secret{}
	if a.assertion != "" {
		out = append(out, Secret{Name: "CLIENT_ASSERTION", Value: a.assertion})
	}
	if a.c.Secret != "" && a.method == AuthClientSecretJWT {
		out = append(out, Secret{Name: "CLIENT_SECRET", Value: a.c.Secret})
	}
	return out
}
