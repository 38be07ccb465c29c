package ui

import (
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// sentJWTLines shows the JWTs a request carried (client assertion, DPoP
// proof, …) decoded, after the raw request: header and claims, never the
// signature.
func sentJWTLines(st styles, ex flows.Exchange, w int) []string {
	var out []string
	for _, s := range ex.SentJWTs() {
		out = append(out, "")
		for i, l := range s.Lines() {
			if i == 0 {
				out = append(out, hardwrapLine(st.http.section.Render(l), w)...)
				continue
			}
			out = append(out, hardwrapLineAll(st.text.dim.Render(l), w)...)
		}
	}
	return out
}

// grantOverrides are the plan's grant settings with the grant typed in
// step 3; an unknown name is left to step 3's check.
func grantOverrides(g walk.GrantPlan, typed string) walk.GrantOverrides {
	ov := walk.GrantOverrides{SubjectToken: g.SubjectTokenRef, SubjectTokenType: g.SubjectTokenType,
		ActorToken: g.ActorTokenRef, ActorTokenType: g.ActorTokenType, RequestedTokenType: g.RequestedTokenType,
		Assertion: g.AssertionRef, AssertionSubject: g.AssertionSubject,
		RedirectURI: g.RedirectURI, DeviceURL: g.DeviceURL} // the profile's: step 3 has no field for them
	if _, ok := flows.NormalizeGrant(typed); ok {
		ov.Grant = typed
	}
	return ov
}
