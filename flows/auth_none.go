package flows

import (
	"net/http"
	"net/url"
)

// noneAuth is the "none" method of a public client (RFC 7591 §2): the
// client identifies itself with client_id in the form body (RFC 6749 §3.2.1)
// and sends no secret.
type noneAuth struct{ id string }

// Method implements ClientAuthenticator.
func (a noneAuth) Method() AuthMethod { return AuthNone }

// Apply implements ClientAuthenticator: it adds client_id to the form.
func (a noneAuth) Apply(_ http.Header, form url.Values) { form.Set("client_id", a.id) }

// Secrets implements ClientAuthenticator: a public client has none.
func (a noneAuth) Secrets() []Secret { return nil }
