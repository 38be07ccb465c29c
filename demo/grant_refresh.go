package demo

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// grantRefreshToken is the grant_type of RFC 6749 §6.
const grantRefreshToken = "refresh_token"

// refreshRecord is one issued refresh token: what it may get again.
type refreshRecord struct {
	req  tokenRequest // client, the original grant's scopes, audience, user
	used bool         // rotated: a second use is a reuse
}

// refreshes holds the issued refresh tokens and the revoked families
// (RFC 9700 §4.14.2: on reuse, the whole family is revoked).
type refreshes struct {
	mu      sync.Mutex
	tokens  map[string]*refreshRecord
	revoked map[string]bool // families
}

func newRefreshes() *refreshes {
	return &refreshes{tokens: map[string]*refreshRecord{}, revoked: map[string]bool{}}
}

// issue records a new refresh token for req (a grant with a user).
func (rs *refreshes) issue(req tokenRequest) string {
	tok := randomCode(32)
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.tokens[tok] = &refreshRecord{req: req}
	return tok
}

// refreshTokenGrant handles grant_type=refresh_token (RFC 6749 §6) with
// rotation: each refresh token works once and its answer carries a new
// one; a rotated token used again revokes every token of its family.
// A scope, when asked, must be within the original grant's (narrowing).
func (s *Server) refreshTokenGrant(_ *http.Request, c Client, form url.Values) (tokenRequest, *oauthError) {
	tok, e := param(form, "refresh_token")
	if e != nil {
		return tokenRequest{}, e
	}
	scope, e := param(form, "scope")
	if e != nil {
		return tokenRequest{}, e
	}
	rs := s.refreshes
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rec, ok := rs.tokens[tok]
	switch {
	case tok == "":
		return tokenRequest{}, badRequest(errInvalidRequest, "refresh_token is missing")
	case !ok || rec.req.client.ID != c.ID:
		return tokenRequest{}, badRequest(
			errInvalidGrant,
			"the refresh token is unknown to this server or not this client's",
		)
	case rs.revoked[rec.req.user.family]:
		return tokenRequest{}, badRequest(errInvalidGrant,
			"the refresh token was revoked (its family was revoked after a reuse)")
	case rec.used || s.has(FaultRefreshTokenReused):
		rs.revoked[rec.req.user.family] = true
		return tokenRequest{}, badRequest(errInvalidGrant, "the refresh token was already used (rotated); "+
			"as a precaution every token of this grant is now revoked (RFC 9700 section 4.14.2)")
	}
	req := rec.req
	if asked := strings.Fields(scope); len(asked) > 0 {
		for _, sc := range asked {
			if !slices.Contains(rec.req.scopes, sc) {
				return tokenRequest{}, badRequest(errInvalidScope, "scope '%s' was not granted originally "+
					"(granted: %s); a refresh may only narrow the scope (RFC 6749 section 6)",
					sc, strings.Join(rec.req.scopes, " "))
			}
		}
		req.scopes = asked
		req.narrowedFrom = rec.req.scopes
	}
	rec.used = true
	return req, nil
}
