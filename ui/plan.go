package ui

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// The TUI builds every request through walk: the model holds the plan it
// was opened with (walk.Build from a profile, or the options), the fields
// the person edits overlay it as walk.Overrides, and each command that
// sends builds the plan it sends with walk.Build, so that references typed
// in any field are resolved there, never in Update.

// sendPlan is what a command needs to build the plan it sends: the base
// plan (its fixes tried, its re-acquire statuses), the fields as
// overrides, and the references the walk resolved when it opened, so
// that an unchanged reference is not resolved again (cmd: may prompt).
type sendPlan struct {
	base walk.Plan
	ov   walk.Overrides
	refs map[string]string // reference → value; read-only once made
}

// build resolves the overrides into the plan to send. A reference that
// does not resolve is an error naming its field.
func (s sendPlan) build(ctx context.Context) (walk.Plan, error) {
	pl, err := walk.Build(ctx, nil, s.ov, tuiResolver(s.refs))
	if err != nil {
		return pl, &flows.ConfigError{Msg: clean(err.Error())}
	}
	pl.Profile, pl.Tried, pl.ReacquireOn = s.base.Profile, s.base.Tried, s.base.ReacquireOn
	pl.Vendor = s.base.Vendor
	if len(pl.Unresolved) > 0 {
		return pl, unresolvedError(pl.Unresolved[0])
	}
	return pl, nil
}

// tuiResolver resolves a reference, from the walk's own first if it
// resolved already. Standard input belongs to the terminal here.
func tuiResolver(refs map[string]string) walk.Resolver {
	return func(ctx context.Context, _, ref string) (string, error) {
		if v, ok := refs[ref]; ok {
			return v, nil
		}
		if kind, _ := profiles.ParseRef(ref); kind == profiles.KindStdin {
			return "", fmt.Errorf("%q (standard input) cannot be read here: the terminal is the TUI's", ref)
		}
		return profiles.Resolve(ctx, ref, nil)
	}
}

// resolveAny resolves a reference outside a plan; a literal is itself.
func resolveAny(ctx context.Context, ref string) (string, error) {
	if ref == "" || profiles.IsLiteral(ref) {
		return ref, nil
	}
	return tuiResolver(nil)(ctx, "", ref)
}

// unresolvedError names the field of a reference that did not resolve.
func unresolvedError(u walk.Unresolved) error {
	return &flows.ConfigError{Msg: fmt.Sprintf("%s: the reference did not resolve: %s", fieldWords(u.Field),
		clean(u.Err.Error()))}
}

// fieldWords names a plan field as the form shows it.
func fieldWords(field string) string {
	switch {
	case field == "client_secret":
		return "Client secret (step 2)"
	case strings.HasPrefix(field, "api_headers."):
		return "header " + clean(strings.TrimPrefix(field, "api_headers.")) + " (step 4)"
	case strings.HasPrefix(field, "params."):
		return "Params " + clean(strings.TrimPrefix(field, "params.")) + " (step 3)"
	}
	return clean(field)
}

// resolvedRefs is every reference of a plan with its value.
func resolvedRefs(pl walk.Plan) map[string]string {
	refs := map[string]string{}
	unresolved := map[string]bool{}
	for _, u := range pl.Unresolved {
		unresolved[u.Field] = true
	}
	if pl.SecretRef != "" && !unresolved["client_secret"] {
		refs[pl.SecretRef] = pl.Token.ClientSecret
	}
	for _, p := range pl.Params {
		if p.Ref != "" && !unresolved["params."+p.Name] {
			refs[p.Ref] = p.Value
		}
	}
	for _, h := range pl.API.Headers {
		if h.Ref != "" && !unresolved["api_headers."+h.Name] {
			refs[h.Ref] = h.Value
		}
	}
	return refs
}

// sendPlan is the walk as it stands: the base plan with the fields over it.
func (m *Model) sendPlan() sendPlan {
	return sendPlan{base: m.plan, ov: m.overrides(), refs: maps.Clone(m.refs)}
}

// overrides are the fields as walk.Overrides. A value the walk resolved
// from a reference and that was not edited goes back as its reference, so
// that the plan keeps where it came from (the secret rule, saving).
func (m *Model) overrides() walk.Overrides {
	ov := walk.Overrides{
		Issuer: m.discover.issuer(), Discovery: m.discover.style, TokenURL: m.discover.tokenURL(),
		ClientID: m.client.clientID(), Auth: m.client.authText(),
		Scope: strings.Join(m.token.scopes(), " "), Audience: m.token.audience(), Resource: m.token.resources(),
		Params: m.token.params(), APIMethod: m.call.method(), APIURL: m.call.form.value(fAPIURL),
		Key: m.plan.Key.Ref, KeyAlg: m.plan.Key.Alg, AssertionAud: m.plan.Key.Aud, Cert: m.plan.Key.CertRef,
		GrantOverrides: grantOverrides(m.plan.GrantPlan, m.token.grant()), // the grant from step 3
		DPoP:           m.plan.GrantPlan.DPoP, DPoPKey: m.plan.Token.DPoP, // one DPoP key per walk
	}
	ov.ClientSecret = m.client.secret()
	if ov.ClientSecret != "" && ov.ClientSecret == m.plan.Token.ClientSecret && m.plan.SecretRef != "" {
		ov.ClientSecret = m.plan.SecretRef
	}
	for _, h := range m.call.headerLines() {
		ov.APIHeaders = append(ov.APIHeaders, m.headerRef(h))
	}
	if ov.Auth != "" {
		if _, ok := flows.NormalizeAuth(ov.Auth); !ok {
			ov.Auth = "" // step 2 says why
		}
	}
	return ov
}

// headerRef gives back a header's reference when its value is the one
// the reference resolved to.
func (m *Model) headerRef(h walk.Header) string {
	for _, ph := range m.plan.API.Headers {
		if strings.EqualFold(ph.Name, h.Name) && ph.Ref != "" && ph.Value == h.Ref {
			return h.Name + ": " + ph.Ref
		}
	}
	return h.Name + ": " + h.Ref
}

// planOf is the plan of options made without one (the demo, tests): the
// values are literal, the named secret headers marked by the rule.
func planOf(opts Options) walk.Plan {
	if opts.Plan != nil {
		return *opts.Plan
	}
	pl := walk.Plan{Profile: opts.Profile, Issuer: opts.Issuer, Discovery: opts.Discovery,
		Token: flows.TokenRequest{TokenURL: opts.TokenURL, ClientID: opts.ClientID, ClientSecret: opts.ClientSecret,
			AuthMethod: opts.AuthMethod, Scopes: opts.Scopes, Audience: opts.Audience, Resource: opts.Resource},
		API: walk.API{Method: opts.APIMethod, URL: opts.APIURL}, ReacquireOn: opts.ReacquireOn}
	for _, p := range opts.Params {
		k, v, _ := strings.Cut(p, "=")
		pl.Params = append(pl.Params, walk.Param{Name: k, Value: v})
	}
	for _, line := range opts.APIHeaders {
		if h, err := walk.ParseHeader(line); err == nil {
			pl.SetHeader(walk.Header{Name: h.Name, Value: h.Ref})
		}
	}
	return pl
}

// splitParams reads the Params field: "k=v" pairs separated by commas or
// spaces. A word without "=" continues the value before it, so that a
// reference such as "cmd:pass show x" keeps its spaces.
func splitParams(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		for _, w := range strings.Fields(part) {
			if strings.Contains(w, "=") || len(out) == 0 {
				out = append(out, w)
				continue
			}
			out[len(out)-1] += " " + w
		}
	}
	return out
}

// paramsText is the plan's params for the Params field: references as
// typed, literal values as they are.
func paramsText(ps []walk.Param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		v := p.Value
		if p.Ref != "" {
			v = p.Ref
		}
		parts[i] = p.Name + "=" + v
	}
	return strings.Join(parts, ", ")
}

// maskParams hides the literal values of secret params, for the form.
func maskParams(s string) string {
	parts := splitParams(s)
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		if walk.SecretField(k, v) && profiles.IsLiteral(v) {
			parts[i] = k + "=" + flows.Mask
		}
	}
	return strings.Join(parts, ", ")
}

// maskHeaders hides the literal values of secret headers ("K: V; K2:
// V2"), by the one secret rule, for the form.
func maskHeaders(s string) string {
	parts := strings.Split(s, ";")
	for i, line := range parts {
		h, err := walk.ParseHeader(line)
		if err != nil {
			continue
		}
		if walk.SecretHeader(h.Name, h.Ref) && profiles.IsLiteral(h.Ref) {
			parts[i] = h.Name + ": " + flows.Mask
		} else {
			parts[i] = strings.TrimSpace(line)
		}
	}
	return strings.Join(parts, "; ")
}
