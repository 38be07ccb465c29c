package walk

import (
	"context"
	"slices"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// TestBuild_UserFlowTemplates: each user-flow template builds a plan with
// the grant, scopes, redirect URI, device endpoint, audience and public
// client authentication it declares, and writes back the same profile.
func TestBuild_UserFlowTemplates(t *testing.T) {
	noRefs := func(_ context.Context, what, ref string) (string, error) {
		t.Errorf("%s: a public client template resolved %q", what, ref)
		return "", nil
	}
	for _, name := range []string{"entra-user", "auth0-user", "okta-user", "keycloak-user", "github-device"} {
		p, ok := profiles.Template(name)
		if !ok {
			t.Fatalf("no template %s", name)
		}
		pl, err := Build(t.Context(), &p, Overrides{}, noRefs)
		if err != nil || len(pl.Unresolved) > 0 {
			t.Fatalf("%s: %v %v", name, err, pl.Unresolved)
		}
		g := pl.GrantPlan
		if g.Name != p.Grant || g.RedirectURI != p.RedirectURI || g.DeviceURL != p.DeviceURL {
			t.Errorf("%s: grant plan %+v, profile %+v", name, g, p.GrantFields)
		}
		if gt, _ := flows.NormalizeGrant(g.Name); gt != flows.GrantAuthorizationCode && gt != flows.GrantDeviceCode {
			t.Errorf("%s: grant %q is not a flow with a user", name, g.Name)
		}
		tok := pl.Token
		if !slices.Equal(tok.Scopes, p.Scopes) || tok.Audience != p.Audience || tok.AuthMethod != flows.AuthNone ||
			tok.ClientSecret != "" || tok.TokenURL != p.TokenURL || pl.Issuer != p.Issuer {
			t.Errorf("%s: token request %+v, issuer %q", name, tok, pl.Issuer)
		}
		back := pl.ToProfile(p)
		if back.GrantFields != p.GrantFields || !slices.Equal(back.Scopes, p.Scopes) {
			t.Errorf("%s: ToProfile: %+v, want %+v", name, back.GrantFields, p.GrantFields)
		}
	}
}
