package ui

import (
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// registrationText is step 2's registration row: how the client in use is
// known to the server. RFC 7591 when this walk registered its client id,
// the admin API when the profile's template created it, CIMD when the id
// is the URL of a client metadata document, else pre-registered.
func (m *clientPane) registrationText() string {
	c := m.created
	mine := c != nil && c.clientID == m.clientID()
	if mine && c.kind == walk.CreateVendor {
		return "admin API: created in this walk with " + c.kind.Words()
	}
	registered := mine && c.kind == walk.CreateRFC7591
	return walk.PathWords(flows.RegistrationPathOf(m.clientID(), registered))
}

// registrationMetadata is the client metadata of step 2's RFC 7591
// registration: for the authorization code grant, a public client's
// (walk.Registration.Creation: grant_types, response_types, a loopback
// redirect_uris) so that the registered client can run the grant step 3
// asks for; the metadata typed in the form wins over it.
func (m *Model) registrationMetadata(typed map[string]any) map[string]any {
	if m.token.grantType() != flows.GrantAuthorizationCode {
		return typed
	}
	md := walk.Registration{}.Creation("", nil, m.plan.GrantPlan.RedirectURI).Registration.Metadata
	for k, v := range typed {
		md[k] = v
	}
	return md
}
