package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCheckup_DiscoveryWarningsAndSkippedCall: doctor keeps discovery's
// warnings (no client_credentials, only none advertised) and marks the
// call skipped after a token failure even without a test call (issue 12,
// item 8).
func TestCheckup_DiscoveryWarningsAndSkippedCall(t *testing.T) {
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/.well-known/") {
			w.Header().Set("Content-Type", jsonCT)
			_, _ = w.Write([]byte(`{"issuer":"` + ts.URL + `","token_endpoint":"` + ts.URL + `/token",` +
				`"grant_types_supported":["authorization_code"],"token_endpoint_auth_methods_supported":["none"]}`))
			return
		}
		answer(401, jsonCT, invalidClientBody)(w, r)
	}))
	defer ts.Close()
	checks := Checkup(context.Background(), ts.Client(), CheckupRequest{Issuer: ts.URL,
		Token: TokenRequest{ClientID: "c", ClientSecret: "s"}})
	if len(checks) != 4 || checks[0].Status != CheckWarn || checks[3].Step != StepCall ||
		checks[3].Status != CheckSkip {
		t.Fatalf("got %+v", checks)
	}
	got := codes(checks[0].Diagnoses)
	if strings.Join(got, " ") != "discovery.no_client_credentials discovery.auth_none_only" {
		t.Errorf("discovery diagnoses %v", got)
	}
}

// TestDiagnose_UserinfoNeedsAUser: a refused call to userinfo says it
// needs a user's token (issue 12, item 8).
func TestDiagnose_UserinfoNeedsAUser(t *testing.T) {
	md := &Metadata{Raw: map[string]any{"userinfo_endpoint": "https://as.example/userinfo"}}
	ds := Diagnose(&OAuthError{Step: "call", StatusCode: 401, URL: "https://as.example/userinfo",
		Header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`), Code: "invalid_token"},
		Context{Step: StepCall, Metadata: md})
	if ds[0].Code != "call.userinfo_needs_user" {
		t.Fatalf("got %v", codes(ds))
	}
}

// TestDiagnose_RedirectNamesTheLocation: a 301 from the token endpoint is
// the fix, not "not the token endpoint" (issue 12, item 4).
func TestDiagnose_RedirectNamesTheLocation(t *testing.T) {
	ds := Diagnose(&OAuthError{Step: "token", StatusCode: 301, URL: "https://as.example/oauth/token",
		Header: hdr("Location", "/oauth/token/")}, Context{Step: StepToken})
	if ds[0].Code != "token.redirect" || ds[0].Fixes[0].Action() != "token_url=https://as.example/oauth/token/" {
		t.Fatalf("got %+v", ds[0])
	}
}

// TestDiagnose_ExpiryInTheBody: a 401 whose challenge has no error code but
// whose body says the token expired is an expiry, not "no token was sent"
// (issue 12, item 5).
func TestDiagnose_ExpiryInTheBody(t *testing.T) {
	ds := Diagnose(&OAuthError{Step: "call", StatusCode: 401, Header: hdr("WWW-Authenticate", `Bearer realm="api"`),
		Body: []byte(`{"message":"Token has expired."}`)}, Context{Step: StepCall})
	if ds[0].Code != CodeCallTokenExpired {
		t.Fatalf("got %v", codes(ds))
	}
}

// TestInspectToken_FewerScopesGranted: a token granted fewer scopes than
// asked gets a note; an answer without scope falls back to the JWT's
// claim, and says nothing without either (issue 12, item 3).
func TestInspectToken_FewerScopesGranted(t *testing.T) {
	c := Context{Request: &TokenRequest{Scopes: []string{"read", "write"}}}
	ds := InspectToken(Token{AccessToken: "opaque", TokenType: "Bearer", Scope: "read"}, c)
	if d, ok := findDiagnosis(ds, "token.scope_reduced"); !ok || !strings.Contains(d.Summary, "write not granted") {
		t.Fatalf("got %v", codes(ds))
	}
	if _, ok := findDiagnosis(InspectToken(Token{AccessToken: "opaque", TokenType: "Bearer"}, c), "token.scope_reduced"); ok {
		t.Error("an answer without scope (as asked, RFC 6749 §5.1) was called reduced")
	}
}

// TestCreationHint_OnlyWhatTheAnswerSupports: a server that asks for
// redirect_uris gets the redirect_uris fix; response_types is suggested
// only when its answer names them (issue 12, item 11).
func TestCreationHint_OnlyWhatTheAnswerSupports(t *testing.T) {
	for _, c := range []struct {
		desc string
		want bool
	}{{"redirect_uris is mandatory property", false},
		{"redirect_uris is required for response_types code", true}} {
		ce := &CreationError{Err: &OAuthError{Code: "invalid_redirect_uri", Description: c.desc, StatusCode: 400}}
		explainMetadata(ce, RegistrationRequest{})
		if got := strings.Contains(ce.Hint, "response_types"); got != c.want ||
			!strings.Contains(ce.Hint, "redirect_uris") {
			t.Errorf("%q: hint %q", c.desc, ce.Hint)
		}
	}
}

// TestDiagnose_APIKeyAndEnvironment: a 403 with an X-Api-Key suspects a
// key of another app first; a staging token at the live API names the
// environment first (issue 12, provider templates).
func TestDiagnose_APIKeyAndEnvironment(t *testing.T) {
	ex := Exchange{Label: "call", RequestHeader: []HeaderField{{Name: "X-Api-Key", Value: "k"}}}
	ds := Diagnose(&OAuthError{Step: "call", StatusCode: 403, URL: "https://api.floriday.io/apps/organizations"},
		Context{Step: StepCall, Exchanges: []Exchange{ex}})
	if ds[0].Code != CodeCallForbidden || !strings.Contains(ds[0].Causes[0], "X-Api-Key belongs to another app") {
		t.Errorf("403 with a key: %+v", ds[0])
	}
	jwt := DecodedJWT{Claims: map[string]any{"iss": "https://idm.staging.floriday.io/oauth2/ausmw6b47z1BnlHkw0h7"}}
	ds = Diagnose(&OAuthError{Step: "call", StatusCode: 401, URL: "https://api.floriday.io/apps/organizations",
		Header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`), Code: "invalid_token"},
		Context{Step: StepCall, JWT: &jwt, Exchanges: []Exchange{ex}})
	if ds[0].Code != "call.wrong_environment" || !strings.Contains(ds[0].Summary, "from staging but the API is live") {
		t.Errorf("staging token at live: %v %q", codes(ds), ds[0].Summary)
	}
}
