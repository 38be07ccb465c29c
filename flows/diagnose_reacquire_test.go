package flows

import (
	"net/http"
	"slices"
	"testing"
)

// TestDiagnose_NotReacquired: a 401 for a token from a grant with a person
// that came without a refresh token says no new token was fetched and to
// run the grant again; not for client credentials, not with a refresh
// token, not for insufficient_scope (step-up says it), not after a retry.
func TestDiagnose_NotReacquired(t *testing.T) {
	h := http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}
	refused := &OAuthError{Step: "API call", StatusCode: 401, Code: "invalid_token", Header: h}
	scope := &OAuthError{Step: "API call", StatusCode: 403, Code: "insufficient_scope",
		Header: http.Header{"Www-Authenticate": {`Bearer error="insufficient_scope", scope="b"`}}}
	retry := []Exchange{{Label: "call"}, {Label: "token"}, {Label: "call (retry)"}}
	cases := []struct {
		name  string
		err   *OAuthError
		grant Grant
		tok   Token
		exs   []Exchange
		want  bool
	}{
		{"device, no refresh token", refused, DeviceCode{Code: "d"}, Token{}, nil, true},
		{"authorization code, no refresh token", refused, AuthorizationCode{Code: "c"}, Token{}, nil, true},
		{"with a refresh token", refused, AuthorizationCode{Code: "c"}, Token{RefreshToken: "r"}, nil, false},
		{"client credentials", refused, nil, Token{}, nil, false},
		{"insufficient_scope", scope, AuthorizationCode{Code: "c"}, Token{}, nil, false},
		{"after a retry", refused, AuthorizationCode{Code: "c"}, Token{}, retry, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := c.tok
			ctx := Context{Step: StepCall, Request: &TokenRequest{Grant: c.grant}, Token: &tok, Exchanges: c.exs}
			ds := Diagnose(c.err, ctx)
			got := slices.ContainsFunc(ds, func(d Diagnosis) bool { return d.Code == CodeCallNotReacquired })
			if got != c.want {
				t.Errorf("call.not_reacquired offered: %v, want %v (%v)", got, c.want, ds)
			}
		})
	}
}
