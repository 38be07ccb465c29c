package flows

import (
	"strings"
	"time"
)

// CodeJWTExpired is the diagnosis of a token (pasted or decoded on its
// own, not just received) whose exp has passed.
const CodeJWTExpired Code = "jwt.expired"

// InspectJWT explains what is wrong with a JWT looked at on its own (a
// token a customer sent, pasted into the inspector): it has expired (RFC
// 7519 §4.1.4), its nbf/iat are ahead of this clock (clock skew), its iss
// differs from c.Metadata's issuer or its aud from c.Request's audience or
// resource, its signature did not verify against c.Verification's JWKS
// (alg none and algorithm confusion included). c.JWT must be set; nil
// when nothing is wrong.
func InspectJWT(c Context) []Diagnosis {
	if c.JWT == nil {
		return nil
	}
	if c.Now.IsZero() {
		c.Now = time.Now()
	}
	var out []Diagnosis
	if exp, ok := c.JWT.Time("exp"); ok && !c.Now.Before(exp) {
		out = append(out, expiredNote(exp, c.Now))
	}
	if d, ok := clockSkew(Token{}, c); ok {
		out = append(out, d)
	}
	out = append(out, claimNotes(c)...)
	if c.Verification != nil && !c.Verification.Verified {
		out = append(out, verificationNote(*c.Verification))
	}
	return out
}

// expiredNote says the token has expired: every API refuses it.
func expiredNote(exp, now time.Time) Diagnosis {
	return Diagnosis{Code: CodeJWTExpired,
		Summary: "The token expired " + Relative(exp, now) + " (exp " + exp.UTC().Format(time.RFC3339) +
			"): an API that checks it answers 401 invalid_token.",
		Causes: []string{"the token was kept and used after its lifetime ran out",
			"the client does not renew tokens before expires_in runs out",
			"this machine's clock is ahead (check it with date -u)"},
		Fixes: []Fix{{Text: "get a new token and use that one"},
			{Text: "renew tokens shortly before they expire instead of on failure"}},
		Refs:     []string{"RFC 7519 §4.1.4", "RFC 6750 §3.1"},
		Evidence: []string{"exp " + exp.UTC().Format(time.RFC3339), "now " + now.UTC().Format(time.RFC3339)},
	}
}

// IsSigningAlg reports whether alg is an asymmetric JWS algorithm (RFC
// 7518 §3.1) that a published JWK Set can verify: RS*, PS*, ES*, EdDSA.
func IsSigningAlg(alg string) bool {
	switch {
	case alg == "EdDSA":
		return true
	case len(alg) != 5:
		return false
	}
	return strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS") || strings.HasPrefix(alg, "ES")
}
