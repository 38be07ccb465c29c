package walk

import (
	"context"
	"fmt"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// GrantPlan is the grant as the plan refers to it: its short name and the
// references of its tokens (never their values in a profile).
type GrantPlan struct {
	Name               string // flows.GrantNames: client_credentials (""), token_exchange, jwt_bearer
	SubjectTokenRef    string
	SubjectTokenType   string
	ActorTokenRef      string
	ActorTokenType     string
	RequestedTokenType string
	AssertionRef       string // jwt_bearer: a given assertion; empty means signed with the key
	AssertionSubject   string // jwt_bearer: sub of a signed assertion; "" the client id
	DPoP               bool   // DPoP-bound tokens (RFC 9449), for any grant
	RedirectURI        string // authorization_code: a fixed redirect URI; "" a random loopback port
	DeviceURL          string // device: the device authorization endpoint when the metadata names none
	values             []flows.Secret
}

// fromProfile reads the grant fields of a profile.
func grantFromProfile(g profiles.GrantFields) GrantPlan {
	return GrantPlan{Name: g.Grant, SubjectTokenRef: g.SubjectToken, SubjectTokenType: g.SubjectTokenType,
		ActorTokenRef: g.ActorToken, ActorTokenType: g.ActorTokenType, RequestedTokenType: g.RequestedTokenType,
		AssertionRef: g.Assertion, AssertionSubject: g.AssertionSubject, RedirectURI: g.RedirectURI,
		DeviceURL: g.DeviceURL}
}

// Fields is the grant as profile fields.
func (g GrantPlan) Fields() profiles.GrantFields {
	return profiles.GrantFields{Grant: g.Name, SubjectToken: g.SubjectTokenRef, SubjectTokenType: g.SubjectTokenType,
		ActorToken: g.ActorTokenRef, ActorTokenType: g.ActorTokenType, RequestedTokenType: g.RequestedTokenType,
		Assertion: g.AssertionRef, AssertionSubject: g.AssertionSubject, DPoP: g.DPoP, RedirectURI: g.RedirectURI,
		DeviceURL: g.DeviceURL}
}

// override applies the grant flags.
func (g *GrantPlan) override(ov GrantOverrides) error {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	if ov.Grant != "" {
		if _, ok := flows.NormalizeGrant(ov.Grant); !ok {
			return &UsageError{fmt.Sprintf("--grant %q: use %v", ov.Grant, flows.GrantNames())}
		}
		g.Name = ov.Grant
	}
	set(&g.SubjectTokenRef, ov.SubjectToken)
	set(&g.SubjectTokenType, ov.SubjectTokenType)
	set(&g.ActorTokenRef, ov.ActorToken)
	set(&g.ActorTokenType, ov.ActorTokenType)
	set(&g.RequestedTokenType, ov.RequestedTokenType)
	set(&g.AssertionRef, ov.Assertion)
	set(&g.AssertionSubject, ov.AssertionSubject)
	set(&g.RedirectURI, ov.RedirectURI)
	set(&g.DeviceURL, ov.DeviceURL)
	return nil
}

// GrantOverrides are the grant flags (--grant, --subject-token, …).
type GrantOverrides struct {
	Grant, SubjectToken, SubjectTokenType, ActorToken, ActorTokenType string
	RequestedTokenType, Assertion, AssertionSubject                   string
	RedirectURI                                                       string // --redirect-uri
	DeviceURL                                                         string // the device authorization endpoint
}

// resolveGrant resolves the grant's token references and sets Token.Grant.
func (pl *Plan) resolveGrant(ctx context.Context, resolve Resolver) {
	g := &pl.GrantPlan
	g.values = nil
	get := func(field, ref string) string {
		if ref == "" {
			return ""
		}
		if kind, _ := profiles.ParseRef(ref); kind == profiles.KindLiteral {
			return ref // a token typed as is (a warning is the front-end's)
		}
		v, err := resolve(ctx, "--"+field, ref)
		if err != nil {
			pl.Unresolved = append(pl.Unresolved, Unresolved{Field: field, Err: err})
		}
		return v
	}
	switch t, _ := flows.NormalizeGrant(g.Name); t {
	case flows.GrantTokenExchange:
		te := flows.TokenExchange{SubjectToken: get("subject-token", g.SubjectTokenRef),
			SubjectTokenType: g.SubjectTokenType, ActorToken: get("actor-token", g.ActorTokenRef),
			ActorTokenType: g.ActorTokenType, RequestedTokenType: g.RequestedTokenType}
		g.values = te.Secrets()
		pl.Token.Grant = te
	case flows.GrantJWTBearer:
		jb := flows.JWTBearer{Assertion: get("assertion", g.AssertionRef), Subject: g.AssertionSubject}
		if jb.Assertion == "" {
			jb.Key = pl.Token.Key
		}
		g.values = jb.Secrets()
		pl.Token.Grant = jb
	default:
		pl.Token.Grant = nil
	}
}

// secrets are the grant's resolved token values, for masking.
func (g GrantPlan) secrets() []flows.Secret { return g.values }
