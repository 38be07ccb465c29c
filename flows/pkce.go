package flows

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// PKCE is a proof key for code exchange (RFC 7636): the verifier stays
// with the client until the token request; the challenge goes in the
// authorization request.
type PKCE struct {
	Verifier  string
	Challenge string
	Method    string // always "S256" (RFC 7636 §4.2; plain is not offered)
}

// NewPKCE returns a fresh S256 pair: a 43-character verifier from 32
// random bytes (RFC 7636 §4.1) and its challenge (§4.2).
func NewPKCE() PKCE {
	v := RandomString(32)
	return PKCE{Verifier: v, Challenge: ChallengeS256(v), Method: "S256"}
}

// ChallengeS256 is BASE64URL(SHA256(verifier)) (RFC 7636 §4.2).
func ChallengeS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// RandomString returns n random bytes, base64url without padding: for
// state, nonce and verifiers.
func RandomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}
