package flows

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// SigningAlgs are the JWS algorithms oauthlens signs client assertions,
// JWT-bearer assertions and DPoP proofs with (RFC 7518 §3, RFC 8037 §3.1).
var SigningAlgs = []string{"RS256", "PS256", "ES256", "ES384", "EdDSA"}

// SigningKey is a private key for signing JWTs, with the algorithm its type
// implies and its key id. Its String and GoString never show the key, so
// that printing one by mistake leaks nothing.
type SigningKey struct {
	signer crypto.Signer
	// Alg is the JWS algorithm: RS256 (or PS256) for RSA, ES256/ES384 by
	// the curve, EdDSA for Ed25519.
	Alg string
	// KID is the RFC 7638 thumbprint of the public key.
	KID string
}

// String implements fmt.Stringer without the key material.
func (k *SigningKey) String() string {
	if k == nil {
		return "<no key>"
	}
	return fmt.Sprintf("%s key %s", k.Alg, k.KID)
}

// GoString implements fmt.GoStringer without the key material.
func (k *SigningKey) GoString() string { return k.String() }

// Public returns the public key.
func (k *SigningKey) Public() crypto.PublicKey { return k.signer.Public() }

// ParseSigningKeyPEM reads a PEM private key (PKCS#8 "PRIVATE KEY", PKCS#1
// "RSA PRIVATE KEY" or SEC 1 "EC PRIVATE KEY"). alg picks PS256 over RS256
// for an RSA key; "" takes the key type's default. Errors never quote the
// key.
func ParseSigningKeyPEM(data []byte, alg string) (*SigningKey, error) {
	var block *pem.Block
	rest := data
	for {
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errors.New("no PEM private key found (want PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)")
		}
		if strings.HasSuffix(block.Type, "PRIVATE KEY") {
			break
		}
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("PEM block %q is not supported (encrypted keys must be decrypted first)", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("the %s PEM block does not parse", block.Type)
	}
	return NewSigningKey(key, alg)
}

// NewSigningKey wraps an RSA, ECDSA (P-256, P-384) or Ed25519 private key.
func NewSigningKey(key any, alg string) (*SigningKey, error) {
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T cannot sign", key)
	}
	want, err := algFor(key, alg)
	if err != nil {
		return nil, err
	}
	k := &SigningKey{signer: signer, Alg: want}
	k.KID, err = Thumbprint(signer.Public())
	return k, err
}

// algFor checks alg against the key's type, or picks the type's default.
func algFor(key any, alg string) (string, error) {
	var allowed []string
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return "", fmt.Errorf("the RSA key has %d bits; RFC 7518 §3.3 needs at least 2048", k.N.BitLen())
		}
		allowed = []string{"RS256", "PS256"}
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			allowed = []string{"ES256"}
		case elliptic.P384():
			allowed = []string{"ES384"}
		default:
			return "", fmt.Errorf("the EC curve %s is not supported (use P-256 or P-384)", k.Curve.Params().Name)
		}
	case ed25519.PrivateKey:
		allowed = []string{"EdDSA"}
	default:
		return "", fmt.Errorf("a %T key is not supported (use RSA, EC P-256/P-384 or Ed25519)", key)
	}
	if alg == "" {
		return allowed[0], nil
	}
	for _, a := range allowed {
		if strings.EqualFold(a, alg) {
			return a, nil
		}
	}
	return "", fmt.Errorf("--alg %s does not fit this key (it can sign with %s)", alg, strings.Join(allowed, ", "))
}

// GenerateSigningKey makes a new key pair for alg and returns it with its
// private key as PKCS#8 PEM, for storing by reference.
func GenerateSigningKey(alg string) (*SigningKey, []byte, error) {
	var key any
	var err error
	switch strings.ToUpper(alg) {
	case "RS256", "PS256":
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	case "ES256", "":
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "ES384":
		key, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "EDDSA":
		_, key, err = ed25519.GenerateKey(rand.Reader)
	default:
		return nil, nil, fmt.Errorf("algorithm %q is not supported (use %s)", alg, strings.Join(SigningAlgs, ", "))
	}
	if err != nil {
		return nil, nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	k, err := NewSigningKey(key, alg)
	if err != nil {
		return nil, nil, err
	}
	return k, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// method is the jwt-go signing method of k's algorithm.
func (k *SigningKey) method() jwt.SigningMethod { return jwt.GetSigningMethod(k.Alg) }

// signingKey is the key in the form jwt-go's method wants.
func (k *SigningKey) signingKey() any { return k.signer }

// Sign signs claims with k. header members are added to alg and typ
// ("JWT" unless header says otherwise); kid is set unless header has one
// or sets it to "".
func (k *SigningKey) Sign(header map[string]any, claims jwt.Claims) (string, error) {
	if k == nil || k.signer == nil {
		return "", errors.New("no signing key")
	}
	t := jwt.NewWithClaims(k.method(), claims)
	t.Header["kid"] = k.KID
	for name, v := range header {
		t.Header[name] = v
	}
	if t.Header["kid"] == "" {
		delete(t.Header, "kid")
	}
	return t.SignedString(k.signingKey())
}

// PublicJWK is k's public key as a JWK (RFC 7517) with use, alg and kid,
// built with jwkset. It never holds private members.
func (k *SigningKey) PublicJWK() (map[string]any, error) {
	j, err := jwkset.NewJWKFromKey(k.signer.Public(), jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{
		ALG: jwkset.ALG(k.Alg), KID: k.KID, USE: jwkset.UseSig}})
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(j.Marshal())
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}

// PublicJWKS is k's public key as a JWK Set (RFC 7517 §5), ready to
// register (RFC 7591 §2 jwks).
func (k *SigningKey) PublicJWKS() (map[string]any, error) {
	j, err := k.PublicJWK()
	if err != nil {
		return nil, err
	}
	return map[string]any{"keys": []any{j}}, nil
}

// Thumbprint is the RFC 7638 JWK thumbprint of a public key: SHA-256 over
// the required members in lexicographic order, base64url-encoded.
func Thumbprint(pub crypto.PublicKey) (string, error) {
	var canon string
	switch p := pub.(type) {
	case *rsa.PublicKey:
		e := big2b64(uintBytes(uint64(p.E)))
		canon = `{"e":"` + e + `","kty":"RSA","n":"` + big2b64(p.N.Bytes()) + `"}`
	case *ecdsa.PublicKey:
		size := (p.Curve.Params().BitSize + 7) / 8
		x, y := make([]byte, size), make([]byte, size)
		p.X.FillBytes(x)
		p.Y.FillBytes(y)
		canon = `{"crv":"` + p.Curve.Params().Name + `","kty":"EC","x":"` + big2b64(x) + `","y":"` + big2b64(y) + `"}`
	case ed25519.PublicKey:
		canon = `{"crv":"Ed25519","kty":"OKP","x":"` + big2b64(p) + `"}`
	default:
		return "", fmt.Errorf("no thumbprint for a %T", pub)
	}
	sum := sha256.Sum256([]byte(canon))
	return big2b64(sum[:]), nil
}

// uintBytes is n big-endian without leading zeros.
func uintBytes(n uint64) []byte {
	var out []byte
	for ; n > 0; n >>= 8 {
		out = append([]byte{byte(n)}, out...)
	}
	return out
}

// big2b64 is unpadded base64url, as JOSE uses.
func big2b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// PrivateKeySecrets lists the forms a PEM private key may take in text
// (the PEM itself and its base64 body), for a Redactor: the key must never
// appear anywhere, even when a command's output echoes the file.
func PrivateKeySecrets(pemText string) []Secret {
	out := []Secret{{Name: "PRIVATE_KEY", Value: strings.TrimSpace(pemText)}}
	for _, line := range strings.Split(pemText, "\n") {
		if l := strings.TrimSpace(line); len(l) >= MinMaskLen && !strings.HasPrefix(l, "-----") {
			out = append(out, Secret{Name: "PRIVATE_KEY", Value: l})
		}
	}
	return out
}
