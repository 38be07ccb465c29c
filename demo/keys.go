package demo

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
)

// signingKey is the server's RS256 key and its key id.
type signingKey struct {
	priv *rsa.PrivateKey
	kid  string
}

// jwk is an RSA public key in JWK form (RFC 7517, RFC 7518 §6.3).
type jwk struct {
	Kty string `json:"kty"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// newSigningKey generates an RSA-2048 key whose kid is its RFC 7638
// thumbprint. It panics if the system's random source fails.
func newSigningKey() *signingKey {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("demo: generating the RSA key: " + err.Error())
	}
	return keyOf(priv)
}

// pendingKey is a signing key being generated in a goroutine.
type pendingKey struct {
	done chan struct{}
	key  *signingKey
}

// startSigningKey loads the key kept in file, or starts generating one
// (RSA-2048 takes tens to hundreds of milliseconds) and keeps it there;
// it returns at once either way.
func startSigningKey(file string) *pendingKey {
	p := &pendingKey{done: make(chan struct{})}
	if priv, err := loadKey(file); err == nil {
		p.key = keyOf(priv)
		close(p.done)
		return p
	}
	go func() {
		p.key = newSigningKey()
		_ = saveKey(file, p.key.priv) // best effort: the next start generates again
		close(p.done)
	}()
	return p
}

// keyOf is a signing key with its RFC 7638 kid.
func keyOf(priv *rsa.PrivateKey) *signingKey {
	k := &signingKey{priv: priv}
	k.kid = thumbprint(k.public())
	return k
}

// loadKey reads a PKCS #1 RSA key kept by saveKey.
func loadKey(file string) (*rsa.PrivateKey, error) {
	if file == "" {
		return nil, os.ErrNotExist
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "RSA PRIVATE KEY" {
		return nil, errors.New("not a PEM RSA private key")
	}
	priv, err := x509.ParsePKCS1PrivateKey(blk.Bytes)
	if err != nil || priv.N.BitLen() < 2048 {
		return nil, errors.New("not an RSA key of 2048 bits or more")
	}
	return priv, nil
}

// saveKey keeps the key in file, mode 0600 in a 0700 directory, written to
// a temporary file and renamed so that a reader never sees half a key.
func saveKey(file string, priv *rsa.PrivateKey) error {
	if file == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".demo-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	blk := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)}
	if err := errors.Join(tmp.Chmod(0o600), pem.Encode(tmp, blk), tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

// signer is the server's signing key, waiting for it if it is still being
// made.
func (s *Server) signer() *signingKey {
	<-s.keys.done
	return s.keys.key
}

// public returns the public half of the key as a JWK.
func (k *signingKey) public() jwk {
	pub := k.priv.PublicKey
	return jwk{
		Kty: "RSA",
		Use: "sig",
		Alg: "RS256",
		Kid: k.kid,
		N:   b64(pub.N.Bytes()),
		E:   b64(big.NewInt(int64(pub.E)).Bytes()),
	}
}

// thumbprint computes the RFC 7638 JWK thumbprint of an RSA key: SHA-256
// over the required members in lexicographic order, base64url-encoded.
func thumbprint(k jwk) string {
	canon := `{"e":"` + k.E + `","kty":"RSA","n":"` + k.N + `"}`
	sum := sha256.Sum256([]byte(canon))
	return b64(sum[:])
}

// b64 is unpadded base64url, as JOSE uses.
func b64(b []byte) string {
	return base64.RawURLEncoding.EncodeToString(b)
}

// handleJWKS serves the JWK Set with the signing key (RFC 7517 §5).
func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	writeJSON(w, http.StatusOK, map[string][]jwk{"keys": {s.signer().public()}})
}
