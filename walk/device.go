package walk

import (
	"context"
	"net/http"
	"net/url"

	"github.com/oauthlens/oauthlens/flows"
)

// DeviceStart is the start of a device authorization grant (RFC 8628): the
// discovery it needed, the device authorization, and every exchange made.
type DeviceStart struct {
	Discovery *flows.Discovery
	Auth      flows.DeviceAuthorization
	Exchanges []flows.Exchange
	Warnings  []Warning
}

// DeviceRequest is the plan's device authorization request to endpoint:
// the same client, authentication, scopes, resources and audience as its
// token request (RFC 8628 §3.1; Auth0 picks the API by audience there).
func (pl Plan) DeviceRequest(endpoint string) flows.DeviceAuthRequest {
	t := pl.Token
	return flows.DeviceAuthRequest{Endpoint: endpoint, ClientID: t.ClientID, ClientSecret: t.ClientSecret,
		AuthMethod: t.AuthMethod, Scopes: t.Scopes, Resource: t.Resource, Extra: audienceParam(t.Audience)}
}

// audienceParam is the audience parameter of a request a user approves
// (authorization, device authorization), where servers such as Auth0 choose
// the API the token is for; nil without one.
func audienceParam(aud string) url.Values {
	if aud == "" {
		return nil
	}
	return url.Values{"audience": {aud}}
}

// StartDevice discovers the server when needed (with the issuer check),
// fills the plan's token URL, warns about the destination, and makes the
// device authorization request. deviceURL (--device-url), else the
// profile's device_url (GrantPlan.DeviceURL), is used instead of the
// metadata's device_authorization_endpoint, as a profile's token_url is
// instead of the token_endpoint. Poll the token endpoint next with
// flows.NewDevicePoller(pl.Token, start.Auth).
func StartDevice(ctx context.Context, hc *http.Client, pl *Plan, deviceURL string, g Guards) (DeviceStart, error) {
	var st DeviceStart
	if deviceURL == "" {
		deviceURL = pl.GrantPlan.DeviceURL
	}
	if pl.Issuer != "" && (deviceURL == "" || pl.Token.TokenURL == "") {
		d, exs, ws, err := Discover(ctx, hc, *pl, g)
		st.Discovery, st.Exchanges, st.Warnings = d, exs, ws
		if err != nil {
			return st, err
		}
		if pl.Token.TokenURL == "" {
			pl.Token.TokenURL = d.Metadata.TokenEndpoint
		}
		if deviceURL == "" {
			deviceURL = d.Metadata.DeviceEndpoint()
		}
	}
	if deviceURL == "" {
		return st, &flows.ConfigError{Msg: "no device authorization endpoint: the metadata names none " +
			"(RFC 8628 §4); give --device-url"}
	}
	for _, w := range Destination("the device authorization endpoint", deviceURL, pl.issuerOf(st.Discovery)) {
		st.Warnings = g.warn(st.Warnings, w)
	}
	auth, ex, err := flows.RequestDeviceAuthorization(ctx, hc, pl.DeviceRequest(deviceURL))
	st.Auth = auth
	st.Exchanges = append(st.Exchanges, ex)
	if err != nil {
		return st, err
	}
	return st, nil
}
