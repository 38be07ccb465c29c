// Package profiles stores oauthlens profiles, resolves secret references and
// ships the built-in provider templates.
//
// A profile is one YAML file, NAME.yaml, in the store's directory
// (os.UserConfigDir()/oauthlens/profiles by default). Files are written
// atomically with mode 0600 in a 0700 directory, and the comments a person
// adds by hand are kept when oauthlens saves the file again.
//
// Secrets are stored as references (env:NAME, file:PATH, cmd:COMMAND,
// keyring:NAME, or "-" for standard input) and resolved only when needed with
// [Resolve]. A literal secret is accepted but reported by [Profile.PlainText]
// so that every screen can flag it as "stored in plain text".
package profiles

import (
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// DefaultReacquireOn are the API statuses that make oauthlens fetch a new
// token and retry, when a profile does not list its own.
var DefaultReacquireOn = []int{401, 403}

// Profile is everything oauthlens needs to get a token for one client and
// call one API. The yaml tags are the keys of the profile file.
//
// Load and Templates return profiles with defaults applied (see
// WithDefaults): Discovery "auto", AuthMethod "client_secret_basic",
// ReacquireOn 401 and 403, TestRequest.Method GET when a path is set.
type Profile struct {
	// Name is the profile's name and its file name without ".yaml"; the
	// file name wins if the name: key in the file says otherwise.
	Name        string `yaml:"name,omitempty"`
	Description string `yaml:"description,omitempty"`

	// Issuer is the authorization server's issuer, used for discovery.
	Issuer string `yaml:"issuer,omitempty"`
	// TokenURL is the token endpoint; when set it is used instead of the
	// one discovery finds.
	TokenURL string `yaml:"token_url,omitempty"`
	// Discovery is a discovery style: flows.StyleAuto, flows.StyleOIDC or
	// flows.StyleRFC8414.
	Discovery string `yaml:"discovery,omitempty"`

	ClientID string `yaml:"client_id,omitempty"`
	// ClientSecret is a secret reference (see Resolve) or, flagged by
	// PlainText, a literal.
	ClientSecret string `yaml:"client_secret,omitempty"`
	// AuthMethod is a token endpoint auth method: flows.AuthBasic,
	// flows.AuthPost or flows.AuthNone.
	AuthMethod flows.AuthMethod `yaml:"auth_method,omitempty"`
	// Vendor names the vendor whose error dictionary explains this
	// server's errors (flows/vendorerrors: okta, entra, auth0, keycloak,
	// …); empty: guessed from the URLs and the error bodies.
	Vendor string `yaml:"vendor,omitempty"`
	// CredentialsBy, when set, says how the provider hands out client
	// credentials when it offers no self-service (e.g. "by email"):
	// register and the TUI's step 2 then offer no client creation.
	CredentialsBy string `yaml:"credentials_by,omitempty"`
	// BasicEncoding is how client_secret_basic encodes id and secret:
	// "form" (RFC 6749 §2.3.1, the default) or "raw" (base64 of id:secret).
	BasicEncoding flows.BasicEncoding `yaml:"basic_encoding,omitempty"`
	// Key is a reference to the client's PEM private key (private_key_jwt,
	// JWT-bearer assertions); KeyAlg picks PS256 over RS256 for an RSA key;
	// AssertionAud is the client assertion's aud: "token" (the token
	// endpoint, default) or "issuer".
	Key          string `yaml:"key,omitempty"`
	KeyAlg       string `yaml:"key_alg,omitempty"`
	AssertionAud string `yaml:"assertion_aud,omitempty"`
	// Cert is a reference to the PEM client certificate for mutual TLS
	// (tls_client_auth, self_signed_tls_client_auth; RFC 8705), whose
	// private key is Key.
	Cert string `yaml:"cert,omitempty"`
	// GrantFields say which grant to use and its tokens (by reference).
	GrantFields `yaml:",inline"`

	Scopes   []string `yaml:"scopes,omitempty"`
	Audience string   `yaml:"audience,omitempty"`
	// Resource are RFC 8707 resource indicators (absolute URIs).
	Resource []string `yaml:"resource,omitempty"`
	// Params are extra token request parameters.
	Params map[string]string `yaml:"params,omitempty"`

	// APIBaseURL is prefixed to request paths that are not absolute URLs.
	APIBaseURL string `yaml:"api_base_url,omitempty"`
	// APIHeaders are sent with every API call; values may be references.
	APIHeaders map[string]string `yaml:"api_headers,omitempty"`
	// TestRequest is the call that checks a token works.
	TestRequest Request `yaml:"test_request,omitempty"`
	// ReacquireOn are the API statuses that trigger a new token and a retry.
	ReacquireOn []int `yaml:"reacquire_on,omitempty,flow"`

	// ClientCreation, when set, describes the vendor API that creates
	// clients (used by `oauthlens register`).
	ClientCreation *ClientTemplate `yaml:"client_creation,omitempty"`

	// Builtin is true for the templates shipped in the binary; it is not
	// saved. The built-in demo's literal secret is a fixed, public demo
	// credential, so PlainText does not flag it.
	Builtin bool `yaml:"-"`
	// Warnings are problems found while loading that did not stop the
	// profile from loading, such as a *PermissionWarning. Not saved.
	Warnings []error `yaml:"-"`
}

// Request is an HTTP method and a path (relative to the API base URL) or an
// absolute URL.
type Request struct {
	Method string `yaml:"method,omitempty"`
	Path   string `yaml:"path,omitempty"`
}

// WithDefaults returns p with the empty fields that have a default filled in.
func (p Profile) WithDefaults() Profile {
	if p.Discovery == "" {
		p.Discovery = flows.StyleAuto
	}
	if p.AuthMethod == "" {
		p.AuthMethod = flows.AuthBasic
	}
	if len(p.ReacquireOn) == 0 {
		p.ReacquireOn = slices.Clone(DefaultReacquireOn)
	}
	if p.TestRequest.Path != "" && p.TestRequest.Method == "" {
		p.TestRequest.Method = "GET"
	}
	if c := p.ClientCreation; c != nil && c.Method == "" {
		cc := *c
		cc.Method = "POST"
		p.ClientCreation = &cc
	}
	return p
}

// PlainText lists the fields of p that hold a secret in plain text rather
// than a reference, as YAML key paths ("client_secret",
// "api_headers.X-Api-Key", "client_creation.bearer_token"). Header values
// count only when the header's name looks secret (key, token, secret,
// auth, password, cookie), so "Accept: application/json" is not flagged.
// The built-in demo template's public credentials are not listed.
func (p Profile) PlainText() []string {
	if p.Builtin && p.Name == "demo" {
		return nil
	}
	var out []string
	if IsLiteral(p.ClientSecret) {
		out = append(out, "client_secret")
	}
	out = append(out, plainHeaders("api_headers", p.APIHeaders)...)
	if c := p.ClientCreation; c != nil {
		if IsLiteral(c.BearerToken) {
			out = append(out, "client_creation.bearer_token")
		}
		out = append(out, plainHeaders("client_creation.headers", c.Headers)...)
	}
	return out
}

// plainHeaders returns prefix.NAME for each secret-looking header whose
// value is a literal, sorted by name.
func plainHeaders(prefix string, h map[string]string) []string {
	var out []string
	for name, v := range h {
		if IsLiteral(v) && flows.IsSecretHeader(name) {
			out = append(out, prefix+"."+name)
		}
	}
	slices.Sort(out)
	return out
}

// Placeholders lists the fields of p that still hold a template placeholder
// (text starting "YOUR-"), as YAML key paths, so that `profiles new` can say
// what to fill in.
func (p Profile) Placeholders() []string {
	fields := []struct{ key, val string }{
		{"issuer", p.Issuer}, {"token_url", p.TokenURL},
		{"client_id", p.ClientID}, {"audience", p.Audience},
		{"api_base_url", p.APIBaseURL}, {"scopes", strings.Join(p.Scopes, " ")},
		{"resource", strings.Join(p.Resource, " ")}, {"redirect_uri", p.RedirectURI}, {"device_url", p.DeviceURL},
	}
	var out []string
	for _, f := range fields {
		if strings.Contains(f.val, placeholderMark) {
			out = append(out, f.key)
		}
	}
	return out
}

// placeholderMark starts every placeholder in the built-in templates.
const placeholderMark = "YOUR-"
