package demo

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"net/http"
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
	k := &signingKey{priv: priv}
	k.kid = thumbprint(k.public())
	return k
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
	writeJSON(w, http.StatusOK, map[string][]jwk{"keys": {s.key.public()}})
}
