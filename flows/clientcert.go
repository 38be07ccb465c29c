package flows

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"

	"github.com/golang-jwt/jwt/v5"
)

// ParseClientCertificate pairs a PEM certificate (chain) with its PEM
// private key for mutual TLS (RFC 8705). Errors never quote the key.
func ParseClientCertificate(certPEM, keyPEM []byte) (*tls.Certificate, error) {
	c, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, errors.New("the certificate and key do not make a pair (PEM certificate first, then " +
			"its private key): " + certError(err))
	}
	if c.Leaf == nil {
		if c.Leaf, err = x509.ParseCertificate(c.Certificate[0]); err != nil {
			return nil, fmt.Errorf("the certificate does not parse")
		}
	}
	return &c, nil
}

// certError is the part of a crypto/tls error that names no key bytes.
func certError(err error) string {
	switch msg := err.Error(); {
	case len(msg) > 200:
		return msg[:200]
	default:
		return msg
	}
}

// CertThumbprint is the x5t#S256 of a certificate: base64url SHA-256 of
// its DER (RFC 8705 §3.1).
func CertThumbprint(c *tls.Certificate) string {
	if c == nil || len(c.Certificate) == 0 {
		return ""
	}
	sum := sha256.Sum256(c.Certificate[0])
	return big2b64(sum[:])
}

// WithClientCertificate returns a copy of hc that presents cert whenever a
// server asks for a client certificate, whatever CAs it names (a
// self-signed certificate matches none). hc's transport must be an
// *http.Transport (or nil, the default one).
func WithClientCertificate(hc *http.Client, cert *tls.Certificate) *http.Client {
	if cert == nil {
		return hc
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	out := *hc
	var tr *http.Transport
	switch t := hc.Transport.(type) {
	case nil:
		tr = http.DefaultTransport.(*http.Transport).Clone()
	case *http.Transport:
		tr = t.Clone()
	default:
		return hc // a test's round tripper: nothing to attach to
	}
	if tr.TLSClientConfig == nil {
		tr.TLSClientConfig = &tls.Config{}
	}
	tr.TLSClientConfig.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		return cert, nil
	}
	out.Transport = tr
	return &out
}

// CertBinding reads a JWT access token's cnf.x5t#S256 (RFC 8705 §3.1).
// bound is false when the token is opaque or has none; match says whether
// it names cert.
func CertBinding(accessToken string, cert *tls.Certificate) (thumb string, bound, match bool) {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(accessToken, claims); err != nil {
		return "", false, false
	}
	cnf, _ := claims["cnf"].(map[string]any)
	thumb, _ = cnf["x5t#S256"].(string)
	return thumb, thumb != "", thumb != "" && thumb == CertThumbprint(cert)
}

// MTLSAlias is the mtls_endpoint_aliases entry for name (RFC 8705 §5), or
// "" when the metadata has none.
func (m Metadata) MTLSAlias(name string) string {
	aliases, _ := m.Raw["mtls_endpoint_aliases"].(map[string]any)
	s, _ := aliases[name].(string)
	return s
}
