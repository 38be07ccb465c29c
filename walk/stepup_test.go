package walk

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// callDemoAPI calls the demo's API with tok and diagnoses a failure.
func callDemoAPI(t *testing.T, ts *httptest.Server, pl Plan, tok flows.Token) []flows.Diagnosis {
	t.Helper()
	_, exs, err := flows.Call(context.Background(), ts.Client(), flows.CallRequest{URL: ts.URL + "/api/me",
		ReacquireOn: []int{}}, tok, nil)
	if err == nil {
		return nil
	}
	return flows.Diagnose(err, flows.Context{Step: flows.StepCall, Request: &pl.Token, Token: &tok, Exchanges: exs})
}

// A 403 insufficient_scope after the authorization code grant offers
// step-up: the named scope added and a new authorization (RFC 6750 §3.1);
// the same challenge again offers nothing.
func TestStepUp_InsufficientScopeAuthorizesAgainOnce(t *testing.T) {
	ts := httptest.NewServer(demo.New(demo.Config{}).Handler())
	defer ts.Close()
	pl := Plan{Issuer: ts.URL, GrantPlan: GrantPlan{Name: "authorization_code"},
		Token: flows.TokenRequest{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret, Scopes: []string{"openid"}}}
	first := runAuthCodePlan(t, ts, &pl, AuthCodeOptions{}, "approve")
	if first.err != nil {
		t.Fatal(first.err)
	}
	ds := callDemoAPI(t, ts, pl, first.res.Token)
	fix, ok := pl.Offer(ds)
	if !ok || fix.Kind != flows.FixStepUp || fix.Value != "api:read" {
		t.Fatalf("offered %+v (%v), want step_up=api:read; diagnoses %v", fix, ok, ds)
	}
	eff, err := pl.ApplyFix(fix, StepCall)
	if err != nil || !eff.Authorize || eff.From != StepToken {
		t.Fatalf("effect %+v, %v", eff, err)
	}
	if !slices.Equal(pl.Token.Scopes, []string{"openid", "api:read"}) {
		t.Fatalf("scopes after step-up: %v", pl.Token.Scopes)
	}
	second := runAuthCodePlan(t, ts, &pl, AuthCodeOptions{}, "approve")
	if second.err != nil {
		t.Fatal(second.err)
	}
	if ds := callDemoAPI(t, ts, pl, second.res.Token); ds != nil {
		t.Fatalf("the call after step-up failed: %v", ds)
	}
	// the same challenge again (the old token) offers nothing: never a loop
	if f, ok := pl.Offer(callDemoAPI(t, ts, pl, first.res.Token)); ok {
		t.Errorf("a second insufficient_scope for the same scopes offered %+v", f)
	}
}

// With client credentials step-up is a new token request with the scope.
func TestStepUp_ClientCredentialsNeedsNoAuthorization(t *testing.T) {
	pl := Plan{Token: flows.TokenRequest{Scopes: []string{"a"}}}
	eff, err := pl.ApplyFix(flows.Fix{Kind: flows.FixStepUp, Value: "b a"}, StepCall)
	if err != nil || eff.Authorize || eff.From != StepToken || !slices.Equal(pl.Token.Scopes, []string{"a", "b"}) {
		t.Errorf("effect %+v, %v, scopes %v", eff, err, pl.Token.Scopes)
	}
}
