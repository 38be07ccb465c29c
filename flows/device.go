package flows

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DeviceAuthRequest is a device authorization request (RFC 8628 §3.1): the
// client asks for a device code and a user code for the person to enter on
// another device. A confidential client authenticates as it does at the
// token endpoint; a public one (AuthNone) sends its client_id.
type DeviceAuthRequest struct {
	Endpoint     string // device_authorization_endpoint (RFC 8628 §4)
	ClientID     string
	ClientSecret string
	AuthMethod   AuthMethod
	Scopes       []string
	Resource     []string   // RFC 8707
	Extra        url.Values // further parameters
}

// DeviceAuthorization is the device authorization response (RFC 8628 §3.2).
type DeviceAuthorization struct {
	DeviceCode              string
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string // optional: the URI with the user code in it
	ExpiresIn               int64  // seconds
	Interval                int64  // seconds between polls; 5 when the server sent none (§3.2)
	ReceivedAt              time.Time
	ExpiresAt               time.Time
	Fields                  map[string]any
}

// DefaultDeviceInterval is the polling interval when the server gives none
// (RFC 8628 §3.2).
const DefaultDeviceInterval = 5 * time.Second

// SlowDownStep is what every slow_down adds to the interval (RFC 8628 §3.5).
const SlowDownStep = 5 * time.Second

// PollInterval is the interval the server asked for.
func (d DeviceAuthorization) PollInterval() time.Duration {
	if d.Interval <= 0 {
		return DefaultDeviceInterval
	}
	return time.Duration(d.Interval) * time.Second
}

// Form builds the request's form; the client's credentials are added by its
// authentication method.
func (r DeviceAuthRequest) Form() url.Values {
	f := url.Values{}
	if len(r.Scopes) > 0 {
		f.Set("scope", strings.Join(r.Scopes, " "))
	}
	for _, res := range r.Resource {
		f.Add("resource", res)
	}
	for k, vs := range r.Extra {
		f[k] = append(f[k], vs...)
	}
	return f
}

// RequestDeviceAuthorization performs the device authorization request
// (RFC 8628 §3.1) and parses the answer (§3.2). The exchange is returned in
// every case; the device code is one of its secrets.
func RequestDeviceAuthorization(ctx context.Context, hc *http.Client, r DeviceAuthRequest) (DeviceAuthorization,
	Exchange, error) {
	if r.Endpoint == "" {
		return DeviceAuthorization{}, Exchange{Label: "device authorization", Method: http.MethodPost},
			&ConfigError{Msg: "no device_authorization_endpoint: the server's metadata has none (RFC 8628 §4)"}
	}
	c := ClientAuth{ID: r.ClientID, Secret: r.ClientSecret, Method: r.AuthMethod}
	ex, err := Send(ctx, hc, c.formRequest("device authorization", r.Endpoint, r.Form()))
	if err != nil {
		return DeviceAuthorization{}, ex, fmt.Errorf("device authorization request: %w", err)
	}
	if err := answerError("device authorization", ex); err != nil {
		return DeviceAuthorization{}, ex, err
	}
	fields, err := parseFields(ex.ResponseBody, ex.ContentType())
	if err != nil {
		return DeviceAuthorization{}, ex, fmt.Errorf("device authorization response: %w", err)
	}
	d, err := deviceFromFields(fields, ex.Started.Add(ex.Duration))
	if d.DeviceCode != "" {
		ex.Secrets = append(ex.Secrets, Secret{Name: "DEVICE_CODE", Value: d.DeviceCode})
	}
	return d, ex, err
}

// deviceFromFields reads §3.2's members; device_code, user_code,
// verification_uri and expires_in are required.
func deviceFromFields(f map[string]any, received time.Time) (DeviceAuthorization, error) {
	d := DeviceAuthorization{Fields: f, ReceivedAt: received,
		DeviceCode: stringField(f, "device_code"), UserCode: stringField(f, "user_code"),
		VerificationURI:         stringField(f, "verification_uri"),
		VerificationURIComplete: stringField(f, "verification_uri_complete")}
	if d.VerificationURI == "" {
		d.VerificationURI = stringField(f, "verification_url") // Google's pre-RFC name
	}
	if n, err := flexibleSeconds(f["expires_in"]); err == nil {
		d.ExpiresIn = n
		d.ExpiresAt = received.Add(time.Duration(n) * time.Second)
	}
	if n, err := flexibleSeconds(f["interval"]); err == nil {
		d.Interval = n
	}
	var missing []string
	for _, m := range []struct{ name, v string }{{"device_code", d.DeviceCode}, {"user_code", d.UserCode},
		{"verification_uri", d.VerificationURI}} {
		if m.v == "" {
			missing = append(missing, m.name)
		}
	}
	if d.ExpiresIn <= 0 {
		missing = append(missing, "expires_in")
	}
	if len(missing) > 0 {
		return d, fmt.Errorf("device authorization response lacks %s (RFC 8628 §3.2)", strings.Join(missing, ", "))
	}
	return d, nil
}

// DeviceEndpoint returns the device_authorization_endpoint of the metadata
// (RFC 8628 §4), or "".
func (m Metadata) DeviceEndpoint() string { return rawString(m.Raw, "device_authorization_endpoint") }

// rawString returns the string member key of a metadata document, or "".
func rawString(raw map[string]any, key string) string {
	s, _ := raw[key].(string)
	return s
}

// At returns d as received at when, for programs on another clock than the
// wall clock (see Token.At).
func (d DeviceAuthorization) At(when time.Time) DeviceAuthorization {
	d.ReceivedAt, d.ExpiresAt = when, when.Add(time.Duration(d.ExpiresIn)*time.Second)
	return d
}
