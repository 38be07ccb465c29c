package walk

import "github.com/oauthlens/oauthlens/flows"

// Reacquires reports whether a call refused with one of the plan's
// re-acquire statuses may get a new token by sending the plan's token
// request again. Not for the grants a user takes part in (authorization
// code, device, refresh): their token request is not one that can be
// sent again without the person, and sending the plan's request as it
// stands would be another grant (client credentials) whose token the API
// never asked for. The refusal is then diagnosed (a 403 insufficient_scope
// offers step-up, RFC 6750 §3.1).
func (pl Plan) Reacquires() bool {
	switch g, _ := flows.NormalizeGrant(pl.GrantPlan.Name); g {
	case flows.GrantAuthorizationCode, flows.GrantDeviceCode, flows.GrantRefreshToken:
		return false
	}
	return true
}
