package demo

import (
	"crypto/rand"
	"slices"
	"strings"
	"time"
)

// The demo user who logs in on the login and device verification pages.
const (
	// UserName is the demo user's login name and the sub of its tokens.
	UserName = "alice"
	// UserPassword is the demo user's password.
	UserPassword = "demo-password"
)

// oidcScopes are the OpenID Connect and offline scopes every client may
// ask for in a grant with a user (OIDC Core §5.4, §11).
var oidcScopes = []string{"openid", "profile", "email", "offline_access"}

// userGrant is what a grant with a user adds to a token request: who the
// user is and what the authorization said.
type userGrant struct {
	subject  string
	nonce    string    // the authorization request's nonce (OIDC Core §3.1.2.1)
	authTime time.Time // when the user logged in
	family   string    // the refresh token family (RFC 9700 §4.14.2)
	code     string    // the authorization code exchanged, for c_hash (OIDC Core §3.3.2.11); "" otherwise
}

// subject is the sub of the token: the one a grant set (token exchange,
// JWT bearer), else the user's, else the client's.
func (req tokenRequest) subject() string {
	if req.sub != "" {
		return req.sub
	}
	if req.user != nil && req.user.subject != "" {
		return req.user.subject
	}
	return req.client.ID
}

// userScopes checks the scopes asked for in a grant with a user: the
// client's own and the OIDC ones; none asked means the client's own.
func userScopes(c Client, scope string) ([]string, *oauthError) {
	allowed := append(slices.Clone(c.Scopes), oidcScopes...)
	asked := strings.Fields(scope)
	if len(asked) == 0 {
		return slices.Clone(c.Scopes), nil
	}
	var out []string
	for _, sc := range asked {
		if !slices.Contains(allowed, sc) {
			return nil, badRequest(errInvalidScope, "scope '%s' is not allowed for client '%s' (allowed: %s)",
				sc, c.ID, strings.Join(allowed, " "))
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// randomCode returns n random bytes, base64url.
func randomCode(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return b64(b)
}

// userCodeAlphabet is RFC 8628 §6.1's base-20 alphabet: consonants only,
// no vowels (no words), no digits.
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

// newUserCode returns a user code like "WDJB-MJHT" (RFC 8628 §6.1).
func newUserCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i == 4 {
			sb.WriteByte('-')
		}
		sb.WriteByte(userCodeAlphabet[int(c)%len(userCodeAlphabet)])
	}
	return sb.String()
}

// normalizeUserCode upper-cases a typed user code and drops what is not in
// the alphabet (dashes, spaces), as RFC 8628 §6.1 advises.
func normalizeUserCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(userCodeAlphabet, r) {
			sb.WriteRune(r)
		}
	}
	n := sb.String()
	if len(n) == 8 {
		return n[:4] + "-" + n[4:]
	}
	return n
}
