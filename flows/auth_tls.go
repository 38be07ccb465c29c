package flows

import (
	"crypto/tls"
	"net/http"
	"net/url"
)

// Mutual-TLS client authentication (RFC 8705 §2): the client proves itself
// with its TLS client certificate; the form carries only client_id.
const (
	// AuthTLS is tls_client_auth: a certificate from a CA the server
	// trusts, matched by subject (RFC 8705 §2.1).
	AuthTLS AuthMethod = "tls_client_auth"
	// AuthSelfSignedTLS is self_signed_tls_client_auth: a self-signed
	// certificate registered with the client (RFC 8705 §2.2).
	AuthSelfSignedTLS AuthMethod = "self_signed_tls_client_auth"
)

// tlsAuth is a mutual-TLS method. The certificate itself goes on the
// http.Client (WithClientCertificate); RequestToken does that when
// TokenRequest.Cert is set.
type tlsAuth struct {
	id     string
	method AuthMethod
	cert   *tls.Certificate
}

func newTLSAuth(c ClientAuth) ClientAuthenticator {
	return tlsAuth{id: c.ID, method: c.Method, cert: c.Cert}
}

// Method implements ClientAuthenticator.
func (a tlsAuth) Method() AuthMethod { return a.method }

// Apply implements ClientAuthenticator: client_id in the form (RFC 8705 §2).
func (a tlsAuth) Apply(_ http.Header, form url.Values) { form.Set("client_id", a.id) }

// Secrets implements ClientAuthenticator: nothing secret goes in the form.
func (a tlsAuth) Secrets() []Secret { return nil }

// Check implements authChecker.
func (a tlsAuth) Check() error {
	if a.cert == nil {
		return &ConfigError{Msg: string(a.method) + " needs the client certificate and its key: " +
			"give --cert REF (PEM certificate) and --key REF (its PEM private key)"}
	}
	return nil
}
