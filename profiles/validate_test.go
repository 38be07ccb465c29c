package profiles

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Profile)
		field  string // "" for valid
	}{
		{"full", func(*Profile) {}, ""},
		{"token url only", func(p *Profile) { p.Issuer = "" }, ""},
		{"no endpoint", func(p *Profile) { p.Issuer, p.TokenURL = "", "" }, "issuer"},
		{"bad issuer", func(p *Profile) { p.Issuer = "issuer.example" }, "issuer"},
		{"no host", func(p *Profile) { p.TokenURL = "https:///token" }, "token_url"},
		{"discovery", func(p *Profile) { p.Discovery = "webfinger" }, "discovery"},
		{"auth", func(p *Profile) { p.AuthMethod = "attest_jwt_client_auth" }, "auth_method"},
		{"empty ref", func(p *Profile) { p.ClientSecret = "env:" }, "client_secret"},
		{"scope with space", func(p *Profile) { p.Scopes = []string{"a b"} }, "scopes"},
		{"relative resource", func(p *Profile) { p.Resource = []string{"/api"} }, "resource"},
		{"fragment resource", func(p *Profile) { p.Resource = []string{"https://x/#f"} }, "resource"},
		{"reserved param", func(p *Profile) { p.Params = map[string]string{"Scope": "x"} }, "params.Scope"},
		{"header name", func(p *Profile) { p.APIHeaders = map[string]string{"X Api": "v"} }, "api_headers"},
		{
			"header ref",
			func(p *Profile) { p.APIHeaders = map[string]string{"X-Api-Key": "file:"} },
			"api_headers.X-Api-Key",
		},
		{"method", func(p *Profile) { p.TestRequest.Method = "GE T" }, "test_request.method"},
		{"path", func(p *Profile) { p.TestRequest.Path = "api/me" }, "test_request.path"},
		{"absolute path", func(p *Profile) { p.TestRequest.Path = "https://other.example/me" }, ""},
		{"status", func(p *Profile) { p.ReacquireOn = []int{4010} }, "reacquire_on"},
		{"creation url", func(p *Profile) { p.ClientCreation.URL = "" }, "client_creation.url"},
		{"creation body", func(p *Profile) { p.ClientCreation.Body = `{"name": {{name}}}` }, "client_creation.body"},
		{
			"creation placeholder",
			func(p *Profile) { p.ClientCreation.Body = `{"x": "{{nmae}}"}` },
			"client_creation.body",
		},
		{
			"creation paths",
			func(p *Profile) { p.ClientCreation.ClientSecretPath = "" },
			"client_creation.client_secret_path",
		},
	}
	for _, tt := range tests {
		p := fullProfile("p")
		tt.change(&p)
		err := p.Validate()
		var fe *FieldError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: got %v, want valid", tt.name, err)
		case tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field):
			t.Errorf("%s: got %v, want a problem with %s", tt.name, err, tt.field)
		}
	}
}

func TestValidate_ReportsEveryProblem(t *testing.T) {
	err := Profile{Name: ".x", Discovery: "x", AuthMethod: "y"}.Validate()
	for _, want := range []string{"starts with a dot", "issuer:", "discovery:", "auth_method:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %q", err, want)
		}
	}
}

func TestValidate_NeverQuotesLiteralSecret(t *testing.T) {
	p := fullProfile("p")
	p.ClientSecret = secretValue
	p.APIHeaders = map[string]string{"Bad Name": secretValue}
	if err := p.Validate(); err == nil || strings.Contains(err.Error(), secretValue) {
		t.Errorf("got %v, want an error without the secret", err)
	}
}
