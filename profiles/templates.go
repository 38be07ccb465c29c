package profiles

import (
	"fmt"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// DemoAddr is the default address of `oauthlens demo --serve`; the demo
// template points there until DemoProfile rebases it on the running server.
const DemoAddr = "http://127.0.0.1:9400"

// floridayScopes is the scope list of Floriday's client-credentials guide.
var floridayScopes = []string{
	"role:app", "catalog:read", "sales-order:write", "organization:read", "supply:read",
	"supply:write", "sales-order:read", "delivery-conditions:read", "fulfillment:write", "fulfillment:read",
}

// Templates returns the built-in profile templates, with defaults applied
// and Builtin set: the providers whose public docs shaped oauthlens
// (workfloplus, apiture, percolate, floriday-staging, floriday-live), the
// demo, generic starting points for okta, auth0, entra and keycloak, and
// their user-flow counterparts plus github-device (templates_user.go),
// whose "YOUR-…" placeholders (see Placeholders) must be filled in. Client
// secrets are env: references to rename or replace. Each call returns fresh
// copies.
func Templates() []Profile {
	list := []Profile{
		demoTemplate(), workfloplusTemplate(), apitureTemplate(), percolateTemplate(),
		floridayTemplate(
			"staging",
			"https://idm.staging.floriday.io/oauth2/ausmw6b47z1BnlHkw0h7",
			"https://api.staging.floriday.io",
		),
		floridayTemplate("live", "https://idm.floriday.io/oauth2/aus3testdcf2vyfs70i7", "https://api.floriday.io"),
	}
	list = append(list, genericTemplates()...)
	list = append(list, userTemplates()...) // templates_user.go: the flows with a user
	for i := range list {
		list[i] = list[i].WithDefaults()
		list[i].Builtin = true
	}
	return list
}

// Template returns the built-in template called name.
func Template(name string) (Profile, bool) {
	for _, t := range Templates() {
		if t.Name == name {
			return t, true
		}
	}
	return Profile{}, false
}

// DemoProfile returns the demo template pointed at a running demo server,
// e.g. DemoProfile(srv.Issuer()) or DemoProfile(httptestServer.URL).
func DemoProfile(baseURL string) Profile {
	p, _ := Template("demo")
	p.Issuer, p.APIBaseURL = baseURL, baseURL
	p.ClientCreation.URL = baseURL + "/api/client/"
	return p
}

// workfloplusBody is the body of WorkfloPlus's POST /api/client/, which the
// demo server's admin API copies.
const workfloplusBody = `{"name": "{{name}}", "scopes": {{scopes}}, "permissions": {{permissions}}}`

// demoTemplate uses the demo server's fixed, public credentials: its
// literal secret is not flagged as plain text while Builtin is set.
func demoTemplate() Profile {
	return Profile{
		Name:         "demo",
		Description:  "the built-in demo server (oauthlens demo); its URL is filled in at run time",
		Issuer:       DemoAddr,
		ClientID:     "demo-client",
		ClientSecret: "demo-secret",
		AuthMethod:   flows.AuthBasic,
		Scopes:       []string{"api:read", "api:write"},
		APIBaseURL:   DemoAddr,
		TestRequest:  Request{Method: "GET", Path: "/api/me"},
		// The demo's WorkfloPlus-style admin API; its owner token is
		// demo-admin-token.
		ClientCreation: &ClientTemplate{
			Method:           "POST",
			URL:              DemoAddr + "/api/client/",
			BearerToken:      "env:DEMO_ADMIN_TOKEN",
			Body:             workfloplusBody,
			ClientIDPath:     "client.clientId",
			ClientSecretPath: "newSecret",
			Permissions:      []string{"admin"},
		},
	}
}

// workfloplusTemplate: no discovery, a token URL, client_secret_post, URL
// scopes, clients created by an owner through POST /api/client/.
func workfloplusTemplate() Profile {
	return Profile{
		Name:         "workfloplus",
		Description:  "WorkfloPlus (Intoware): token URL, client_secret_post, URL-shaped scopes",
		TokenURL:     "https://accounts.workfloplus.com/connect/token",
		Vendor:       "duende", // IdentityServer's /connect/token
		ClientSecret: "env:WORKFLOPLUS_CLIENT_SECRET",
		AuthMethod:   flows.AuthPost,
		Scopes: []string{
			"https://www.workfloplus.com/auth/workflow.read",
			"https://www.workfloplus.com/auth/schedule.admin",
		},
		ClientCreation: &ClientTemplate{
			Method:           "POST",
			URL:              "https://accounts.workfloplus.com/api/client/",
			BearerToken:      "env:WORKFLOPLUS_OWNER_TOKEN",
			Body:             workfloplusBody,
			ClientIDPath:     "client.clientId",
			ClientSecretPath: "newSecret",
			Permissions:      []string{"admin"},
		},
	}
}

// apitureTemplate: OpenID Connect discovery, client_secret_basic.
func apitureTemplate() Profile {
	return Profile{
		Name:         "apiture",
		Description:  "Apiture: OpenID Connect discovery, client_secret_basic, no refresh token",
		Issuer:       "https://auth.apiture.com/oidc",
		Discovery:    flows.StyleOIDC,
		ClientSecret: "env:APITURE_CLIENT_SECRET",
		AuthMethod:   flows.AuthBasic,
		Scopes:       []string{"banking/read", "banking/write"},
	}
}

// percolateTemplate: a token URL, client_secret_basic, re-acquire on 401/403.
func percolateTemplate() Profile {
	return Profile{
		Name:         "percolate",
		Description:  "Percolate: token URL, client_secret_basic, lowercase bearer",
		TokenURL:     "https://percolate.com/auth/v5/token/",
		ClientSecret: "env:PERCOLATE_CLIENT_SECRET",
		AuthMethod:   flows.AuthBasic,
		APIBaseURL:   "https://percolate.com",
		TestRequest:  Request{Method: "GET", Path: "/api/v5/me"},
		ReacquireOn:  []int{401, 403},
	}
}

// floridayTemplate: Okta with RFC 8414 metadata appended to the issuer,
// client_secret_post, and an X-Api-Key on every API call.
func floridayTemplate(env, issuer, api string) Profile {
	return Profile{
		Name:         "floriday-" + env,
		Description:  "Floriday " + env + ": Okta, RFC 8414 metadata appended to the issuer, X-Api-Key on every call",
		Issuer:       issuer,
		Discovery:    flows.StyleRFC8414,
		ClientSecret: "env:FLORIDAY_" + strings.ToUpper(env) + "_CLIENT_SECRET",
		Vendor:       "okta",
		CredentialsBy: "Floriday hands out API credentials by email when an app is approved " +
			"(https://developers.floriday.io); ask Floriday, then put them in this profile",
		AuthMethod:  flows.AuthPost,
		Scopes:      append([]string(nil), floridayScopes...),
		APIBaseURL:  api,
		APIHeaders:  map[string]string{"X-Api-Key": "env:FLORIDAY_" + strings.ToUpper(env) + "_API_KEY"},
		TestRequest: Request{Method: "GET", Path: "/apps/organizations"},
	}
}

// genericTemplates are starting points for common identity providers.
func genericTemplates() []Profile {
	return []Profile{{
		Name:         "okta",
		Description:  "Okta custom authorization server: RFC 8414 metadata, a custom scope",
		Issuer:       "https://YOUR-ORG.okta.com/oauth2/default",
		Discovery:    flows.StyleRFC8414,
		ClientSecret: "env:OKTA_CLIENT_SECRET",
		Vendor:       "okta",
		AuthMethod:   flows.AuthBasic,
		Scopes:       []string{"YOUR-CUSTOM-SCOPE"},
	}, {
		Name:         "auth0",
		Description:  "Auth0: the API is chosen by its audience (API identifier)",
		Issuer:       "https://YOUR-TENANT.us.auth0.com/",
		Discovery:    flows.StyleOIDC,
		ClientSecret: "env:AUTH0_CLIENT_SECRET",
		Vendor:       "auth0",
		AuthMethod:   flows.AuthPost,
		Audience:     "https://YOUR-API-IDENTIFIER",
	}, {
		Name:         "entra",
		Description:  "Microsoft Entra ID (v2.0): one scope, the API's App ID URI + /.default",
		Issuer:       "https://login.microsoftonline.com/YOUR-TENANT-ID/v2.0",
		Discovery:    flows.StyleOIDC,
		ClientSecret: "env:ENTRA_CLIENT_SECRET",
		Vendor:       "entra",
		AuthMethod:   flows.AuthPost,
		Scopes:       []string{"api://YOUR-API-CLIENT-ID/.default"},
	}, {
		Name:         "keycloak",
		Description:  "Keycloak: the realm is the issuer",
		Issuer:       "https://YOUR-KEYCLOAK-HOST/realms/YOUR-REALM",
		Discovery:    flows.StyleOIDC,
		ClientSecret: "env:KEYCLOAK_CLIENT_SECRET",
		Vendor:       "keycloak",
		AuthMethod:   flows.AuthBasic,
	}}
}

// FromTemplate returns a new profile called name copied from the built-in
// template: what `profiles new NAME --template T` saves. The copy is not
// Builtin; a literal secret (the demo's) becomes an env: reference.
func FromTemplate(template, name string) (Profile, error) {
	t, ok := Template(template)
	if !ok {
		return Profile{}, fmt.Errorf(
			"no built-in template %q (have: %s)",
			template,
			strings.Join(TemplateNames(), ", "),
		)
	}
	if err := ValidName(name); err != nil {
		return Profile{}, err
	}
	t.Name, t.Builtin = name, false
	if IsLiteral(t.ClientSecret) {
		// Only the demo's public credential is a literal; a saved copy
		// refers to an environment variable instead (export DEMO_SECRET=…).
		t.ClientSecret = "env:" + strings.ToUpper(strings.ReplaceAll(template, "-", "_")) + "_SECRET"
	}
	return t, nil
}

// TemplateNames lists the built-in templates' names.
func TemplateNames() []string {
	var names []string
	for _, t := range Templates() {
		names = append(names, t.Name)
	}
	return names
}
