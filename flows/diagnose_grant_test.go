package flows

import (
	"strings"
	"testing"
)

// grantError is a 400 invalid_grant with the description desc, as the
// demo server words it.
func grantError(desc string) string {
	return `{"error":"invalid_grant","error_description":"` + desc + `"}`
}

// TestDiagnose_InvalidGrantByGrant explains invalid_grant by the grant that
// was sent (RFC 6749 §5.2), never as a client-credentials problem for a
// user's grant, and with the cause the description names first.
func TestDiagnose_InvalidGrantByGrant(t *testing.T) {
	code := AuthorizationCode{Code: "c0de-abcdefgh", RedirectURI: "http://127.0.0.1:8080/cb", Verifier: "v"}
	cases := []struct {
		name       string
		grant      Grant
		desc       string
		w          want
		firstCause string
	}{
		{"refresh reused", RefreshToken{Token: "rt-abcdefgh"}, "the refresh token was already used (rotated); " +
			"as a precaution every token of this grant is now revoked (RFC 9700 section 4.14.2)",
			want{code: "token.invalid_grant.refresh_token", fix: "get a new authorization",
				evidence: "already used (rotated)"}, "rotated"},
		{"refresh revoked", RefreshToken{Token: "rt-abcdefgh"}, "the refresh token was revoked",
			want{code: "token.invalid_grant.refresh_token", evidence: "grant_type=refresh_token"}, "revoked"},
		{"refresh expired", RefreshToken{Token: "rt-abcdefgh"}, "Token has expired",
			want{code: "token.invalid_grant.refresh_token", fix: "get a new authorization"}, "expired"},
		{"refresh family revoked", RefreshToken{Token: "rt-abcdefgh"},
			"the refresh token was revoked (its family was revoked after a reuse)",
			want{code: "token.invalid_grant.refresh_token"}, "revoked"},
		{"refresh reuse detected", RefreshToken{Token: "rt-abcdefgh"}, "refresh token reuse detected",
			want{code: "token.invalid_grant.refresh_token"}, "rotated"},
		{"refresh unknown", RefreshToken{Token: "rt-abcdefgh"},
			"the refresh token is unknown to this server or not this client's",
			want{code: "token.invalid_grant.refresh_token"}, "another client"},
		{"code unknown", code, "the code is unknown to this server or not this client's",
			want{code: "token.invalid_grant.authorization_code", fix: "start again"}, "another client"},
		{"code used", code, "the code was already used (RFC 6749 section 4.1.2)",
			want{code: "token.invalid_grant.authorization_code", fix: "start again"}, "already used"},
		{"code expired", code, "the code expired (codes live 1m0s)",
			want{code: "token.invalid_grant.authorization_code", fix: "start again"}, "expired"},
		{"redirect differs", code, "redirect_uri 'http://x/cb' is not the one of the authorization request",
			want{code: "token.invalid_grant.authorization_code", fix: "same redirect_uri"}, "redirect_uri"},
		{"pkce", code, "code_verifier does not match the code_challenge (RFC 7636 section 4.6)",
			want{code: "token.invalid_grant.authorization_code", fix: "code_verifier"}, "RFC 7636 §4.6"},
		{"device used", DeviceCode{Code: "dev-abcdefgh"}, "the device_code was already used for a token",
			want{code: "token.invalid_grant.device_code", fix: "new device authorization"}, "already used"},
		{"token exchange", TokenExchange{SubjectToken: "st-abcdefgh", SubjectTokenType: "access_token"},
			"the subject_token is not valid: token is expired",
			want{code: "token.invalid_grant.subject_token", fix: "fresh subject token"}, "expired"},
		{"client credentials", nil, "client disabled",
			want{code: "token.invalid_grant", cause: "disabled", fix: "client is active"}, "disabled"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := tokenFailure(t, answer(400, jsonCT, grantError(tc.desc)), TokenRequest{Grant: tc.grant}, nil)
			tc.w.check(t, ds)
			d := ds[0]
			if d.Code != Code(tc.w.code) {
				t.Fatalf("first diagnosis: got %q, want %q", d.Code, tc.w.code)
			}
			if !strings.Contains(d.Causes[0], tc.firstCause) {
				t.Errorf("first cause: got %q, want it to mention %q", d.Causes[0], tc.firstCause)
			}
			if tc.grant != nil && strings.Contains(d.Summary+strings.Join(d.Causes, " "), "client credentials") {
				t.Errorf("a %s grant explained as client credentials: %q", tc.grant.Type(), d.Summary)
			}
			for _, f := range d.Fixes {
				if f.Kind == FixAuth || f.Kind == FixBasicEnc {
					t.Errorf("invalid_grant offers to change the client authentication: %+v", f)
				}
			}
		})
	}
}

// TestDiagnose_InvalidGrantNoRequest explains a pasted invalid_grant with
// no request: the grant is unknown, the common cases are listed.
func TestDiagnose_InvalidGrantNoRequest(t *testing.T) {
	body := grantError("Token has expired")
	ex := Exchange{Label: "token (pasted)", Status: 400, StatusText: "400", ResponseBody: []byte(body),
		ResponseHeader: map[string][]string{"Content-Type": {jsonCT}}}
	ds := Diagnose(ReplayError(ex), Context{Step: StepToken, Exchanges: []Exchange{ex}})
	want{code: "token.invalid_grant.grant_unknown", cause: "refresh token", evidence: "Token has expired"}.check(t, ds)
	d := ds[0]
	if !strings.Contains(d.Summary, "not known") || strings.Contains(d.Summary, "client credentials") {
		t.Errorf("summary: got %q, want the grant said to be unknown", d.Summary)
	}
	all := strings.Join(d.Causes, "\n")
	for _, c := range []string{"authorization code", "device_code", "client credentials"} {
		if !strings.Contains(all, c) {
			t.Errorf("causes %q do not list %q", d.Causes, c)
		}
	}
}

// TestDiagnose_InvalidGrantRecordedGrant reads the grant from a recorded
// request's form when the request has no Grant (RecordedTokenRequest).
func TestDiagnose_InvalidGrantRecordedGrant(t *testing.T) {
	ex := Exchange{Label: "token", Method: "POST", URL: "https://as.example/token", Status: 400,
		RequestBody:    []byte("grant_type=refresh_token&refresh_token=xxxxxxxx&client_id=c"),
		ResponseBody:   []byte(grantError("refresh token revoked")),
		ResponseHeader: map[string][]string{"Content-Type": {jsonCT}}}
	ds := Diagnose(ReplayError(ex), Context{Step: StepToken, Request: RecordedTokenRequest(ex),
		Exchanges: []Exchange{ex}})
	want{code: "token.invalid_grant.refresh_token", cause: "revoked"}.check(t, ds)
}

// TestDiagnose_StaleClientAnyGrant keeps the stale-client recovery for an
// invalid_grant that says the client is unknown, whatever the grant.
func TestDiagnose_StaleClientAnyGrant(t *testing.T) {
	ds := tokenFailure(t, answer(400, jsonCT, grantError("unknown client 'c-123'")),
		TokenRequest{Grant: RefreshToken{Token: "rt-abcdefgh"}}, nil)
	if len(ds) < 2 || ds[0].Code != CodeTokenStaleClient || ds[1].Code != "token.invalid_grant.refresh_token" {
		t.Errorf("got %v, want the stale client first, then the refresh token", codes(ds))
	}
}

// TestDiagnose_DeviceErrors: the device grant's expired_token and
// access_denied (RFC 8628 §3.5) are the grant's own answers, not a
// non-standard code read as invalid_request or a refused client.
func TestDiagnose_DeviceErrors(t *testing.T) {
	for code, w := range map[string]want{
		"expired_token": {code: "token.device.expired_token", fix: "new device authorization", evidence: "expired"},
		"access_denied": {code: "token.device.access_denied", cause: "deny", fix: "new device authorization"},
	} {
		body := `{"error":"` + code + `","error_description":"the device_code has expired"}`
		ds := tokenFailure(t, answer(400, jsonCT, body), TokenRequest{Grant: DeviceCode{Code: "dev-abcdefgh"}}, nil)
		w.check(t, ds)
		for _, d := range ds {
			if d.Code == CodeTokenNonstandardError || d.Code == CodeTokenInvalidClient ||
				hasFix(d, func(f Fix) bool { return f.Kind == FixAuth }) {
				t.Errorf("%s: got %s, %+v", code, d.Code, d.Fixes)
			}
		}
	}
}
