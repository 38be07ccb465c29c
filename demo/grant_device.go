package demo

import (
	"net/http"
	"net/url"
)

// grantDeviceCode is the grant_type of RFC 8628 §3.4.
const grantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"

// errors of the device grant's token request (RFC 8628 §3.5).
const (
	errAuthorizationPending = "authorization_pending"
	errSlowDown             = "slow_down"
	errAccessDenied         = "access_denied"
	errExpiredToken         = "expired_token"
	errInvalidGrant         = "invalid_grant"
)

// deviceCodeGrant handles a poll of the device grant (RFC 8628 §3.4): the
// device code must be the client's; until the person decides, the answer
// is authorization_pending (or slow_down, under FaultSlowDown, on the first
// poll); a device code gives one token only.
func (s *Server) deviceCodeGrant(_ *http.Request, c Client, form url.Values) (tokenRequest, *oauthError) {
	code, e := param(form, "device_code")
	if e != nil {
		return tokenRequest{}, e
	}
	d := s.devices
	d.mu.Lock()
	defer d.mu.Unlock()
	g, ok := d.byCode[code]
	switch {
	case code == "":
		return tokenRequest{}, badRequest(errInvalidRequest, "device_code is missing (RFC 8628 section 3.4)")
	case !ok || g.req.client.ID != c.ID:
		return tokenRequest{}, badRequest(
			errInvalidGrant,
			"the device_code is unknown to this server or not this client's",
		)
	case g.state == deviceUsed:
		return tokenRequest{}, badRequest(errInvalidGrant, "the device_code was already used for a token")
	case !s.now().Before(g.expires):
		return tokenRequest{}, badRequest(
			errExpiredToken,
			"the device_code has expired; start a new device authorization",
		)
	}
	g.polls++
	switch {
	case g.polls == 1 && s.has(FaultSlowDown):
		return tokenRequest{}, badRequest(errSlowDown, "polling too fast; add 5 seconds to the interval")
	case g.state == devicePending:
		return tokenRequest{}, badRequest(errAuthorizationPending, "the user has not yet approved the request at %s",
			deviceVerifyPath)
	case g.state == deviceDenied:
		return tokenRequest{}, badRequest(errAccessDenied, "the user denied the request")
	}
	g.state = deviceUsed
	return g.req, nil
}
