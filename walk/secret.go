package walk

import (
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// SecretHeader is the one rule that says whether a header's value is
// secret, for every output (screen, -v, copy-as-curl, exports) and for
// saving a profile: a header whose name says it carries a credential (see
// flows.IsSecretHeader: Authorization, X-Api-Key, any name with "token",
// "key", "secret", …), or whose value came from a secret reference.
func SecretHeader(name, ref string) bool {
	if flows.IsSecretHeader(name) {
		return true
	}
	kind, _ := profiles.ParseRef(ref)
	return kind != "" && kind != profiles.KindLiteral
}

// SecretField says whether a token request parameter is secret: a field
// that always holds one (client_secret, assertion, …) or a value that came
// from a reference.
func SecretField(name, ref string) bool {
	if flows.IsSecretField(name) {
		return true
	}
	kind, _ := profiles.ParseRef(ref)
	return kind != "" && kind != profiles.KindLiteral
}

// SecretHeaderNames lists the names of the plan's secret API headers, for
// flows.CallRequest.SecretHeaders.
func (pl Plan) SecretHeaderNames() []string {
	var out []string
	for _, h := range pl.API.Headers {
		if h.Secret() {
			out = append(out, h.Name)
		}
	}
	return out
}

// ParamSecrets lists the secret parameter values, for masking.
func (pl Plan) ParamSecrets() []flows.Secret {
	var out []flows.Secret
	for _, p := range pl.Params {
		if p.Value != "" && SecretField(p.Name, p.Ref) {
			out = append(out, flows.Secret{Name: flows.EnvName(p.Name), Value: p.Value})
		}
	}
	return out
}

// Secrets lists every secret value the plan sends, in each form it takes
// on the wire (the client secret, its Basic credential, secret parameters
// and secret header values), for a run-wide flows.Redactor.
func (pl Plan) Secrets() []flows.Secret {
	var out []flows.Secret
	if s := pl.Token.ClientSecret; s != "" {
		out = append(out, flows.Secret{Name: "CLIENT_SECRET", Value: s})
		// The Basic forms whatever the method: a fix may switch to Basic.
		if a, ok := flows.NewClientAuthenticator(flows.AuthBasic, pl.Token.ClientID, s); ok {
			out = append(out, a.Secrets()...)
		}
	}
	out = append(out, pl.Key.secrets()...)
	out = append(out, pl.GrantPlan.secrets()...)
	out = append(out, pl.ParamSecrets()...)
	for _, h := range pl.API.Headers {
		if h.Value != "" && h.Secret() {
			out = append(out, flows.Secret{Name: flows.EnvName(h.Name), Value: h.Value})
		}
	}
	return out
}
