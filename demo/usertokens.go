package demo

import (
	"crypto/sha256"
	"net/http"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// idClaims are the claims of an ID token (OIDC Core §2).
type idClaims struct {
	jwt.RegisteredClaims
	AuthorizedParty string `json:"azp,omitempty"`
	Nonce           string `json:"nonce,omitempty"`
	AuthTime        int64  `json:"auth_time,omitempty"`
	AccessTokenHash string `json:"at_hash,omitempty"`
	CodeHash        string `json:"c_hash,omitempty"`
	Name            string `json:"name,omitempty"`
}

// userTokens adds what a grant with a user gets besides the access token:
// a refresh token (rotated: a refresh's answer carries a new one), and an
// ID token when openid was granted (OIDC Core §3.1.3.3).
func (s *Server) userTokens(r *http.Request, req tokenRequest, access string, resp *tokenResponse) error {
	if req.user == nil {
		return nil
	}
	orig := req
	if req.narrowedFrom != nil {
		orig.scopes = req.narrowedFrom // the new refresh token keeps the original grant's scope
	}
	if req.user.code != "" { // a refresh exchanges no code: its ID token has no c_hash
		u := *req.user
		u.code = ""
		orig.user = &u
	}
	resp.RefreshToken = s.refreshes.issue(orig)
	if !slices.Contains(req.scopes, "openid") {
		return nil
	}
	id, err := s.mintIDToken(issuerOf(r), req, access)
	resp.IDToken = id
	return err
}

// mintIDToken signs an ID token for the user of req (OIDC Core §2,
// §3.1.3.6 at_hash, §3.3.2.11 c_hash), with the faults that break its checks.
func (s *Server) mintIDToken(issuer string, req tokenRequest, access string) (string, error) {
	now := s.clock()
	c := idClaims{
		RegisteredClaims: jwt.RegisteredClaims{Issuer: issuer, Subject: req.user.subject,
			Audience: jwt.ClaimStrings{req.client.ID}, IssuedAt: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(5 * time.Minute))},
		AuthorizedParty: req.client.ID, Nonce: req.user.nonce, AuthTime: req.user.authTime.Unix(),
		AccessTokenHash: halfHash(access), Name: "Alice Demo",
	}
	if s.has(FaultWrongNonce) && c.Nonce != "" {
		c.Nonce = "not-the-nonce-you-sent"
	}
	if s.has(FaultBadAtHash) {
		c.AccessTokenHash = halfHash(access + "x")
	}
	if code := req.user.code; code != "" { // the code flow (OIDC Core §3.3.2.11: optional there)
		c.CodeHash = halfHash(code)
		if s.has(FaultBadCHash) {
			c.CodeHash = halfHash(code + "x")
		}
	}
	key := s.signingKeyFor()
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	t.Header["kid"] = key.kid
	return t.SignedString(key.priv)
}

// halfHash is at_hash/c_hash for RS256: the left half of the SHA-256 of
// the value, base64url (OIDC Core §3.1.3.6).
func halfHash(v string) string {
	sum := sha256.Sum256([]byte(v))
	return b64(sum[:len(sum)/2])
}

// addUserTokens copies the refresh and ID tokens into a token answer that
// the faults rewrote as a map.
func addUserTokens(m map[string]any, t tokenResponse) {
	if t.RefreshToken != "" {
		m["refresh_token"] = t.RefreshToken
	}
	if t.IDToken != "" {
		m["id_token"] = t.IDToken
	}
}
