package flows

import (
	"crypto/tls"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// AuthMethod names a token endpoint client authentication method, as in
// RFC 7591 §2 (token_endpoint_auth_method) and RFC 8414 §2
// (token_endpoint_auth_methods_supported).
type AuthMethod string

// Client authentication methods. Each is one file implementing
// ClientAuthenticator (with its constant) plus one line in authenticators:
// auth_privatekeyjwt.go, auth_clientsecretjwt.go, auth_tls.go hold the rest.
const (
	// AuthBasic is HTTP Basic with the form-urlencoded id and secret
	// (RFC 6749 §2.3.1). It is the default.
	AuthBasic AuthMethod = "client_secret_basic"
	// AuthPost is client_id and client_secret in the form body
	// (RFC 6749 §2.3.1).
	AuthPost AuthMethod = "client_secret_post"
	// AuthNone is a public client: client_id in the form body, no secret
	// (RFC 7591 §2, RFC 6749 §2.1).
	AuthNone AuthMethod = "none"
)

// ClientAuthenticator applies one client authentication method to a form
// POST to the token, introspection or revocation endpoint.
type ClientAuthenticator interface {
	// Method is the method's registered name.
	Method() AuthMethod
	// Apply adds the client's credentials to the request's header and form.
	Apply(h http.Header, form url.Values)
	// Secrets lists every value Apply may put on the wire that must be
	// masked when the exchange is rendered.
	Secrets() []Secret
}

// authChecker is implemented by the methods that need more than an id and
// a secret (a key, a certificate): Check says what is missing before any
// request is made.
type authChecker interface{ Check() error }

// authenticators builds the authenticator of each known method.
var authenticators = map[AuthMethod]func(c ClientAuth) ClientAuthenticator{
	AuthBasic: func(c ClientAuth) ClientAuthenticator {
		return basicAuth{id: c.ID, secret: c.Secret, raw: c.BasicEncoding == BasicRaw}
	},
	AuthPost:            func(c ClientAuth) ClientAuthenticator { return postAuth{id: c.ID, secret: c.Secret} },
	AuthNone:            func(c ClientAuth) ClientAuthenticator { return noneAuth{id: c.ID} },
	AuthPrivateKeyJWT:   newPrivateKeyJWT,
	AuthClientSecretJWT: newClientSecretJWT,
	AuthTLS:             newTLSAuth,
	AuthSelfSignedTLS:   newTLSAuth,
}

// authShortNames are the short forms NormalizeAuth accepts.
var authShortNames = map[string]AuthMethod{"basic": AuthBasic, "post": AuthPost, "tls": AuthTLS,
	"self_signed_tls": AuthSelfSignedTLS}

// AuthShortNames lists the short forms, sorted, for help and completion.
func AuthShortNames() []string {
	out := make([]string, 0, len(authShortNames))
	for n := range authShortNames {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// AuthMethods lists the known methods, sorted.
func AuthMethods() []AuthMethod {
	out := make([]AuthMethod, 0, len(authenticators))
	for m := range authenticators {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// AuthMethodsText lists the short forms and the methods without one, for
// messages: "basic, post, client_secret_jwt, none, …".
func AuthMethodsText() string {
	short := map[AuthMethod]bool{}
	names := AuthShortNames()
	for _, n := range names {
		short[authShortNames[n]] = true
	}
	for _, m := range AuthMethods() {
		if !short[m] {
			names = append(names, string(m))
		}
	}
	return strings.Join(names, ", ")
}

// NormalizeAuth maps the short forms "basic" and "post" (and "", the
// default) to the registered method names and reports whether the name is
// known. It takes a string or an AuthMethod.
func NormalizeAuth[S ~string](s S) (AuthMethod, bool) {
	name := strings.ToLower(strings.TrimSpace(string(s)))
	if name == "" {
		return AuthBasic, true
	}
	if m, ok := authShortNames[name]; ok {
		return m, true
	}
	if _, ok := authenticators[AuthMethod(name)]; ok {
		return AuthMethod(name), true
	}
	return AuthMethod(s), false
}

// NewClientAuthenticator returns the authenticator for method (normalised
// first), and false when the method is unknown.
func NewClientAuthenticator(method AuthMethod, id, secret string) (ClientAuthenticator, bool) {
	m, ok := NormalizeAuth(method)
	if !ok {
		return nil, false
	}
	return authenticators[m](ClientAuth{ID: id, Secret: secret, Method: m}), true
}

// ClientAuth is a client's credentials and how it authenticates to the
// server's endpoints (token, introspection, revocation).
type ClientAuth struct {
	ID, Secret string
	Method     AuthMethod // AuthBasic when empty
	// BasicEncoding is how client_secret_basic encodes id and secret
	// (BasicForm when empty).
	BasicEncoding BasicEncoding
	// Key signs private_key_jwt assertions; it is never sent or shown.
	Key *SigningKey
	// AssertionAudience is the aud of a JWT client assertion; empty means
	// the URL of the endpoint the request goes to (RFC 7523 §3).
	AssertionAudience string
	// Cert is the mutual-TLS client certificate (RFC 8705).
	Cert *tls.Certificate
	// endpoint is where the request being authenticated goes.
	endpoint string
}

// Authenticator returns c's authenticator; an unknown method falls back to
// AuthBasic (TokenRequest validation rejects unknown methods first).
func (c ClientAuth) Authenticator() ClientAuthenticator {
	if m, ok := NormalizeAuth(c.Method); ok {
		c.Method = m
		return authenticators[m](c)
	}
	return basicAuth{id: c.ID, secret: c.Secret}
}

// Check reports what c's method needs and lacks (a key, a certificate) as
// a *ConfigError; nil for the methods that need only an id and a secret.
func (c ClientAuth) Check() error {
	if ch, ok := c.Authenticator().(authChecker); ok {
		return ch.Check()
	}
	return nil
}

// formRequest builds a form POST authenticated as the client.
func (c ClientAuth) formRequest(label, endpoint string, form url.Values) Request {
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("Accept", "application/json")
	c.endpoint = endpoint
	a := c.Authenticator()
	a.Apply(h, form)
	return Request{Label: label, Method: http.MethodPost, URL: endpoint, Header: h,
		Body: []byte(encodeForm(form)), Secrets: a.Secrets()}
}
