package profiles

import (
	"strings"
	"testing"
)

func TestValidate_KeysAndGrant(t *testing.T) {
	base := Profile{Name: "p", Issuer: "https://as.example"}
	tests := []struct {
		change func(*Profile)
		want   string // "" means valid
	}{
		{func(p *Profile) { p.Key, p.Cert = "file:/k.pem", "keyring:c" }, ""},
		{func(p *Profile) { p.Key = "-----BEGIN PRIVATE KEY-----" }, "key: must be a reference"},
		{func(p *Profile) { p.Cert = "-" }, "cert: must be a reference"},
		{func(p *Profile) { p.AssertionAud = "api" }, "assertion_aud"},
		{func(p *Profile) { p.Grant = "password" }, "grant"},
		{func(p *Profile) { p.Grant, p.SubjectToken = "token_exchange", "env:" }, "subject_token"},
	}
	for _, tt := range tests {
		p := base
		tt.change(&p)
		err := p.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%+v: got %v, want valid", p, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%+v: got %v, want %q", p, err, tt.want)
		}
	}
}
