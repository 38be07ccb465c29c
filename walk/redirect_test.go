package walk

import (
	"context"
	"testing"
)

// A profile's redirect_uri goes through the one mapping: Build reads it,
// --redirect-uri overrides it, ToProfile writes it back.
func TestRedirectURI_ProfileOverrideAndBack(t *testing.T) {
	p := fullProfile(t)
	p.Grant, p.RedirectURI = "authorization_code", "http://127.0.0.1:8765/callback"
	pl, err := Build(context.Background(), &p, Overrides{}, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	if pl.GrantPlan.RedirectURI != p.RedirectURI {
		t.Errorf("Build: got %q", pl.GrantPlan.RedirectURI)
	}
	if got := pl.ToProfile(p); got.RedirectURI != p.RedirectURI {
		t.Errorf("ToProfile: got %q", got.RedirectURI)
	}
	ov := Overrides{GrantOverrides: GrantOverrides{RedirectURI: "http://127.0.0.1:9999/cb"}}
	pl, err = Build(context.Background(), &p, ov, refResolver)
	if err != nil || pl.GrantPlan.RedirectURI != "http://127.0.0.1:9999/cb" {
		t.Errorf("override: got %q, %v", pl.GrantPlan.RedirectURI, err)
	}
	if got := pl.ToProfile(p); got.RedirectURI != "http://127.0.0.1:9999/cb" {
		t.Errorf("ToProfile after override: got %q", got.RedirectURI)
	}
}
