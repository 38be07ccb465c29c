package demo

import (
	"net/http"
	"sync"
	"time"
)

// revocations remembers revoked token ids until the tokens expire.
type revocations struct {
	mu   sync.Mutex
	jtis map[string]time.Time // jti → the token's expiry
}

// newRevocations returns an empty revocation list.
func newRevocations() *revocations {
	return &revocations{jtis: map[string]time.Time{}}
}

// add records jti as revoked and forgets tokens that expired before now.
func (v *revocations) add(jti string, exp, now time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for id, e := range v.jtis {
		if e.Before(now) {
			delete(v.jtis, id)
		}
	}
	v.jtis[jti] = exp
}

// has reports whether jti was revoked.
func (v *revocations) has(jti string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, ok := v.jtis[jti]
	return ok
}

// handleRevoke is the revocation endpoint (RFC 7009). It answers 200 with
// an empty body for any token it cannot use (malformed, expired, unknown,
// already revoked: §2.2) and ignores token_type_hint, since there are only
// access tokens. A valid token issued to another client is refused (§2.1).
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !allowMethod(w, r, http.MethodPost) {
		return
	}
	client, token, e := s.tokenParamRequest(w, r)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	claims, err := s.verify(token, issuerOf(r))
	if err != nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	if claims.ClientID != client.ID {
		writeOAuthError(w, badRequest(errUnauthorizedClient,
			"the token was issued to client '%s'; only that client may revoke it", claims.ClientID))
		return
	}
	s.revoked.add(claims.ID, claims.ExpiresAt.Time, s.now())
	w.WriteHeader(http.StatusOK)
}
