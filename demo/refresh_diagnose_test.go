package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// TestRefreshReused_Diagnosis refreshes with the fault refresh-reused on
// and checks that flows explains the refused refresh token as a rotated
// one used again (RFC 9700 §4.14.2), not as a client-credentials problem,
// and offers no client-authentication change.
func TestRefreshReused_Diagnosis(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	rt := deviceToken(t, s, ts.URL, "openid offline_access").str("refresh_token")
	if err := s.SetFaults(string(FaultRefreshTokenReused)); err != nil {
		t.Fatal(err)
	}
	r := flows.TokenRequest{TokenURL: ts.URL + "/token", ClientID: ClientID, ClientSecret: ClientSecret,
		Grant: flows.RefreshToken{Token: rt}}
	_, ex, err := flows.RequestToken(context.Background(), ts.Client(), r)
	if err == nil {
		t.Fatal("the reused refresh token was accepted")
	}
	ds := flows.Diagnose(err, flows.Context{Step: flows.StepToken, Request: &r, Exchanges: []flows.Exchange{ex}})
	if len(ds) == 0 || ds[0].Code != "token.invalid_grant.refresh_token" {
		t.Fatalf("got %v, want token.invalid_grant.refresh_token first", ds)
	}
	d := ds[0]
	if !strings.Contains(d.Causes[0], "rotated") || !strings.Contains(d.Fixes[0].Text, "new authorization") {
		t.Errorf("got causes %q, fixes %+v; want the rotation first and a new authorization", d.Causes, d.Fixes)
	}
	if strings.Contains(d.Summary, "client credentials") {
		t.Errorf("summary: got %q", d.Summary)
	}
	for _, d := range ds {
		for _, f := range d.Fixes {
			if f.Kind == flows.FixAuth || f.Kind == flows.FixBasicEnc {
				t.Errorf("%s offers a client-authentication change for a reused refresh token: %+v", d.Code, f)
			}
		}
	}
}
