// Package walk is the UI-free layer between flows and the two front-ends
// (the command line and the TUI): it turns a profile plus the front-end's
// overrides into a request plan, holds the one rule that says which
// headers and form fields are secret, knows the sequence of steps, checks
// that credentials go only where the metadata vouches for them, and applies
// a diagnosis's fix to a plan. Both front-ends build every request through
// it, so that the same profile sends the same bytes from either.
package walk

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// Plan is what a walk sends: the discovery target, the token request with
// its secret resolved, and the test call. It is built by Build and changed
// by the person (TUI fields, CLI flags) and by applied fixes.
type Plan struct {
	// Profile is the profile the plan was built from; nil without one.
	Profile *profiles.Profile
	// Issuer is the discovery target (an issuer or a .well-known URL);
	// empty when only the token URL is known.
	Issuer    string
	Discovery string
	// Token is the token request. Its ClientSecret is the resolved value.
	Token flows.TokenRequest
	// SecretRef is the reference the client secret came from ("" when it
	// was typed or given as a literal).
	SecretRef string
	// Params are the extra token request parameters in the order given;
	// Token.Extra holds their resolved values.
	Params []Param
	API    API
	// ReacquireOn are the API statuses that make the walk get a new token
	// and call again.
	ReacquireOn []int
	// Vendor names the vendor error dictionary for diagnoses
	// (flows.Context.Vendor): the profile's, else guessed from the URLs.
	Vendor string
	// Tried are the fixes applied to the plan, in order (see Offerable).
	Tried []TriedFix
	// Key is the client's signing key as referred to (clientkey.go).
	Key KeyPlan
	// GrantPlan is the grant and its token references (grant.go).
	GrantPlan GrantPlan
	// Unresolved are the references that did not resolve. Their values are
	// empty; the TUI opens anyway and says why, the CLI stops.
	Unresolved []Unresolved
}

// Param is one extra token request parameter.
type Param struct {
	Name  string
	Value string // resolved
	Ref   string // the reference it came from; "" for a literal
}

// API is the test call.
type API struct {
	Method  string
	URL     string
	Headers []Header
}

// Header is one header of the test call.
type Header struct {
	Name  string
	Value string // resolved
	Ref   string // the reference it came from; "" for a literal
}

// Secret reports whether the header's value is secret (see SecretHeader).
func (h Header) Secret() bool { return SecretHeader(h.Name, h.Ref) }

// Unresolved is a reference of the plan that did not resolve.
type Unresolved struct {
	// Field is where it is used: "client_secret", "api_headers.X-Api-Key",
	// "params.client_assertion".
	Field string
	Err   error // names the reference, never a secret
}

// Error implements error.
func (u Unresolved) Error() string { return u.Field + ": " + u.Err.Error() }

// Overrides are what a front-end says on top of the profile: a flag given
// on the command line, a field typed in the TUI. An empty value keeps the
// profile's.
type Overrides struct {
	Issuer       string
	Discovery    string
	TokenURL     string
	ClientID     string
	ClientSecret string // a reference or a literal
	Auth         string // "basic", "post" or a registered method name
	BasicEnc     string // "form" or "raw" (client_secret_basic's encoding)
	Scope        string // space-separated
	ScopeSet     bool   // Scope was given, even empty: ask for no scope over a profile's
	Audience     string
	Resource     []string
	Params       []string // "k=v"; added to the profile's
	APIMethod    string
	APIURL       string
	APIHeaders   []string    // "K: V"; a header named again replaces the profile's
	Key          string      // a reference to a PEM private key
	KeyAlg       string      // RS256/PS256 for an RSA key; "" the key's default
	AssertionAud string      // "token" or "issuer"
	Cert         string      // a reference to a PEM client certificate (RFC 8705)
	DPoP         bool        // ask for DPoP-bound tokens (RFC 9449)
	DPoPKey      *flows.DPoP // the walk's DPoP key to keep (a front-end's earlier plan); nil makes one
	GrantOverrides
}

// Resolver turns a secret reference into its value. what names the field
// for messages ("--client-secret", "profile acme: client_secret").
type Resolver func(ctx context.Context, what, ref string) (string, error)

// UsageError is an override that cannot be used as given.
type UsageError struct{ Msg string }

// Error implements error.
func (e *UsageError) Error() string { return e.Msg }

// Build makes the plan for a profile (nil: none) with the overrides
// applied, resolving every reference with resolve. A reference that does
// not resolve leaves its value empty and is listed in Plan.Unresolved; the
// error is for overrides that cannot be used (*UsageError) or for a
// context that ended.
func Build(ctx context.Context, p *profiles.Profile, ov Overrides, resolve Resolver) (Plan, error) {
	var pl Plan
	if p != nil {
		pl = fromProfile(*p)
	}
	if err := pl.override(ov); err != nil {
		return pl, err
	}
	pl.resolve(ctx, p, ov, resolve)
	return pl, ctx.Err()
}

// fromProfile copies every field of a profile that needs no resolving.
func fromProfile(p profiles.Profile) Plan {
	prof := p
	pl := Plan{
		Profile:   &prof,
		Issuer:    p.Issuer,
		Discovery: p.Discovery,
		SecretRef: p.ClientSecret,
		Token: flows.TokenRequest{
			TokenURL:      p.TokenURL,
			ClientID:      p.ClientID,
			AuthMethod:    p.AuthMethod,
			BasicEncoding: p.BasicEncoding,
			Scopes:        slices.Clone(p.Scopes),
			Audience:      p.Audience,
			Resource:      slices.Clone(p.Resource),
		},
		Vendor:      p.Vendor,
		API:         API{Method: p.TestRequest.Method, URL: APIURL(p)},
		ReacquireOn: slices.Clone(p.ReacquireOn),
	}
	pl.Key = KeyPlan{Ref: p.Key, Alg: p.KeyAlg, Aud: p.AssertionAud, CertRef: p.Cert}
	pl.GrantPlan = grantFromProfile(p.GrantFields)
	pl.GrantPlan.DPoP = p.DPoP
	for _, k := range sortedKeys(p.Params) {
		pl.Params = append(pl.Params, Param{Name: k, Ref: p.Params[k]})
	}
	for _, k := range sortedKeys(p.APIHeaders) {
		pl.API.Headers = append(pl.API.Headers, Header{Name: k, Ref: p.APIHeaders[k]})
	}
	return pl
}

// override applies the overrides that were given.
func (pl *Plan) override(ov Overrides) error {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&pl.Issuer, ov.Issuer)
	set(&pl.Discovery, ov.Discovery)
	set(&pl.Token.TokenURL, ov.TokenURL)
	set(&pl.Token.ClientID, ov.ClientID)
	set(&pl.Token.Audience, ov.Audience)
	set(&pl.SecretRef, ov.ClientSecret)
	set(&pl.API.Method, ov.APIMethod)
	set(&pl.API.URL, ov.APIURL)
	if err := pl.Key.override(ov); err != nil {
		return err
	}
	if err := pl.GrantPlan.override(ov.GrantOverrides); err != nil {
		return err
	}
	if ov.Auth != "" {
		m, ok := flows.NormalizeAuth(ov.Auth)
		if !ok {
			return &UsageError{fmt.Sprintf("--auth %q: use %s", ov.Auth, flows.AuthMethodsText())}
		}
		pl.Token.AuthMethod = m
	}
	if ov.BasicEnc != "" {
		e, ok := flows.ParseBasicEncoding(ov.BasicEnc)
		if !ok {
			return &UsageError{fmt.Sprintf("--basic-encoding %q: use form or raw", ov.BasicEnc)}
		}
		pl.Token.BasicEncoding = e
	}
	if ov.Scope != "" || ov.ScopeSet {
		pl.Token.Scopes = strings.Fields(ov.Scope)
	}
	if len(ov.Resource) > 0 {
		pl.Token.Resource = slices.Clone(ov.Resource)
	}
	for _, p := range ov.Params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return &UsageError{fmt.Sprintf("--param %q: use k=v", p)}
		}
		pl.Params = append(pl.Params, Param{Name: k, Ref: v})
	}
	for _, line := range ov.APIHeaders {
		h, err := ParseHeader(line)
		if err != nil {
			return err
		}
		pl.SetHeader(h)
	}
	return nil
}

// SetHeader replaces the header of the same name (in any case), or adds it.
func (pl *Plan) SetHeader(h Header) {
	for i, old := range pl.API.Headers {
		if strings.EqualFold(old.Name, h.Name) {
			pl.API.Headers[i] = h
			return
		}
	}
	pl.API.Headers = append(pl.API.Headers, h)
}

// ParseHeader reads "Name: value"; the value is kept as a reference (Ref)
// to be resolved with the plan.
func ParseHeader(line string) (Header, error) {
	name, v, ok := strings.Cut(line, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return Header{}, &UsageError{fmt.Sprintf("header %q: use \"Name: value\"", line)}
	}
	return Header{Name: name, Ref: strings.TrimSpace(v)}, nil
}

// resolve fills every value from its reference. A literal is its own
// value; for headers and parameters only the prefixed forms (env:, file:,
// cmd:, keyring:) are references, so that a value "-" stays "-". A
// reference that fails is listed in Unresolved and left empty. Ref keeps
// only references, so that SecretHeader can tell them from literals.
func (pl *Plan) resolve(ctx context.Context, p *profiles.Profile, ov Overrides, resolve Resolver) {
	get := func(field, what string, ref *string, stdinOK bool) string {
		kind, _ := profiles.ParseRef(*ref)
		if kind == "" || kind == profiles.KindLiteral || (kind == profiles.KindStdin && !stdinOK) {
			v := *ref
			*ref = ""
			return v
		}
		v, err := resolve(ctx, what, *ref)
		if err != nil {
			pl.Unresolved = append(pl.Unresolved, Unresolved{Field: field, Err: err})
			return ""
		}
		return v
	}
	what := func(field, flag string, given bool) string {
		if p == nil || given {
			return flag
		}
		return "profile " + p.Name + ": " + field
	}
	ref := pl.SecretRef
	pl.Token.ClientSecret = get("client_secret",
		what("client_secret", "--client-secret", ov.ClientSecret != ""), &ref, true)
	pl.SecretRef = ref
	pl.resolveKey(ctx, what("key", "--key", ov.Key != ""), resolve) // clientkey.go
	pl.resolveGrant(ctx, resolve)                                   // grant.go
	pl.setDPoP(ov)                                                  // dpop.go
	pl.Token.Extra = url.Values{}
	for i := range pl.Params {
		prm := &pl.Params[i]
		field := "params." + prm.Name
		prm.Value = get(field, field, &prm.Ref, false)
		pl.Token.Extra.Add(prm.Name, prm.Value)
	}
	for i := range pl.API.Headers {
		h := &pl.API.Headers[i]
		field := "api_headers." + h.Name
		h.Value = get(field, "header "+h.Name, &h.Ref, false)
	}
}

// APIURL is a profile's test request as a URL: an absolute path as is,
// else joined to the API base URL; the base URL alone without a path.
func APIURL(p profiles.Profile) string {
	path := p.TestRequest.Path
	if u, err := url.Parse(path); path != "" && err == nil && u.IsAbs() {
		return path
	}
	base := strings.TrimSuffix(p.APIBaseURL, "/")
	if path == "" || base == "" {
		return base + path
	}
	return base + "/" + strings.TrimPrefix(path, "/")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
