package demo

// Fault switches for client authentication and proof of possession. They
// are added to Faults at init, so that this file is their one home.
const (
	FaultAssertionAudIssuer Fault = "assertion-aud-issuer"
	FaultAssertionShortExp  Fault = "assertion-short-exp"
	FaultAssertionReplay    Fault = "assertion-replay"
	FaultAssertionKIDRotate Fault = "assertion-kid"
	FaultAssertionRS256Only Fault = "assertion-rs256-only"
	FaultDPoPNonce          Fault = "dpop-nonce"
)

// shortAssertionLife is the longest assertion lifetime accepted under
// FaultAssertionShortExp.
const shortAssertionLife = 30

func init() {
	Faults = append(
		Faults,
		FaultInfo{FaultAssertionAudIssuer,
			"client assertions must have the issuer as aud; the token endpoint URL is refused"},
		FaultInfo{
			FaultAssertionShortExp,
			"client assertions may live at most 30 s (exp - iat); longer ones are refused",
		},
		FaultInfo{FaultAssertionReplay, "every client assertion's jti is refused as already used (a replay)"},
		FaultInfo{
			FaultAssertionKIDRotate,
			"the client's registered keys are forgotten: the assertion's kid is unknown",
		},
		FaultInfo{FaultAssertionRS256Only, "only RS256 client assertions are accepted and advertised"},
		FaultInfo{FaultDPoPNonce, "the token endpoint and the API demand a DPoP nonce (use_dpop_nonce, RFC 9449 §8)"},
	)
}
