package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// selfSignedFiles writes a self-signed client certificate and its key as
// PEM files and returns their paths and the certificate's x5t#S256.
func selfSignedFiles(t *testing.T) (certPath, keyPath, thumb string) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "svc"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	dir := t.TempDir()
	certPath, keyPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	return certPath, keyPath, flows.CertThumbprint(&tls.Certificate{Certificate: [][]byte{der}})
}

// TestToken_SelfSignedTLSClientAuth gets a certificate-bound token over
// mutual TLS from the demo served with httptest's TLS (the demo's own
// listener is plain HTTP) and says the binding matches.
func TestToken_SelfSignedTLSClientAuth(t *testing.T) {
	certPath, keyPath, thumb := selfSignedFiles(t)
	client := demo.Client{ID: "svc", Scopes: demo.DefaultScopes, AuthMethods: []string{demo.AuthSelfSignedTLS},
		CertThumbprints: []string{thumb}}
	ts := httptest.NewUnstartedServer(demo.New(demo.Config{Clients: []demo.Client{client}}).Handler())
	ts.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	ts.StartTLS()
	defer ts.Close()
	args := []string{"token", "--insecure", "--issuer", ts.URL, "--client-id", "svc", "--auth", "self_signed_tls",
		"--cert", "file:" + certPath, "--key", "file:" + keyPath}
	r := runCLI(t, nil, "", args...)
	wantCode(t, r, 0)
	if !strings.Contains(r.stderr, "bound to the client certificate (cnf x5t#S256 "+thumb) {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	key, _ := os.ReadFile(keyPath)
	for _, f := range keyForms(string(key)) {
		if strings.Contains(r.stdout+r.stderr, f) {
			t.Errorf("the key shows")
		}
	}
	r = runCLI(t, nil, "", args[:len(args)-4]...)
	if r.code != 2 || !strings.Contains(r.stderr, "--cert") {
		t.Errorf("without --cert: exit %d\n%s", r.code, r.stderr)
	}
}
