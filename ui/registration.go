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
