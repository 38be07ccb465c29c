package profiles

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

func TestTemplates_ValidateAndAreFresh(t *testing.T) {
	want := []string{"demo", "workfloplus", "apiture", "percolate", "floriday-staging",
		"floriday-live", "okta", "auth0", "entra", "keycloak", "entra-user", "auth0-user", "okta-user",
		"keycloak-user", "github-device"}
	if got := TemplateNames(); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, tp := range Templates() {
		if err := tp.Validate(); err != nil {
			t.Errorf("%s: %v", tp.Name, err)
		}
		if !tp.Builtin || tp.Discovery == "" || tp.AuthMethod == "" || len(tp.ReacquireOn) == 0 {
			t.Errorf("%s: defaults or Builtin missing: %+v", tp.Name, tp)
		}
	}
	a, _ := Template("floriday-live")
	a.Scopes[0] = "changed"
	a.APIHeaders["X-Api-Key"] = "changed"
	if b, _ := Template("floriday-live"); b.Scopes[0] != "role:app" ||
		b.APIHeaders["X-Api-Key"] != "env:FLORIDAY_LIVE_API_KEY" {
		t.Error("changing a template's copy changed the built-in")
	}
	if _, ok := Template("nope"); ok {
		t.Error("Template(nope): got ok")
	}
}

func TestTemplates_ProviderConventions(t *testing.T) {
	wfp := tmpl(t, "workfloplus")
	check(t, "workfloplus token_url", wfp.TokenURL, "https://accounts.workfloplus.com/connect/token")
	check(t, "workfloplus auth", wfp.AuthMethod, flows.AuthPost)
	check(t, "workfloplus scope", wfp.Scopes[0], "https://www.workfloplus.com/auth/workflow.read")
	cc := wfp.ClientCreation
	check(t, "workfloplus creation", cc.Method+" "+cc.URL, "POST https://accounts.workfloplus.com/api/client/")
	check(t, "workfloplus paths", cc.ClientIDPath+" "+cc.ClientSecretPath, "client.clientId newSecret")

	ap := tmpl(t, "apiture")
	check(t, "apiture issuer", ap.Issuer, "https://auth.apiture.com/oidc")
	check(t, "apiture auth", ap.AuthMethod, flows.AuthBasic)
	check(t, "apiture scopes", ap.Scopes, []string{"banking/read", "banking/write"})

}

func TestTemplates_PercolateFloriday(t *testing.T) {
	pc := tmpl(t, "percolate")
	check(t, "percolate token_url", pc.TokenURL, "https://percolate.com/auth/v5/token/")
	check(t, "percolate auth", pc.AuthMethod, flows.AuthBasic)
	check(
		t,
		"percolate test",
		pc.TestRequest.Method+" "+pc.APIBaseURL+pc.TestRequest.Path,
		"GET https://percolate.com/api/v5/me",
	)
	check(t, "percolate reacquire", pc.ReacquireOn, []int{401, 403})

	for name, urls := range map[string][2]string{
		"floriday-staging": {"https://idm.staging.floriday.io/oauth2/ausmw6b47z1BnlHkw0h7", "https://api.staging.floriday.io"},
		"floriday-live":    {"https://idm.floriday.io/oauth2/aus3testdcf2vyfs70i7", "https://api.floriday.io"},
	} {
		fl := tmpl(t, name)
		check(t, name+" issuer", fl.Issuer, urls[0])
		check(t, name+" api", fl.APIBaseURL, urls[1])
		check(t, name+" discovery", fl.Discovery, flows.StyleRFC8414)
		check(t, name+" auth", fl.AuthMethod, flows.AuthPost)
		env := strings.ToUpper(strings.TrimPrefix(name, "floriday-"))
		// each environment has its own names, so a staging secret is never sent to live (issue 12)
		check(t, name+" api key", fl.APIHeaders["X-Api-Key"], "env:FLORIDAY_"+env+"_API_KEY")
		check(t, name+" secret", fl.ClientSecret, "env:FLORIDAY_"+env+"_CLIENT_SECRET")
		check(t, name+" vendor", fl.Vendor, "okta")
		check(t, name+" test", fl.TestRequest, Request{"GET", "/apps/organizations"})
		if !slices.Contains(fl.Scopes, "role:app") || !slices.Contains(fl.Scopes, "catalog:read") {
			t.Errorf("%s: scopes %v lack role:app catalog:read", name, fl.Scopes)
		}
	}
}

func TestTemplates_Generic(t *testing.T) {
	check(t, "auth0 audience", tmpl(t, "auth0").Audience, "https://YOUR-API-IDENTIFIER")
	check(t, "entra scope", tmpl(t, "entra").Scopes, []string{"api://YOUR-API-CLIENT-ID/.default"})
	check(t, "keycloak issuer", tmpl(t, "keycloak").Issuer, "https://YOUR-KEYCLOAK-HOST/realms/YOUR-REALM")
}

// tmpl returns the built-in template called name.
func tmpl(t *testing.T, name string) Profile {
	t.Helper()
	p, ok := Template(name)
	if !ok {
		t.Fatalf("no template %q", name)
	}
	return p
}

func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func TestTemplates_Placeholders(t *testing.T) {
	for _, tp := range Templates() {
		ph := tp.Placeholders()
		generic := slices.Contains([]string{"okta", "auth0", "entra", "keycloak", "entra-user", "auth0-user",
			"okta-user", "keycloak-user", "github-device"}, tp.Name)
		if generic != (len(ph) > 0) {
			t.Errorf("%s: placeholders %v", tp.Name, ph)
		}
	}
	okta, _ := Template("okta")
	check(t, "okta placeholders", okta.Placeholders(), []string{"issuer", "scopes"})
}

func TestDemo(t *testing.T) {
	d := DemoProfile("http://127.0.0.1:34567")
	check(t, "demo issuer", d.Issuer, "http://127.0.0.1:34567")
	check(t, "demo api", d.APIBaseURL+d.TestRequest.Path, "http://127.0.0.1:34567/api/me")
	check(t, "demo client", d.ClientID+":"+d.ClientSecret, "demo-client:demo-secret")
	if got := d.PlainText(); got != nil {
		t.Errorf("built-in demo: got plain text %v, want none flagged", got)
	}
	copied, err := FromTemplate("demo", "my-demo")
	if err != nil || copied.Builtin || copied.Name != "my-demo" {
		t.Fatalf("got %+v, %v", copied, err)
	}
	check(t, "copied demo secret", copied.ClientSecret, "env:DEMO_SECRET")
	if got := copied.PlainText(); len(got) != 0 {
		t.Errorf("copied demo: got plain text %v, want none (the literal becomes a reference)", got)
	}
	if _, err := FromTemplate("nope", "x"); err == nil {
		t.Error("unknown template: got nil error")
	}
	if _, err := FromTemplate("demo", "../x"); err == nil {
		t.Error("bad name: got nil error")
	}
}

func TestPlainText(t *testing.T) {
	p := fullProfile("p")
	p.ClientSecret = "literal-secret"
	p.APIHeaders = map[string]string{"X-Api-Key": "literal", "Accept": "application/json", "Authorization": "env:AUTH"}
	p.ClientCreation.BearerToken = "literal-admin-token"
	p.ClientCreation.Headers = map[string]string{"X-Admin-Token": "literal"}
	want := []string{
		"client_secret",
		"api_headers.X-Api-Key",
		"client_creation.bearer_token",
		"client_creation.headers.X-Admin-Token",
	}
	check(t, "plain text", p.PlainText(), want)
	if got := fullProfile("p").PlainText(); got != nil {
		t.Errorf("references only: got %v", got)
	}
}
