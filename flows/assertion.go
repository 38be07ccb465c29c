package flows

import (
	"crypto/rand"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ClientAssertionType is the client_assertion_type of a JWT client
// assertion (RFC 7523 §2.2).
const ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// AssertionLifetime is the lifetime of the assertions oauthlens signs:
// short, as RFC 7523 §3 asks ("the authorization server may reject JWTs
// with an exp claim value that is unreasonably far in the future").
const AssertionLifetime = 60 * time.Second

// AssertionClaims are the claims of a JWT assertion (RFC 7523 §3): iss,
// sub, aud, a fresh jti, iat and exp.
type AssertionClaims struct {
	Issuer, Subject, Audience string
	// Lifetime is exp - iat; AssertionLifetime when zero.
	Lifetime time.Duration
	// Now is the signing time; time.Now when zero.
	Now time.Time
	// Extra are further claims (for example a JWT-bearer grant's scope).
	Extra map[string]any
}

// mapClaims builds the claim set with a new jti.
func (c AssertionClaims) mapClaims() jwt.MapClaims {
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	life := c.Lifetime
	if life <= 0 {
		life = AssertionLifetime
	}
	m := jwt.MapClaims{"iss": c.Issuer, "sub": c.Subject, "aud": c.Audience, "jti": newJTI(),
		"iat": now.Unix(), "exp": now.Add(life).Unix()}
	for k, v := range c.Extra {
		m[k] = v
	}
	return m
}

// SignAssertion signs an assertion with a private key (private_key_jwt,
// RFC 7523 §2.2, and the JWT-bearer grant, §2.1).
func SignAssertion(k *SigningKey, c AssertionClaims) (string, error) {
	return k.Sign(nil, c.mapClaims())
}

// SignSecretAssertion signs an assertion with HS256 and the client secret
// (client_secret_jwt, OIDC Core §9).
func SignSecretAssertion(secret string, c AssertionClaims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c.mapClaims()).SignedString([]byte(secret))
}

// newJTI returns a random JWT id (RFC 7519 §4.1.7).
func newJTI() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return big2b64(b)
}
