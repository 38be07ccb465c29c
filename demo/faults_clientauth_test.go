package demo_test

import (
	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// jwtClient makes the checkup authenticate as the demo JWT client with
// private_key_jwt.
func jwtClient(r *flows.CheckupRequest) {
	key, err := flows.ParseSigningKeyPEM([]byte(demo.JWTClientKeyPEM), "")
	if err != nil {
		panic(err)
	}
	r.Token.ClientID, r.Token.ClientSecret, r.Token.AuthMethod, r.Token.Key =
		demo.JWTClientID, "", flows.AuthPrivateKeyJWT, key
}

// withDPoP makes the checkup ask for a DPoP-bound token.
func withDPoP(r *flows.CheckupRequest) {
	d, err := flows.NewDPoP("ES256")
	if err != nil {
		panic(err)
	}
	r.Token.DPoP = d
	if r.Call != nil {
		r.Call.DPoP = d
	}
}

func init() {
	faultCases = append(faultCases,
		faultCase{fault: demo.FaultAssertionAudIssuer, change: jwtClient, step: "token", status: "fail",
			code: "token.assertion.aud", cause: "token endpoint URL, others the issuer", fix: "--assertion-aud issuer"},
		faultCase{fault: demo.FaultAssertionShortExp, change: jwtClient, step: "token", status: "fail",
			code: "token.assertion.exp_too_far", cause: "shorter assertion lifetimes", fix: "date -u"},
		faultCase{fault: demo.FaultAssertionReplay, change: jwtClient, step: "token", status: "fail",
			code: "token.assertion.jti_replay", cause: "sent twice", fix: "new jti"},
		faultCase{fault: demo.FaultAssertionKIDRotate, change: jwtClient, step: "token", status: "fail",
			code: "token.assertion.kid_unknown", cause: "not registered", fix: "--jwks-from"},
		faultCase{fault: demo.FaultAssertionRS256Only, change: jwtClient, step: "token", status: "fail",
			code: "token.assertion.alg_unsupported", cause: "other algorithms", fix: "keys new --alg RS256"},
		faultCase{fault: demo.FaultDPoPNonce, change: withDPoP, step: "token", status: "fail",
			code: "token.dpop.use_dpop_nonce", cause: "DPoP-Nonce header", fix: "resend once with the server's nonce"},
	)
}
