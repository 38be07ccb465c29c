package ui

import "github.com/oauthlens/oauthlens/flows"

// grantTitles name each grant in the header (RFC 6749 §4, RFC 7636, RFC
// 8628, RFC 8693, RFC 7523).
var grantTitles = map[flows.GrantType]string{
	flows.GrantClientCredentials: "OAuth 2.0 client credentials",
	flows.GrantAuthorizationCode: "OAuth 2.0 authorization code + PKCE",
	flows.GrantDeviceCode:        "OAuth 2.0 device authorization",
	flows.GrantRefreshToken:      "OAuth 2.0 refresh token",
	flows.GrantTokenExchange:     "OAuth 2.0 token exchange",
	flows.GrantJWTBearer:         "OAuth 2.0 JWT bearer",
}

// grantTitle is the header's name of the grant in use: the one typed in
// step 3 when it is a known grant, else the plan's.
func (m *Model) grantTitle() string {
	g, ok := flows.NormalizeGrant(m.token.grant())
	if !ok || m.token.grant() == "" {
		g, _ = flows.NormalizeGrant(m.plan.GrantPlan.Name)
	}
	if t, ok := grantTitles[g]; ok {
		return t
	}
	return "OAuth 2.0 " + string(g)
}
