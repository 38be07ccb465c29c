package demo

import (
	"crypto/sha256"
	"crypto/x509"
	"net/http"
	"slices"
)

// Mutual-TLS client authentication methods (RFC 8705 §2).
const (
	AuthTLS           = "tls_client_auth"
	AuthSelfSignedTLS = "self_signed_tls_client_auth"
)

// allowsTLS reports whether the client may authenticate with its TLS
// certificate.
func (c Client) allowsTLS() bool {
	return slices.Contains(c.AuthMethods, AuthTLS) || slices.Contains(c.AuthMethods, AuthSelfSignedTLS)
}

// certThumbprint is a certificate's x5t#S256 (RFC 8705 §3.1).
func certThumbprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return b64(sum[:])
}

// peerCert is the client certificate of the connection, or nil.
func peerCert(r *http.Request) *x509.Certificate {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return nil
	}
	return r.TLS.PeerCertificates[0]
}

// tlsClient authenticates client c by its certificate: for
// self_signed_tls_client_auth the certificate's thumbprint must be one the
// client registered (CertThumbprints); for tls_client_auth it must chain to
// Config.ClientCAs and carry the registered subject DN (RFC 8705 §2.1.2).
func (s *Server) tlsClient(r *http.Request, c Client) (Client, *oauthError) {
	cert := peerCert(r)
	switch {
	case cert == nil:
		return Client{}, invalidClient("client '%s' uses %s but no client certificate came with the TLS handshake "+
			"(RFC 8705 section 2): send one, to this server's mTLS endpoint", c.ID, c.authMethods()[0])
	case slices.Contains(c.AuthMethods, AuthSelfSignedTLS) && slices.Contains(c.CertThumbprints, certThumbprint(cert)):
		return c, nil
	case slices.Contains(c.AuthMethods, AuthTLS) && c.TLSSubjectDN != "" && cert.Subject.String() == c.TLSSubjectDN &&
		s.trusted(cert, r.TLS.PeerCertificates[1:]):
		return c, nil
	}
	return Client{}, invalidClient("the client certificate (subject '%s', x5t#S256 %s) is not the one registered "+
		"for client '%s', or is not trusted", cert.Subject.String(), certThumbprint(cert), c.ID)
}

// trusted verifies a PKI client certificate against the server's CAs.
func (s *Server) trusted(cert *x509.Certificate, chain []*x509.Certificate) bool {
	if s.clientCAs == nil {
		return false
	}
	inter := x509.NewCertPool()
	for _, c := range chain {
		inter.AddCert(c)
	}
	_, err := cert.Verify(x509.VerifyOptions{Roots: s.clientCAs, Intermediates: inter,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	return err == nil
}

// certCnf is the cnf claim binding a token to the connection's
// certificate (RFC 8705 §3.1), or nil without one.
func certCnf(r *http.Request) map[string]string {
	if c := peerCert(r); c != nil {
		return map[string]string{"x5t#S256": certThumbprint(c)}
	}
	return nil
}

// checkCertBinding refuses a certificate-bound token presented over a
// connection without that certificate (RFC 8705 §3).
func checkCertBinding(r *http.Request, cnf map[string]string) *bearerError {
	want := cnf["x5t#S256"]
	if want == "" {
		return nil
	}
	if c := peerCert(r); c == nil || certThumbprint(c) != want {
		return &bearerError{status: http.StatusUnauthorized, code: errInvalidToken,
			desc: "the access token is bound to a client certificate (cnf x5t#S256 " + want +
				") that this request did not present (RFC 8705 section 3)"}
	}
	return nil
}
