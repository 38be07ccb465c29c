package profiles

import "github.com/oauthlens/oauthlens/flows"

// fixedLoopback is the redirect URI of the user-flow templates whose
// servers match redirect URIs exactly: register this very URI at the
// server (RFC 8252 §7.3 lets a server ignore the port; these may not).
const fixedLoopback = "http://127.0.0.1:8400/callback"

// userTemplates are starting points for the flows with a user: a native
// app (a public client: auth method none, PKCE S256) with the
// authorization code grant on a loopback redirect (RFC 8252), or the
// device grant (RFC 8628). Each was checked against the provider's own
// documentation (see the report of the commit that added them); a
// provider whose conventions could not be confirmed has no template.
func userTemplates() []Profile {
	return []Profile{entraUserTemplate(), auth0UserTemplate(), oktaUserTemplate(), keycloakUserTemplate(),
		githubDeviceTemplate()}
}

// entraUserTemplate: Microsoft identity platform v2.0 endpoints under the
// tenant; offline_access brings a refresh token; a loopback redirect URI
// matches on any port (registered as http://127.0.0.1/callback in the app
// manifest), and the device code endpoint is /oauth2/v2.0/devicecode.
func entraUserTemplate() Profile {
	return Profile{
		Name: "entra-user",
		Description: "Entra ID sign-in: code + PKCE, public client, register http://127.0.0.1/callback " +
			"(any port); --grant device",
		Issuer:     "https://login.microsoftonline.com/YOUR-TENANT-ID/v2.0",
		Discovery:  flows.StyleOIDC,
		ClientID:   "YOUR-APPLICATION-CLIENT-ID",
		Vendor:     "entra",
		AuthMethod: flows.AuthNone,
		GrantFields: GrantFields{Grant: "authorization_code",
			DeviceURL: "https://login.microsoftonline.com/YOUR-TENANT-ID/oauth2/v2.0/devicecode"},
		Scopes: []string{"openid", "profile", "offline_access", "User.Read"},
	}
}

// auth0UserTemplate: a Native application; the API is chosen by audience
// on /authorize and on /oauth/device/code; offline_access brings a refresh
// token (with Allow Offline Access on the API).
func auth0UserTemplate() Profile {
	return Profile{
		Name: "auth0-user",
		Description: "Auth0 sign-in: code + PKCE (Native app), API by audience, callback " + fixedLoopback +
			"; --grant device",
		Issuer:     "https://YOUR-TENANT.us.auth0.com/",
		Discovery:  flows.StyleOIDC,
		ClientID:   "YOUR-CLIENT-ID",
		Vendor:     "auth0",
		AuthMethod: flows.AuthNone,
		GrantFields: GrantFields{Grant: "authorization_code", RedirectURI: fixedLoopback,
			DeviceURL: "https://YOUR-TENANT.us.auth0.com/oauth/device/code"},
		Scopes:   []string{"openid", "profile", "offline_access"},
		Audience: "https://YOUR-API-IDENTIFIER",
	}
}

// oktaUserTemplate: a native app on a custom authorization server;
// offline_access must be asked for on /authorize for a refresh token (and
// the app allows the Refresh Token grant).
func oktaUserTemplate() Profile {
	return Profile{
		Name:        "okta-user",
		Description: "Okta sign-in: code + PKCE (native app), refresh by offline_access, redirect " + fixedLoopback,
		Issuer:      "https://YOUR-ORG.okta.com/oauth2/default",
		Discovery:   flows.StyleRFC8414,
		ClientID:    "YOUR-CLIENT-ID",
		Vendor:      "okta",
		AuthMethod:  flows.AuthNone,
		GrantFields: GrantFields{Grant: "authorization_code", RedirectURI: fixedLoopback},
		Scopes:      []string{"openid", "profile", "offline_access"},
	}
}

// keycloakUserTemplate: a public client of the realm; Keycloak advises
// 127.0.0.1 rather than localhost for a native app's redirect.
func keycloakUserTemplate() Profile {
	return Profile{
		Name:        "keycloak-user",
		Description: "Keycloak sign-in: code + PKCE, public client of the realm, redirect " + fixedLoopback,
		Issuer:      "https://YOUR-KEYCLOAK-HOST/realms/YOUR-REALM",
		Discovery:   flows.StyleOIDC,
		ClientID:    "YOUR-CLIENT-ID",
		Vendor:      "keycloak",
		AuthMethod:  flows.AuthNone,
		GrantFields: GrantFields{Grant: "authorization_code", RedirectURI: fixedLoopback},
		Scopes:      []string{"openid", "profile"},
	}
}

// githubDeviceTemplate: GitHub is OAuth without OpenID Connect and
// publishes no metadata: explicit endpoints, the device flow (enabled in
// the app's settings), client_id only, scopes such as read:user.
func githubDeviceTemplate() Profile {
	return Profile{
		Name:        "github-device",
		Description: "GitHub OAuth app, device flow (enable it in the app): no discovery, client_id only",
		TokenURL:    "https://github.com/login/oauth/access_token",
		ClientID:    "YOUR-CLIENT-ID",
		AuthMethod:  flows.AuthNone,
		GrantFields: GrantFields{Grant: "device", DeviceURL: "https://github.com/login/device/code"},
		Scopes:      []string{"read:user"},
		APIBaseURL:  "https://api.github.com",
		TestRequest: Request{Method: "GET", Path: "/user"},
	}
}
