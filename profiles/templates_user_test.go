package profiles

import (
	"slices"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// TestTemplates_UserFlows: the user-flow templates are public native
// clients (none + PKCE) with the grant, redirect URI, endpoints and scopes
// of their provider's documentation.
func TestTemplates_UserFlows(t *testing.T) {
	for _, tc := range []struct {
		name, grant, redirect, device string
		scopes                        []string
	}{
		{"entra-user", "authorization_code", "",
			"https://login.microsoftonline.com/YOUR-TENANT-ID/oauth2/v2.0/devicecode",
			[]string{"openid", "profile", "offline_access", "User.Read"}},
		{"auth0-user", "authorization_code", "http://127.0.0.1:8400/callback",
			"https://YOUR-TENANT.us.auth0.com/oauth/device/code", []string{"openid", "profile", "offline_access"}},
		{"okta-user", "authorization_code", "http://127.0.0.1:8400/callback", "",
			[]string{"openid", "profile", "offline_access"}},
		{"keycloak-user", "authorization_code", "http://127.0.0.1:8400/callback", "", []string{"openid", "profile"}},
		{"github-device", "device", "", "https://github.com/login/device/code", []string{"read:user"}},
	} {
		p := tmpl(t, tc.name)
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		check(t, tc.name+" grant", p.Grant, tc.grant)
		check(t, tc.name+" redirect_uri", p.RedirectURI, tc.redirect)
		check(t, tc.name+" device_url", p.DeviceURL, tc.device)
		check(t, tc.name+" scopes", p.Scopes, tc.scopes)
		check(t, tc.name+" auth", p.AuthMethod, flows.AuthNone)
		if p.ClientSecret != "" || !slices.Contains(p.Placeholders(), "client_id") {
			t.Errorf("%s: a public client has no secret and a client_id to fill in: %q %v", tc.name,
				p.ClientSecret, p.Placeholders())
		}
	}
	check(t, "entra issuer", tmpl(t, "entra-user").Issuer, "https://login.microsoftonline.com/YOUR-TENANT-ID/v2.0")
	check(t, "auth0 audience", tmpl(t, "auth0-user").Audience, "https://YOUR-API-IDENTIFIER")
	check(t, "okta issuer", tmpl(t, "okta-user").Issuer, "https://YOUR-ORG.okta.com/oauth2/default")
	gh := tmpl(t, "github-device")
	check(t, "github token_url", gh.TokenURL, "https://github.com/login/oauth/access_token")
	check(t, "github issuer (no OIDC, no metadata)", gh.Issuer, "")
	check(t, "github test", gh.APIBaseURL+gh.TestRequest.Path, "https://api.github.com/user")
	if _, err := FromTemplate("github-device", "gh"); err != nil {
		t.Errorf("FromTemplate: %v", err)
	}
}
