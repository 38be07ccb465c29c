package flows

import (
	"net/http"
	"net/url"
)

// postAuth is client_secret_post (RFC 6749 §2.3.1): client_id and
// client_secret in the form body.
type postAuth struct{ id, secret string }

// Method implements ClientAuthenticator.
func (a postAuth) Method() AuthMethod { return AuthPost }

// Apply implements ClientAuthenticator: it adds client_id and client_secret
// to the form.
func (a postAuth) Apply(_ http.Header, form url.Values) {
	form.Set("client_id", a.id)
	form.Set("client_secret", a.secret)
}

// Secrets implements ClientAuthenticator.
func (a postAuth) Secrets() []Secret { return []Secret{{Name: "CLIENT_SECRET", Value: a.secret}} }
