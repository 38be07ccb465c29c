package demo_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// newCert makes a client certificate for cn, signed by parent (self-signed
// when parent is nil), as PEM certificate and PEM key.
func newCert(t *testing.T, cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, isCA bool) (
	*x509.Certificate, *ecdsa.PrivateKey, []byte, []byte) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: isCA,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	return cert, key, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})
}

// mtlsServer serves the demo over TLS asking for (not requiring) client
// certificates, as RFC 8705 servers do on their mTLS endpoints.
func mtlsServer(t *testing.T, cfg demo.Config) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(demo.New(cfg).Handler())
	ts.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts
}

func TestToken_MutualTLS(t *testing.T) {
	ca, caKey, _, _ := newCert(t, "demo CA", nil, nil, true)
	_, _, pkiCert, pkiKey := newCert(t, "svc.example", ca, caKey, false)
	self, _, selfCert, selfKey := newCert(t, "self", nil, nil, false)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	selfThumb := flows.CertThumbprint(&tls.Certificate{Certificate: [][]byte{self.Raw}})
	ts := mtlsServer(t, demo.Config{ClientCAs: pool, Clients: []demo.Client{
		{ID: "pki", Scopes: demo.DefaultScopes, AuthMethods: []string{demo.AuthTLS}, TLSSubjectDN: "CN=svc.example"},
		{ID: "self", Scopes: demo.DefaultScopes, AuthMethods: []string{demo.AuthSelfSignedTLS},
			CertThumbprints: []string{selfThumb}},
	}})
	for _, tt := range []struct {
		id        string
		method    flows.AuthMethod
		cert, key []byte
	}{{"pki", flows.AuthTLS, pkiCert, pkiKey}, {"self", flows.AuthSelfSignedTLS, selfCert, selfKey}} {
		t.Run(tt.id, func(t *testing.T) {
			cert, err := flows.ParseClientCertificate(tt.cert, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			tok, ex, err := flows.RequestToken(context.Background(), ts.Client(), flows.TokenRequest{
				TokenURL: ts.URL + "/token", ClientID: tt.id, AuthMethod: tt.method, Cert: cert})
			if err != nil {
				t.Fatalf("%v: %s", err, ex.ResponseBody)
			}
			if thumb, bound, match := flows.CertBinding(tok.AccessToken, cert); !bound || !match {
				t.Errorf("cnf.x5t#S256 %q: bound %v, match %v", thumb, bound, match)
			}
			call := func(hc *http.Client) int {
				req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/me", nil)
				req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
				resp, err := hc.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			if got := call(flows.WithClientCertificate(ts.Client(), cert)); got != 200 {
				t.Errorf("API with the certificate: got %d, want 200", got)
			}
			if got := call(ts.Client()); got != 401 {
				t.Errorf("API without the certificate: got %d, want 401 (the token is bound)", got)
			}
		})
	}
}

func TestToken_MutualTLSRefused(t *testing.T) {
	_, _, otherCert, otherKey := newCert(t, "other", nil, nil, false)
	ts := mtlsServer(t, demo.Config{Clients: []demo.Client{
		{ID: "self", Scopes: demo.DefaultScopes, AuthMethods: []string{demo.AuthSelfSignedTLS},
			CertThumbprints: []string{"not-this-one"}}}})
	other, _ := flows.ParseClientCertificate(otherCert, otherKey)
	for name, cert := range map[string]*tls.Certificate{"no certificate": nil, "another certificate": other} {
		req := flows.TokenRequest{TokenURL: ts.URL + "/token", ClientID: "self", AuthMethod: flows.AuthSelfSignedTLS,
			Cert: cert}
		hc := ts.Client()
		if cert == nil { // flows refuses to send without one; send the form by hand
			req.AuthMethod = flows.AuthNone
		}
		_, ex, err := flows.RequestToken(context.Background(), hc, req)
		if err == nil || ex.Status != 401 || !strings.Contains(string(ex.ResponseBody), "certificate") {
			t.Errorf("%s: got %v %d %s", name, err, ex.Status, ex.ResponseBody)
		}
	}
}
