package flows

import "net/url"

// GrantDeviceCode is the grant_type of the device authorization grant's
// token request (RFC 8628 §3.4).
const GrantDeviceCode GrantType = "urn:ietf:params:oauth:grant-type:device_code"

// DeviceCode is the device authorization grant's token request (RFC 8628
// §3.4): the device_code the device authorization endpoint gave, polled for
// until the person approves or denies it on another device.
type DeviceCode struct {
	Code string // the device_code (RFC 8628 §3.2)
}

// Type implements Grant.
func (DeviceCode) Type() GrantType { return GrantDeviceCode }

// Params implements Grant: device_code (RFC 8628 §3.4).
func (g DeviceCode) Params(form url.Values) { form.Set("device_code", g.Code) }

// Secrets implements Grant: the device code is a bearer credential until
// it is used or expires.
func (g DeviceCode) Secrets() []Secret { return []Secret{{Name: "DEVICE_CODE", Value: g.Code}} }

// Validate implements Grant.
func (g DeviceCode) Validate() error {
	if g.Code == "" {
		return &ConfigError{Msg: "no device_code: start with the device authorization request (RFC 8628 §3.1)"}
	}
	return nil
}
