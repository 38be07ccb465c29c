package flows

import "net/url"

// GrantRefreshToken is the grant_type of the refresh token grant
// (RFC 6749 §6).
const GrantRefreshToken GrantType = "refresh_token"

// RefreshToken is the refresh token grant (RFC 6749 §6): a new access
// token for a refresh token. TokenRequest.Scopes, when set, narrow the
// scope (§6: no scope beyond the original grant's).
type RefreshToken struct {
	Token string
}

// Type implements Grant.
func (RefreshToken) Type() GrantType { return GrantRefreshToken }

// Params implements Grant: refresh_token (RFC 6749 §6).
func (g RefreshToken) Params(form url.Values) { form.Set("refresh_token", g.Token) }

// Secrets implements Grant.
func (g RefreshToken) Secrets() []Secret { return []Secret{{Name: "REFRESH_TOKEN", Value: g.Token}} }

// Validate implements Grant.
func (g RefreshToken) Validate() error {
	if g.Token == "" {
		return &ConfigError{Msg: "no refresh token: give --refresh-token REF (env:NAME, file:PATH, …)"}
	}
	return nil
}

// Rotation compares the refresh token sent with the one a refresh answer
// carries (RFC 9700 §4.14.2: rotation makes a stolen refresh token
// detectable).
type Rotation struct {
	Old, New string
}

// Rotated reports whether the server issued a new refresh token.
func (r Rotation) Rotated() bool { return r.New != "" && r.New != r.Old }

// Describe says in one line what the server did with the refresh token.
func (r Rotation) Describe() string {
	switch {
	case r.Rotated():
		return "rotated: the server issued a new refresh token; the old one must not be used again"
	case r.New == "":
		return "not rotated: no new refresh token came back; keep using the old one"
	}
	return "not rotated: the same refresh token came back"
}
