package flows

import (
	"encoding/base64"
	"net/http"
	"net/url"
)

// basicAuth is client_secret_basic (RFC 6749 §2.3.1): HTTP Basic (RFC 7617)
// with the form-urlencoded client id and secret.
type basicAuth struct{ id, secret string }

// Method implements ClientAuthenticator.
func (a basicAuth) Method() AuthMethod { return AuthBasic }

// Apply implements ClientAuthenticator: it sets the Authorization header.
func (a basicAuth) Apply(h http.Header, _ url.Values) {
	h.Set("Authorization", "Basic "+BasicCredentials(a.id, a.secret))
}

// Secrets implements ClientAuthenticator.
// The Basic credential is listed in both encodings (RFC 6749's
// form-encoded one that is sent, and the raw "id:secret" many servers
// expect), so that a server that echoes it in either is masked.
func (a basicAuth) Secrets() []Secret {
	raw := base64.StdEncoding.EncodeToString([]byte(a.id + ":" + a.secret))
	return []Secret{{Name: "CLIENT_SECRET", Value: a.secret},
		{Name: "BASIC_CREDENTIALS", Value: BasicCredentials(a.id, a.secret)},
		{Name: "BASIC_CREDENTIALS", Value: raw}}
}

// BasicCredentials encodes id and secret for client_secret_basic: each is
// form-urlencoded before the pair is base64-encoded (RFC 6749 §2.3.1), so
// secrets with ':', '+', '/', '%' or spaces survive.
func BasicCredentials(id, secret string) string {
	return base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret)))
}
