package ui

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// placeholderMark starts the parts of a template that must be filled in.
const placeholderMark = "YOUR-"

// SecretError is a secret reference of a profile that did not resolve.
type SecretError struct {
	Header string // the API header it is the value of; "" for the client secret
	Err    error  // names the reference, never a secret
}

// note is the status line's word on it: what, why, and where to type it.
func (e SecretError) note() string {
	if e.Header == "" {
		return fmt.Sprintf("client secret: %s; type it in step 2", clean(e.Err.Error()))
	}
	return fmt.Sprintf("header %s: %s; type it in step 4", clean(e.Header), clean(e.Err.Error()))
}

// ProfileOptions fills the walk's options from a profile, resolving the
// client secret and the API headers that are references. A reference that
// does not resolve leaves its value empty and is listed in SecretErrors,
// so that the walk opens with what resolved and says why. The error is
// for resolving that was interrupted (ctx ended); it names the profile,
// never a secret. The HTTP client, the clock and the store are left for
// the caller.
func ProfileOptions(ctx context.Context, p profiles.Profile) (Options, error) {
	o := profileFields(p)
	secret, err := resolveRef(ctx, p.ClientSecret)
	if err != nil {
		o.SecretErrors = append(o.SecretErrors, SecretError{Err: err})
	}
	o.ClientSecret = secret
	names := make([]string, 0, len(p.APIHeaders))
	for k := range p.APIHeaders {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v, err := resolveRef(ctx, p.APIHeaders[k])
		if err != nil {
			o.SecretErrors = append(o.SecretErrors, SecretError{Header: k, Err: err})
		}
		o.APIHeaders = append(o.APIHeaders, k+": "+v)
		if walk.SecretHeader(k, p.APIHeaders[k]) {
			o.SecretHeaders = append(o.SecretHeaders, k)
		}
	}
	if err := ctx.Err(); err != nil {
		return o, fmt.Errorf("profile %s: resolving its secret references: %w", p.Name, err)
	}
	return o, nil
}

// profileFields copies the fields that need no resolving.
func profileFields(p profiles.Profile) Options {
	prof := p
	return Options{Title: p.Name, Issuer: p.Issuer, Discovery: p.Discovery, TokenURL: p.TokenURL, ClientID: p.ClientID,
		AuthMethod: p.AuthMethod, Scopes: slices.Clone(p.Scopes), Audience: p.Audience, Resource: slices.Clone(p.Resource),
		APIMethod: p.TestRequest.Method, APIURL: apiURL(p), ReacquireOn: slices.Clone(p.ReacquireOn), Profile: &prof}
}

// apiURL is the profile's test request as a URL: an absolute path as is,
// else joined to the API base URL; the base URL alone without a path.
func apiURL(p profiles.Profile) string {
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

// resolveRef resolves a secret reference; an empty one is no secret and a
// literal is itself. Standard input belongs to the terminal here.
func resolveRef(ctx context.Context, ref string) (string, error) {
	if ref == "" || profiles.IsLiteral(ref) {
		return ref, nil
	}
	return profiles.Resolve(ctx, ref, nil)
}

// pickedProfile is a picker entry made ready for the walk.
type pickedProfile struct {
	opts Options
}

// profileResolvedMsg is the result of resolveProfileCmd.
type profileResolvedMsg struct {
	seq  int
	name string
	got  pickedProfile
	err  error
}

// resolveProfileCmd resolves a chosen entry's references. An entry whose
// secret does not resolve opens anyway, with the secret to be typed (as
// -p does); a template's placeholders are emptied.
func resolveProfileCmd(ctx context.Context, it profileItem, seq int) tea.Cmd {
	return func() tea.Msg {
		got, err := prepareProfile(ctx, it)
		return profileResolvedMsg{seq: seq, name: it.p.Name, got: got, err: err}
	}
}

func prepareProfile(ctx context.Context, it profileItem) (pickedProfile, error) {
	p := it.p
	if it.kind != kindTemplate {
		o, err := ProfileOptions(ctx, p)
		if it.kind == kindDemo && err == nil {
			o.Demo = true
			if o.Audience == "" {
				o.Audience = strings.TrimSuffix(p.Issuer, "/") + "/api"
			}
		}
		return pickedProfile{opts: o}, err
	}
	var got pickedProfile
	secret, err := resolveRef(ctx, p.ClientSecret)
	p.ClientSecret = ""
	p.APIHeaders = nil // template headers are references to set up first
	got.opts = profileFields(p)
	got.opts.ClientSecret = secret
	got.opts.Profile = &it.p
	if err != nil {
		got.opts.SecretErrors = []SecretError{{Err: err}}
	}
	return got, ctx.Err()
}

// takePlaceholders empties the options' template placeholders ("YOUR-…")
// and returns them by profile key, so that the walk shows them as hints.
func takePlaceholders(o *Options) map[string]string {
	out := map[string]string{}
	take := func(key string, v *string) {
		if strings.Contains(*v, placeholderMark) {
			out[key], *v = *v, ""
		}
	}
	take("issuer", &o.Issuer)
	take("token_url", &o.TokenURL)
	take("client_id", &o.ClientID)
	take("audience", &o.Audience)
	if s := strings.Join(o.Scopes, " "); strings.Contains(s, placeholderMark) {
		out["scopes"], o.Scopes = s, nil
	}
	if s := strings.Join(o.Resource, " "); strings.Contains(s, placeholderMark) {
		out["resource"], o.Resource = s, nil
	}
	return out
}

// tokenRequest gathers the token request from steps 1 to 3. It is, with
// the Options above, the UI's own profile→request code: one place, to be
// replaced by the shared walk layer.
func (m *Model) tokenRequest() flows.TokenRequest {
	method, ok := m.client.authMethod()
	if !ok {
		method = flows.AuthMethod(m.client.authText())
	}
	return flows.TokenRequest{
		TokenURL:     m.discover.tokenURL(),
		ClientID:     m.client.clientID(),
		ClientSecret: m.client.secret(),
		AuthMethod:   method,
		Scopes:       m.token.scopes(),
		Audience:     m.token.audience(),
		Resource:     m.token.resources(),
	}
}
