package ui

import (
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// TestSave_TheWalkAsSent: saving writes what the walk sends, through the
// one mapping (walk.Plan.ToProfile): params edited in step 3 are saved
// (they were dropped), a cleared audience is cleared, and the fields the
// plan does not hold (the API base URL, the client creation template) are
// kept from the profile.
func TestSave_TheWalkAsSent(t *testing.T) {
	src := profiles.Profile{Name: "src", TokenURL: "https://as.example/token", ClientID: "cid",
		ClientSecret: "env:SRC_SECRET", AuthMethod: flows.AuthPost, Audience: "https://old.example",
		Params: map[string]string{"tenant": "t1"}, APIBaseURL: "https://api.example",
		TestRequest:    profiles.Request{Method: "GET", Path: "/me"},
		ClientCreation: &profiles.ClientTemplate{URL: "https://as.example/api/client"}}
	t.Setenv("SRC_SECRET", "secret-value-123")
	o, err := ProfileOptions(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	o.Now = testOptions().Now
	m := New(o)
	m.token.form.setValue(fParams, "tenant=t2, kind=env:KIND_REF")
	m.token.form.setValue(fAudience, "")
	p, _, err := m.walkProfile("saved")
	if err != nil {
		t.Fatal(err)
	}
	if p.Params["tenant"] != "t2" || p.Params["kind"] != "env:KIND_REF" {
		t.Errorf("params: got %v, want the edited ones (the reference kept)", p.Params)
	}
	if p.Audience != "" {
		t.Errorf("audience: got %q, want it cleared as in the field", p.Audience)
	}
	if p.APIBaseURL != "https://api.example" || p.ClientCreation == nil || p.AuthMethod != flows.AuthPost {
		t.Errorf("fields the walk does not edit were lost: %+v", p)
	}
	if p.TestRequest.Path != "/me" || p.Name != "saved" || p.ClientSecret != "" {
		t.Errorf("got test request %+v, name %q, secret %q", p.TestRequest, p.Name, p.ClientSecret)
	}
}
