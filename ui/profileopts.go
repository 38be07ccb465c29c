package ui

import (
	"context"
	"fmt"
	"slices"
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

// ProfileOptions fills the walk's options from a profile through
// walk.Build, resolving the client secret, the params and the API headers
// that are references. A reference that does not resolve leaves its value
// empty and is listed in SecretErrors, so that the walk opens with what
// resolved and says why. The error is for resolving that was interrupted
// (ctx ended); it names the profile, never a secret. The HTTP client, the
// clock and the store are left for the caller.
func ProfileOptions(ctx context.Context, p profiles.Profile) (Options, error) {
	pl, err := walk.Build(ctx, &p, walk.Overrides{}, tuiResolver(nil))
	o := PlanOptions(pl)
	if err != nil {
		return o, fmt.Errorf("profile %s: resolving its secret references: %w", p.Name, err)
	}
	return o, nil
}

// PlanOptions are the options of a plan: its resolved values for the
// fields, the plan itself for the references.
func PlanOptions(pl walk.Plan) Options {
	o := Options{Issuer: pl.Issuer, Discovery: pl.Discovery, TokenURL: pl.Token.TokenURL,
		ClientID: pl.Token.ClientID, ClientSecret: pl.Token.ClientSecret, AuthMethod: pl.Token.AuthMethod,
		Scopes: slices.Clone(pl.Token.Scopes), Audience: pl.Token.Audience, Resource: slices.Clone(pl.Token.Resource),
		APIMethod: pl.API.Method, APIURL: pl.API.URL, ReacquireOn: slices.Clone(pl.ReacquireOn),
		Profile: pl.Profile, Plan: &pl, SecretHeaders: pl.SecretHeaderNames()}
	if pl.Profile != nil {
		o.Title = pl.Profile.Name
	}
	for _, h := range pl.API.Headers {
		o.APIHeaders = append(o.APIHeaders, h.Name+": "+h.Value)
	}
	for _, u := range pl.Unresolved {
		switch {
		case u.Field == "client_secret":
			o.SecretErrors = append(o.SecretErrors, SecretError{Err: u.Err})
		case strings.HasPrefix(u.Field, "api_headers."):
			o.SecretErrors = append(o.SecretErrors, SecretError{Header: strings.TrimPrefix(u.Field, "api_headers."),
				Err: u.Err})
		}
	}
	return o
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
		o.RegisterClient = it.register
		if it.kind == kindDemo && err == nil {
			o.Demo = true
			if o.Audience == "" {
				o.Audience = strings.TrimSuffix(p.Issuer, "/") + "/api"
			}
		}
		return pickedProfile{opts: o}, err
	}
	p.APIHeaders = nil // template headers are references to set up first
	pl, err := walk.Build(ctx, &p, walk.Overrides{}, tuiResolver(nil))
	pl.Profile = &it.p
	return pickedProfile{opts: PlanOptions(pl)}, err
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

// tokenRequest is the token request as the fields stand, references not
// resolved: what the diagnoses compare with before an answer says what
// was sent.
func (m *Model) tokenRequest() flows.TokenRequest {
	method, ok := m.client.authMethod()
	if !ok {
		method = flows.AuthMethod(m.client.authText())
	}
	return flows.TokenRequest{TokenURL: m.discover.tokenURL(), ClientID: m.client.clientID(),
		ClientSecret: m.client.secret(), AuthMethod: method, Scopes: m.token.scopes(), Audience: m.token.audience(),
		Resource: m.token.resources()}
}
