package flows

import "testing"

// TestInspectToken_RefreshTokenOnlyNotedForClientCredentials: a refresh
// token is expected from the grants with a user; only a client credentials
// answer that carries one is noted (RFC 6749 §4.4.3).
func TestInspectToken_RefreshTokenOnlyNotedForClientCredentials(t *testing.T) {
	tok := Token{AccessToken: "at-0123456789", TokenType: "Bearer", RefreshToken: "rt-0123456789"}
	for _, tc := range []struct {
		grant Grant
		want  bool
	}{{nil, true}, {ClientCredentials{}, true}, {DeviceCode{Code: "d"}, false},
		{AuthorizationCode{Code: "c"}, false}, {RefreshToken{Token: "r"}, false}} {
		got := false
		for _, d := range InspectToken(tok, Context{Request: &TokenRequest{Grant: tc.grant}}) {
			got = got || d.Code == CodeTokenRefreshToken
		}
		if got != tc.want {
			t.Errorf("grant %T: refresh_token noted %v, want %v", tc.grant, got, tc.want)
		}
	}
}
