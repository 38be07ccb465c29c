package demo

import "time"

// The fault switches of the flows with a user (authorization code, device,
// refresh); they join Faults at init.
const (
	FaultSlowDown           Fault = "slow-down"
	FaultExpiredDeviceCode  Fault = "expired-device-code"
	FaultRefreshTokenReused Fault = "refresh-reused"
	FaultWrongNonce         Fault = "wrong-nonce"
	FaultBadAtHash          Fault = "bad-at-hash"
	FaultBadCHash           Fault = "bad-c-hash"
	FaultStateMismatch      Fault = "state-mismatch"
	FaultPKCERequired       Fault = "pkce-required"
	FaultRedirectMismatch   Fault = "redirect-mismatch"
)

// shortDeviceLife is a device code's lifetime under FaultExpiredDeviceCode.
const shortDeviceLife = 10 * time.Second

// userFaults describe the faults above.
var userFaults = []FaultInfo{
	{FaultSlowDown, "the first poll of every device code answers slow_down (the client must add 5 s)"},
	{FaultExpiredDeviceCode, "device codes expire after 10 seconds (expired_token)"},
	{
		FaultRefreshTokenReused,
		"every refresh token is treated as already used: invalid_grant, and its family is revoked",
	},
	{FaultWrongNonce, "the ID token's nonce is not the one the authorization request sent"},
	{FaultBadAtHash, "the ID token's at_hash does not match the access token"},
	{FaultBadCHash, "the code flow's ID token carries a c_hash that does not match the authorization code"},
	{FaultStateMismatch, "the authorization redirect carries another state than the one sent (a CSRF or mix-up sign)"},
	{FaultPKCERequired, "every authorization request must carry an S256 code_challenge, confidential clients too"},
	{FaultRedirectMismatch, "the authorization endpoint refuses every redirect_uri (not registered)"},
}

func init() { Faults = append(Faults, userFaults...) }
