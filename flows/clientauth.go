package flows

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// AuthMethod names a token endpoint client authentication method, as in
// RFC 7591 §2 (token_endpoint_auth_method) and RFC 8414 §2
// (token_endpoint_auth_methods_supported).
type AuthMethod string

// Client authentication methods. Room is left for client_secret_jwt and
// private_key_jwt (RFC 7523 §2.2) and tls_client_auth (RFC 8705 §2): each is
// one file implementing ClientAuthenticator plus one line in authenticators.
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

// authenticators builds the authenticator of each known method.
var authenticators = map[AuthMethod]func(id, secret string) ClientAuthenticator{
	AuthBasic: func(id, secret string) ClientAuthenticator { return basicAuth{id: id, secret: secret} },
	AuthPost:  func(id, secret string) ClientAuthenticator { return postAuth{id: id, secret: secret} },
	AuthNone:  func(id, _ string) ClientAuthenticator { return noneAuth{id: id} },
}

// authShortNames are the short forms NormalizeAuth accepts.
var authShortNames = map[string]AuthMethod{"basic": AuthBasic, "post": AuthPost}

// AuthMethods lists the known methods, sorted.
func AuthMethods() []AuthMethod {
	out := make([]AuthMethod, 0, len(authenticators))
	for m := range authenticators {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
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
	return authenticators[m](id, secret), true
}

// ClientAuth is a client's credentials and how it authenticates to the
// server's endpoints (token, introspection, revocation).
type ClientAuth struct {
	ID, Secret string
	Method     AuthMethod // AuthBasic when empty
	// BasicEncoding is how client_secret_basic encodes id and secret
	// (BasicForm when empty).
	BasicEncoding BasicEncoding
}

// Authenticator returns c's authenticator; an unknown method falls back to
// AuthBasic (TokenRequest validation rejects unknown methods first).
func (c ClientAuth) Authenticator() ClientAuthenticator {
	if m, _ := NormalizeAuth(c.Method); m == AuthBasic && c.BasicEncoding == BasicRaw {
		return basicAuth{id: c.ID, secret: c.Secret, raw: true}
	}
	if a, ok := NewClientAuthenticator(c.Method, c.ID, c.Secret); ok {
		return a
	}
	return basicAuth{id: c.ID, secret: c.Secret}
}

// formRequest builds a form POST authenticated as the client.
func (c ClientAuth) formRequest(label, endpoint string, form url.Values) Request {
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("Accept", "application/json")
	a := c.Authenticator()
	a.Apply(h, form)
	return Request{Label: label, Method: http.MethodPost, URL: endpoint, Header: h,
		Body: []byte(encodeForm(form)), Secrets: a.Secrets()}
}
