package walk

import (
	"cmp"
	"slices"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// ToProfile writes the plan back into a profile: base with every field the
// plan holds replaced. Secrets are written as the references they came
// from; a value that came from no reference is written as it is (the
// caller decides whether a literal secret may be stored). It is the
// inverse of Build, used to save a walk and to write a profile from flags.
func (pl Plan) ToProfile(base profiles.Profile) profiles.Profile {
	p := base
	p.Issuer, p.Discovery = pl.Issuer, pl.Discovery
	p.TokenURL, p.ClientID = pl.Token.TokenURL, pl.Token.ClientID
	p.ClientSecret = cmp.Or(pl.SecretRef, pl.Token.ClientSecret)
	p.AuthMethod = pl.Token.AuthMethod
	p.BasicEncoding = ""
	if pl.Token.BasicEncoding == flows.BasicRaw {
		p.BasicEncoding = flows.BasicRaw
	}
	p.Key, p.KeyAlg, p.AssertionAud, p.Cert = pl.Key.Ref, pl.Key.Alg, pl.Key.Aud, pl.Key.CertRef
	p.GrantFields = pl.GrantPlan.Fields()
	p.Scopes = slices.Clone(pl.Token.Scopes)
	p.Audience = pl.Token.Audience
	p.Resource = slices.Clone(pl.Token.Resource)
	p.Params = nil
	for _, prm := range pl.Params {
		if p.Params == nil {
			p.Params = map[string]string{}
		}
		p.Params[prm.Name] = cmp.Or(prm.Ref, prm.Value)
	}
	p.APIHeaders = nil
	for _, h := range pl.API.Headers {
		if p.APIHeaders == nil {
			p.APIHeaders = map[string]string{}
		}
		p.APIHeaders[h.Name] = cmp.Or(h.Ref, h.Value)
	}
	if pl.API.Method != "" {
		p.TestRequest.Method = pl.API.Method
	}
	if pl.API.URL != APIURL(base) {
		p.TestRequest.Path = pl.API.URL
	}
	if len(pl.ReacquireOn) > 0 {
		p.ReacquireOn = slices.Clone(pl.ReacquireOn)
	}
	return p
}

// ApplyOverrides writes overrides into a profile without resolving any
// reference: what `profiles new` does with its flags.
func ApplyOverrides(p profiles.Profile, ov Overrides) (profiles.Profile, error) {
	pl := fromProfile(p)
	if err := pl.override(ov); err != nil {
		return p, err
	}
	return pl.ToProfile(p), nil
}

// FromOverrides is the plan the overrides alone make, nothing resolved:
// with ToProfile, how a front-end writes what it would send into a
// profile (the TUI's save).
func FromOverrides(ov Overrides) (Plan, error) {
	var pl Plan
	err := pl.override(ov)
	return pl, err
}
