package demo

import (
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// accessClaims are the claims of an access token (RFC 9068 §2.2).
type accessClaims struct {
	jwt.RegisteredClaims
	Scope    string            `json:"scope"`
	ClientID string            `json:"client_id"`
	Note     string            `json:"note,omitempty"` // FaultCRLFFields only
	Cnf      map[string]string `json:"cnf,omitempty"`  // RFC 8705 §3.1, RFC 9449 §6.1
	Act      map[string]any    `json:"act,omitempty"`  // RFC 8693 §4.1
}

// accessTokenType is the JWT typ of an access token (RFC 9068 §2.1).
const accessTokenType = "at+jwt"

// mint issues a signed RS256 access token for req.
func (s *Server) mint(issuer string, req tokenRequest) (string, error) {
	now := s.clock()
	claims := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   req.subject(),
			Audience:  req.audience,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.lifetime)),
			ID:        newJTI(),
		},
		Scope:    strings.Join(req.scopes, " "),
		ClientID: req.client.ID,
		Cnf:      req.cnf,
		Act:      req.act,
	}
	s.faultClaims(&claims.RegisteredClaims)
	key := s.signingKeyFor()
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, &claims)
	t.Header["kid"] = key.kid
	t.Header["typ"] = accessTokenType
	s.faultTokenExtras(t, &claims)
	return t.SignedString(key.priv)
}

// newJTI returns a random token id.
func newJTI() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return b64(b)
}

// verify checks an access token's signature (RS256 with this server's key
// only), type, times, issuer and revocation. It does not check the audience.
// The error text is meant for error_description.
func (s *Server) verify(raw, issuer string) (*accessClaims, error) {
	claims := &accessClaims{}
	tok, err := jwt.ParseWithClaims(raw, claims, s.keyFunc,
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithoutClaimsValidation())
	if err != nil {
		return nil, fmt.Errorf("the access token is invalid: %w", err)
	}
	if typ, _ := tok.Header["typ"].(string); !isAccessTokenType(typ) {
		return nil, fmt.Errorf("the token's typ is '%s', not '%s': it is not an access token (RFC 9068)",
			typ, accessTokenType)
	}
	if err := s.checkTimes(claims); err != nil {
		return nil, err
	}
	if claims.Issuer != issuer {
		return nil, fmt.Errorf("the access token was issued by '%s', not by this server ('%s')",
			claims.Issuer, issuer)
	}
	if s.revoked.has(claims.ID) {
		return nil, errors.New("the access token has been revoked")
	}
	return claims, nil
}

// keyFunc returns the verification key for a token whose kid names ours.
func (s *Server) keyFunc(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	key := s.signer()
	if kid != key.kid {
		return nil, fmt.Errorf("kid '%s' is not a key of this server (see /jwks)", kid)
	}
	return &key.priv.PublicKey, nil
}

// isAccessTokenType accepts "at+jwt" and its full media type form.
func isAccessTokenType(typ string) bool {
	return strings.EqualFold(typ, accessTokenType) || strings.EqualFold(typ, "application/"+accessTokenType)
}

// checkTimes checks exp and nbf against the server's clock, with no leeway.
func (s *Server) checkTimes(c *accessClaims) error {
	now := s.clock()
	if c.ExpiresAt == nil {
		return errors.New("the access token has no exp claim")
	}
	if !now.Before(c.ExpiresAt.Time) {
		return fmt.Errorf("the access token expired at %s", formatTime(c.ExpiresAt.Time))
	}
	if c.NotBefore != nil && now.Before(c.NotBefore.Time) {
		return fmt.Errorf("the access token is not valid before %s", formatTime(c.NotBefore.Time))
	}
	return nil
}

// hasAudience reports whether the token is meant for aud.
func (c *accessClaims) hasAudience(aud string) bool {
	return slices.Contains(c.Audience, aud)
}

// hasScope reports whether the token's space-separated scope includes sc.
func (c *accessClaims) hasScope(sc string) bool {
	return slices.Contains(strings.Fields(c.Scope), sc)
}

// formatTime formats t as RFC 3339 in UTC.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
