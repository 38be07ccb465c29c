package walk

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// MaxProbes is the most follow-up requests a refused token request may
// cause. Servers lock clients out after a few failed authentications
// (Okta, Entra, Keycloak's brute-force detection), so probes are few, go
// only to the token endpoint that refused, and carry the same credentials.
const MaxProbes = 3

// ProbeSpec is one follow-up request: the refused request with one
// setting changed.
type ProbeSpec struct {
	Label   string // the exchange's label: "probe: client_secret_post"
	What    string // in prose: "client_secret_post"
	Change  flows.Fix
	Request flows.TokenRequest
}

// Probes is what the follow-up requests showed.
type Probes struct {
	Outcomes   []flows.ProbeOutcome
	Conclusion flows.Diagnosis
}

// ShouldProbe reports whether a token error is one that probes can
// explain: invalid_client, or a bare 401/403 from the token endpoint.
func ShouldProbe(err error) bool { return flows.IsClientRefusal(err) }

// ProbeSpecs lists the probes for the plan's refused token request, in
// order, never more than MaxProbes: the other auth method (only when the
// metadata advertises it or lists no methods), client_secret_basic with
// the other encoding of id and secret (only when the two differ for this
// secret), and the metadata's scopes when none was asked.
func (pl Plan) ProbeSpecs(md *flows.Metadata) []ProbeSpec {
	req := pl.Token
	used, _ := flows.NormalizeAuth(req.AuthMethod)
	var out []ProbeSpec
	add := func(label, what string, fix flows.Fix, r flows.TokenRequest) {
		out = append(out, ProbeSpec{Label: flows.ProbeLabelPrefix + label, What: what, Change: fix, Request: r})
	}
	if other := otherMethod(used); other != "" && possible(md, other) {
		r := req
		r.AuthMethod, r.BasicEncoding = other, ""
		add(string(other), string(other), flows.Fix{Kind: flows.FixAuth, Value: string(other)}, r)
	}
	if flows.BasicEncodingsDiffer(req.ClientID, req.ClientSecret) &&
		(used == flows.AuthBasic || possible(md, flows.AuthBasic)) &&
		used != flows.AuthNone {
		r := req
		r.AuthMethod, r.BasicEncoding = flows.AuthBasic, flows.BasicRaw
		enc, what := flows.BasicRaw, "client_secret_basic with the raw id:secret"
		if used == flows.AuthBasic && req.BasicEncoding == flows.BasicRaw {
			r.BasicEncoding, enc, what = flows.BasicForm, flows.BasicForm, "client_secret_basic form-encoded (RFC 6749 §2.3.1)"
		}
		fix := flows.Fix{Kind: flows.FixBasicEnc, Value: string(enc)}
		if used != flows.AuthBasic {
			fix = flows.Fix{
				Kind:  flows.FixAuth,
				Value: string(flows.AuthBasic),
			} // the encoding alone would not change post
		}
		add("client_secret_basic, "+string(enc)+" encoding", what, fix, r)
	}
	if scopes := flows.SuggestedScopes(md); len(req.Scopes) == 0 && len(scopes) > 0 {
		r := req
		r.Scopes = scopes
		v := strings.Join(scopes, " ")
		add("scope "+v, "scope "+v, flows.Fix{Kind: flows.FixScope, Value: v}, r)
	}
	out = slices.DeleteFunc(out, func(s ProbeSpec) bool { return pl.triedBefore(s.Change) })
	if len(out) > MaxProbes {
		out = out[:MaxProbes]
	}
	return out
}

// triedBefore reports whether the walk sent the request a change would
// make already: a fix of its kind was applied from that value, and the
// walk has been refused since (it is probing), so the server refused it.
func (pl Plan) triedBefore(f flows.Fix) bool {
	for _, t := range pl.Tried {
		if authFix(t.Fix.Kind) && t.Fix.Kind == f.Kind && t.Before == normalValue(f) {
			return true
		}
	}
	return false
}

// authFix reports whether a fix kind is about client authentication: the
// fixes applied after a refusal of the client, so their "before" was
// refused. (A scope fix may follow invalid_scope, which is no refusal.)
func authFix(k flows.FixKind) bool { return k == flows.FixAuth || k == flows.FixBasicEnc }

// earlier are the refusals the walk met before its fixes, as outcomes
// without an exchange: the request with the setting a fix changed.
func (pl Plan) earlier() []flows.ProbeOutcome {
	var out []flows.ProbeOutcome
	for _, t := range pl.Tried {
		if authFix(t.Fix.Kind) {
			what := t.Before
			if t.Fix.Kind == flows.FixBasicEnc {
				what = "client_secret_basic, " + t.Before + " encoding"
			}
			out = append(out, flows.ProbeOutcome{Label: "before a fix: " + what, What: what,
				Change: flows.Fix{Kind: t.Fix.Kind, Value: t.Before}, Err: errRefusedBefore})
		}
	}
	return out
}

// errRefusedBefore is the outcome of a request the walk sent before a fix.
var errRefusedBefore = errors.New("refused before the fix (not sent again)")

// otherMethod is the secret method not used; "" for other methods.
func otherMethod(m flows.AuthMethod) flows.AuthMethod {
	switch m {
	case flows.AuthBasic:
		return flows.AuthPost
	case flows.AuthPost:
		return flows.AuthBasic
	}
	return ""
}

// possible reports whether the metadata allows method: listed, or no
// list (or no metadata) at all.
func possible(md *flows.Metadata, m flows.AuthMethod) bool {
	return md == nil || len(md.TokenEndpointAuthMethodsSupported) == 0 ||
		slices.Contains(md.TokenEndpointAuthMethodsSupported, string(m))
}

// Probe sends the plan's probes (see ProbeSpecs) to its token endpoint
// and concludes. It sends nothing when the token URL is unknown. The
// exchanges are labelled "probe: …" for the timeline.
func Probe(ctx context.Context, hc *http.Client, pl Plan, md *flows.Metadata) Probes {
	var p Probes
	if pl.Token.TokenURL == "" {
		p.Conclusion = flows.ConcludeProbes(pl.Token, nil)
		return p
	}
	for _, s := range pl.ProbeSpecs(md) {
		if ctx.Err() != nil {
			break
		}
		s.Request.TokenURL = pl.Token.TokenURL // never another endpoint
		_, ex, err := flows.RequestToken(ctx, hc, s.Request)
		ex.Label = s.Label
		p.Outcomes = append(p.Outcomes, flows.ProbeOutcome{Label: s.Label, What: s.What, Change: s.Change,
			Exchange: ex, Err: err})
		if err == nil {
			break // the answer is found: no need to knock again
		}
	}
	// what the walk was refused before its fixes counts too, without
	// being sent again (after a failed fix, the conclusion is shown instead)
	p.Conclusion = flows.ConcludeProbes(pl.Token, append(pl.earlier(), p.Outcomes...))
	return p
}

// Exchanges are the probes' exchanges, in order.
func (p Probes) Exchanges() []flows.Exchange {
	out := make([]flows.Exchange, 0, len(p.Outcomes))
	for _, o := range p.Outcomes {
		if o.Exchange.Method != "" {
			out = append(out, o.Exchange)
		}
	}
	return out
}

// Explain puts the conclusion before the diagnoses of the refused
// request and drops their fixes that a probe tried and the server
// refused as well, so that a walk never offers what it already knows
// fails.
func (p Probes) Explain(ds []flows.Diagnosis) []flows.Diagnosis {
	out := flows.ExplainProbes(flows.TokenRequest{}, p.Outcomes, ds)
	out[0] = p.Conclusion
	return out
}
