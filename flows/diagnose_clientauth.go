package flows

import (
	"slices"
	"strings"
	"time"
)

// Diagnosis codes of client assertions, mutual TLS and DPoP.
const (
	CodeAssertionAudience = Code("token.assertion.aud")
	CodeAssertionExp      = Code("token.assertion.exp_too_far")
	CodeAssertionReplay   = Code("token.assertion.jti_replay")
	CodeAssertionKID      = Code("token.assertion.kid_unknown")
	CodeAssertionAlg      = Code("token.assertion.alg_unsupported")
	CodeAssertionSkew     = Code("token.assertion.clock_skew")
	CodeAssertionRejected = Code("token.assertion.rejected")
	CodeMTLSNoCert        = Code("token.mtls.cert_not_sent")
	CodeMTLSRejected      = Code("token.mtls.cert_rejected")
	CodeDPoPNonce         = Code("token.dpop.use_dpop_nonce")
	CodeDPoPProof         = Code("token.dpop.invalid_proof")
	CodeDPoPNotBound      = Code("token.dpop.not_bound")
)

// assertionSkew is how far the server's Date may be from ours before an
// assertion's iat/exp may be judged wrong.
const assertionSkew = 30 * time.Second

// diagnoseClientAuth explains failures of the methods that sign or present
// something (private_key_jwt, client_secret_jwt, mutual TLS) and of DPoP;
// nil when the failure is none of those.
func diagnoseClientAuth(e *OAuthError, c Context) []Diagnosis {
	switch {
	case e.Code == "use_dpop_nonce":
		return []Diagnosis{dpopNonce(e)}
	case e.Code == "invalid_dpop_proof":
		return []Diagnosis{clientAuthDiag(e, CodeDPoPProof, "The server refused the DPoP proof.",
			[]string{descriptionOr(e, "the proof's htm/htu, iat, jti or signature is not what the server expects")},
			"compare the decoded DPoP header with the request: htm and htu must match it exactly", "RFC 9449 §4.3")}
	case e.Code != "invalid_client" && e.Code != "invalid_grant":
		return nil
	}
	switch authUsed(c) {
	case AuthPrivateKeyJWT, AuthClientSecretJWT:
		return []Diagnosis{assertionDiag(e, c)}
	case AuthTLS, AuthSelfSignedTLS:
		return []Diagnosis{mtlsDiag(e)}
	}
	if _, ok := c.Request.grant().(JWTBearer); ok && e.Code == "invalid_grant" {
		return []Diagnosis{assertionDiag(e, c)}
	}
	return nil
}

// grant is the request's grant, nil-safe.
func (r *TokenRequest) grant() Grant {
	if r == nil {
		return nil
	}
	return r.Grant
}

// assertionDiag explains a refused JWT assertion by what the server said,
// the metadata and the server's clock.
func assertionDiag(e *OAuthError, c Context) Diagnosis {
	d, alg := e.Description, keyAlg(c)
	switch {
	case alg != "" && !algAdvertised(c, alg):
		return clientAuthDiag(e, CodeAssertionAlg, "The assertion is signed with "+alg+
			", which the server does not list in token_endpoint_auth_signing_alg_values_supported.",
			[]string{"the server accepts other algorithms only"},
			"make a key for an advertised algorithm: oauthlens keys new --alg "+advertisedAlgs(c), "RFC 8414 §2")
	case containsAny(d, "aud"):
		return clientAuthDiag(e, CodeAssertionAudience, "The server does not accept the assertion's aud.",
			[]string{"servers disagree on aud: some want the token endpoint URL, others the issuer"},
			"try the other audience: --assertion-aud "+otherAud(c)+" (profile assertion_aud)", "RFC 7523 §3")
	case containsAny(d, "exp", "lifetime", "too far", "lives"):
		return clientAuthDiag(e, CodeAssertionExp, "The server finds the assertion's exp too far in the future.",
			[]string{"the server accepts shorter assertion lifetimes than oauthlens's 60 s",
				"this machine's clock is ahead of the server's"},
			"check the clock (timedatectl or date -u); the server's limit is in its message", "RFC 7523 §3")
	case containsAny(d, "jti", "replay", "already used"):
		return clientAuthDiag(e, CodeAssertionReplay, "The server says the assertion's jti was used before.",
			[]string{"the same assertion was sent twice (a retry of a captured request, or --assertion REF reused)",
				"the server remembers jti longer than the assertion lives"},
			"send a fresh assertion: oauthlens signs a new one with a new jti on every request", "RFC 7523 §3")
	case containsAny(d, "kid", "key", "signature", "jwks"):
		return clientAuthDiag(e, CodeAssertionKID, "The server has no key to check the assertion's signature.",
			[]string{"the public key (kid " + keyID(c) + ") is not registered with the client",
				"the client was registered with another key (a rotation)"},
			"register the public JWKS: oauthlens register --jwks-from REF, or paste the output of oauthlens keys new",
			"RFC 7591 §2 (jwks)")
	}
	if skew, ok := serverSkew(c); ok {
		return clientAuthDiag(e, CodeAssertionSkew, "The server's clock differs from this machine's by "+
			skew.Round(time.Second).String()+", so the assertion's iat and exp look wrong to it.",
			[]string{"this machine's clock, or the server's, is wrong"}, "set the clock (timedatectl set-ntp true)",
			"RFC 7523 §3")
	}
	return clientAuthDiag(e, CodeAssertionRejected, "The server refused the client assertion.",
		[]string{descriptionOr(e, "the aud, exp, jti, kid or algorithm is not what the server expects")},
		"compare the decoded client_assertion (exchange pane, -v) with what the server wants", "RFC 7523 §3")
}

// mtlsDiag explains a refused client certificate.
func mtlsDiag(e *OAuthError) Diagnosis {
	if containsAny(e.Description, "no client certificate", "not sent", "no certificate", "missing") {
		return clientAuthDiag(e, CodeMTLSNoCert, "The server received no client certificate.",
			[]string{"the request went to the plain token endpoint, not the mtls_endpoint_aliases one",
				"a proxy in front of the server ends TLS and drops the certificate"},
			"use the server's mTLS endpoint (discovery's mtls_endpoint_aliases) and check --cert/--key", "RFC 8705 §5")
	}
	return clientAuthDiag(e, CodeMTLSRejected, "The server refused the client certificate.",
		[]string{"the certificate is not the one registered with the client (subject DN or thumbprint)",
			"its CA is not trusted by the server"},
		"register the certificate (tls_client_auth_subject_dn, or its jwks/x5c for self-signed)", "RFC 8705 §2")
}

// dpopNonce explains use_dpop_nonce: normal once, a problem after a retry.
func dpopNonce(e *OAuthError) Diagnosis {
	return clientAuthDiag(e, CodeDPoPNonce, "The server wants a DPoP nonce in the proof.",
		[]string{"the server requires nonces (RFC 9449 §8); its DPoP-Nonce header gives the value",
			"a nonce was sent but the server has rotated it"},
		"retry: oauthlens token and call resend once with the server's nonce", "RFC 9449 §8")
}

// clientAuthDiag builds a diagnosis with one cause list and one fix.
func clientAuthDiag(e *OAuthError, code Code, summary string, causes []string, fix, ref string) Diagnosis {
	return Diagnosis{Code: code, Summary: summary, Causes: causes, Fixes: []Fix{{Text: fix}}, Refs: []string{ref},
		Evidence: oauthEvidence(e)}
}

// keyAlg is the algorithm the request's assertion was signed with.
func keyAlg(c Context) string {
	if c.Request == nil {
		return ""
	}
	if authUsed(c) == AuthClientSecretJWT {
		return "HS256"
	}
	if c.Request.Key != nil {
		return c.Request.Key.Alg
	}
	return ""
}

// keyID is the kid of the request's key.
func keyID(c Context) string {
	if c.Request != nil && c.Request.Key != nil {
		return c.Request.Key.KID
	}
	return "?"
}

// algAdvertised reports whether the metadata lists alg, or lists nothing.
func algAdvertised(c Context, alg string) bool {
	algs := metadataList(c, "token_endpoint_auth_signing_alg_values_supported")
	return len(algs) == 0 || slices.Contains(algs, alg)
}

// advertisedAlgs is the first advertised algorithm oauthlens can sign with.
func advertisedAlgs(c Context) string {
	for _, a := range metadataList(c, "token_endpoint_auth_signing_alg_values_supported") {
		if slices.Contains(SigningAlgs, a) {
			return a
		}
	}
	return "ES256"
}

// metadataList reads a string list member of the metadata.
func metadataList(c Context, name string) []string {
	if c.Metadata == nil {
		return nil
	}
	raw, _ := c.Metadata.Raw[name].([]any)
	var out []string
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// otherAud is the assertion audience not used.
func otherAud(c Context) string {
	if r := c.Request; r != nil && r.AssertionAudience != "" && !strings.HasSuffix(r.AssertionAudience, "/token") {
		return "token"
	}
	return "issuer"
}

// serverSkew compares the Date of the token answer with when it arrived.
func serverSkew(c Context) (time.Duration, bool) {
	for i := len(c.Exchanges) - 1; i >= 0; i-- {
		ex := c.Exchanges[i]
		date, err := time.Parse(time.RFC1123, ex.ResponseHeaderGet("Date"))
		if err != nil || ex.Started.IsZero() {
			continue
		}
		skew := date.Sub(ex.Started.Add(ex.Duration))
		return skew, skew.Abs() > assertionSkew
	}
	return 0, false
}

// dpopNotes replaces the "not Bearer" note of a token asked for with DPoP:
// token_type DPoP is what was asked for; a token that is not bound to the
// walk's key is the problem instead (RFC 9449 §5, §6.1).
func dpopNotes(notes []Diagnosis, t Token, c Context) []Diagnosis {
	if c.Request == nil || c.Request.DPoP == nil {
		return notes
	}
	notes = slices.DeleteFunc(notes, func(d Diagnosis) bool { return d.Code == CodeTokenTypeNotBearer })
	if why := c.Request.DPoP.DPoPBinding(t); why != "" {
		notes = append(
			notes,
			Diagnosis{Code: CodeDPoPNotBound, Summary: "The token is not bound to this walk's DPoP key: " +
				why, Causes: []string{"the server does not support DPoP for this client, or ignored the proof"},
				Fixes: []Fix{
					{Text: "check dpop_signing_alg_values_supported in the metadata and the client's DPoP setting"},
				},
				Refs: []string{"RFC 9449 §5", "RFC 9449 §6.1"}},
		)
	}
	return notes
}
