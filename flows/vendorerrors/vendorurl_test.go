package vendorerrors

import "testing"

func TestVendorFromURL(t *testing.T) {
	cases := map[string]string{
		"https://YOUR-ORG.okta.com/oauth2/default":                    "okta",
		"https://idm.staging.floriday.io/oauth2/ausmw6b47z1BnlHkw0h7": "okta",
		"https://login.microsoftonline.com/YOUR-TENANT-ID/v2.0":       "entra",
		"https://YOUR-TENANT.us.auth0.com/":                           "auth0",
		"https://YOUR-KEYCLOAK-HOST/realms/YOUR-REALM":                "keycloak",
		"https://accounts.workfloplus.com/connect/token":              "duende",
		"https://pool.auth.eu-west-1.amazoncognito.com/oauth2/token":  "cognito",
		"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc":   "cognito",
		"https://oauth2.googleapis.com/token":                         "google",
		"https://auth.pingone.eu/0f1e2d3c/as/token":                   "ping",
		"https://auth.apiture.com/oidc":                               "",
		"https://percolate.com/auth/v5/token/":                        "",
		"https://evil.example/okta.com":                               "",
		"https://notokta.com/x":                                       "",
		"::not a url":                                                 "",
	}
	for in, want := range cases {
		if got := VendorFromURL(in); got != want {
			t.Errorf("VendorFromURL(%q): got %q, want %q", in, got, want)
		}
	}
}
