package flows

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// FetchJWKS GETs a JWK Set (RFC 7517 §5), usually the jwks_uri from
// discovery, through Send (label "jwks", capped at MaxProtocolBody), and
// checks that the answer is a JWK Set. The exchange is returned even on
// failure.
func FetchJWKS(ctx context.Context, hc *http.Client, jwksURL string) (jwks []byte, ex Exchange, err error) {
	ex, err = Send(ctx, hc, Request{Label: "jwks", Method: http.MethodGet, URL: jwksURL, MaxBody: MaxProtocolBody,
		Header: http.Header{"Accept": {"application/jwk-set+json, application/json"}}})
	switch {
	case err != nil:
		return nil, ex, fmt.Errorf("fetching the JWKS: %w", err)
	case ex.Status >= 300 && ex.Status < 400:
		return nil, ex, fmt.Errorf(
			"the JWKS endpoint answered %s, redirecting to %q (redirects are not followed; use that URL)",
			SanitizeLine(ex.StatusText),
			ex.ResponseHeaderGet("Location"),
		)
	case !ex.OK():
		return nil, ex, fmt.Errorf("the JWKS endpoint answered %s", SanitizeLine(ex.StatusText))
	case ex.Truncated:
		return nil, ex, fmt.Errorf("%w: %w", ErrInvalidJWKS, bodyTooLarge("the JWKS", ex, MaxProtocolBody))
	}
	if _, err := parseJWKS(ex.ResponseBody, ex.ContentType()); err != nil {
		return nil, ex, err
	}
	return ex.ResponseBody, ex, nil
}

// parseJWKS checks the shape of a JWK Set (RFC 7517 §5) and returns its keys.
func parseJWKS(body []byte, contentType string) ([]json.RawMessage, error) {
	body = []byte(strings.TrimSpace(string(body)))
	if contentType == "text/html" || len(body) > 0 && body[0] == '<' {
		return nil, fmt.Errorf("%w: the answer is an HTML page, not JSON (an error or login page?)", ErrInvalidJWKS)
	}
	var set map[string]json.RawMessage
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("%w: the answer is not a JSON object: %v", ErrInvalidJWKS, err)
	}
	var keys []json.RawMessage
	var objects []map[string]any
	rawKeys, ok := set["keys"]
	switch {
	case !ok:
		return nil, fmt.Errorf(
			`%w: the JSON has no "keys" member (a single JWK must be wrapped in {"keys": [...]})`,
			ErrInvalidJWKS,
		)
	case json.Unmarshal(rawKeys, &keys) != nil || json.Unmarshal(rawKeys, &objects) != nil:
		return nil, fmt.Errorf(`%w: "keys" is not an array of JSON objects`, ErrInvalidJWKS)
	case len(keys) == 0:
		return nil, fmt.Errorf("%w: the set has no keys", ErrInvalidJWKS)
	}
	return keys, nil
}

// Verification is the signature result of VerifyJWT. KID and Alg come from
// the token's header, sanitised for display.
type Verification struct {
	Verified bool
	KID, Alg string
	KeyFound bool   // a key with that kid was in the set
	Err      string // why not verified, in words
	// Crit means the "crit" header made the token invalid before any key
	// was looked at (RFC 7515 §4.1.11).
	Crit bool
}

// VerifyJWT checks the signature of raw (RFC 7515 §5.2) against a JWK Set
// (RFC 7517). Only algorithms the selected key allows are accepted: its own
// "alg" if it has one, else its type's family (RSA: RS*/PS*, EC: the ES* of
// its curve, OKP Ed25519: EdDSA); never "none", never HMAC. Claims are
// judged by CheckClaims, so an expired token can still show a good signature.
// A "crit" header naming any extension fails verification (RFC 7515
// §4.1.11): oauthlens implements none (see SupportedCrit).
func VerifyJWT(raw string, jwks []byte) Verification {
	d, err := DecodeJWT(raw)
	v := Verification{KID: SanitizeLine(d.KID()), Alg: SanitizeLine(d.Alg())}
	ks, jwksErr := loadKeySet(jwks)
	switch alg := d.Alg(); {
	case err != nil:
		v.Err = err.Error()
	case alg == "":
		v.Err = "the token has no alg header (RFC 7515 §4.1.1)"
	case strings.EqualFold(alg, "none"):
		v.Err = "algorithm none is never accepted (an unsigned token proves nothing)"
	case critProblem(d.Header) != "":
		v.Err, v.Crit = critProblem(d.Header), true
	case jwksErr != nil:
		v.Err = jwksErr.Error()
	case d.KID() != "":
		v.KeyFound, v.Err = ks.verifyKID(d)
	default:
		v.KeyFound, v.Err = ks.verifyAny(d)
	}
	v.Verified = v.Err == ""
	v.Err = SanitizeLine(v.Err) // one line: server text never starts a line of its own
	return v
}

// keySet is a JWK Set made ready for verification: the usable keys (public
// parts) behind a keyfunc.Keyfunc, every kid, and why keys were skipped.
type keySet struct {
	kf      keyfunc.Keyfunc
	keys    []jwkset.JWK
	kids    []string
	skipped map[string]string
}

func loadKeySet(jwks []byte) (keySet, error) {
	raws, err := parseJWKS(jwks, "")
	if err != nil {
		return keySet{}, err
	}
	ks, usable := keySet{skipped: map[string]string{}}, []json.RawMessage{}
	for _, r := range raws {
		var m jwkset.JWKMarshal
		_ = json.Unmarshal(r, &m)
		ks.kids = append(ks.kids, cmp.Or(SanitizeLine(m.KID), "(no kid)"))
		jwk, err := jwkset.NewJWKFromRawJSON(
			r,
			jwkset.JWKMarshalOptions{},
			jwkset.JWKValidateOptions{},
		) // public parts only
		switch {
		case m.KTY == jwkset.KtyOct:
			ks.skipped[m.KID] = `it is a shared secret (kty "oct"), which a published JWKS can't be trusted with`
		case err != nil:
			ks.skipped[m.KID] = err.Error()
		default:
			usable, ks.keys = append(usable, r), append(ks.keys, jwk)
		}
	}
	set, _ := json.Marshal(map[string]any{"keys": usable})
	if ks.kf, err = keyfunc.NewJWKSetJSON(set); err != nil {
		return ks, fmt.Errorf("the JWKS can't be used: %w", err)
	}
	return ks, nil
}

// verifyKID verifies with the key the token names, through keyfunc.
func (ks keySet) verifyKID(d DecodedJWT) (found bool, why string) {
	jwk, err := ks.kf.Storage().KeyRead(context.Background(), d.KID())
	if reason, ok := ks.skipped[d.KID()]; err != nil && ok {
		return true, fmt.Sprintf("the key with kid %q can't be used: %s", d.KID(), SanitizeLine(reason))
	} else if err != nil {
		return false, fmt.Sprintf("no key with kid %q in the JWKS (keys: %s) — the server may have rotated its keys",
			d.KID(), strings.Join(ks.kids, ", "))
	}
	return true, verifyWithKey(d, jwk.Marshal(), ks.kf.Keyfunc)
}

// verifyAny tries, for a token without a kid, every key that allows its alg.
func (ks keySet) verifyAny(d DecodedJWT) (found bool, why string) {
	why = fmt.Sprintf(
		"the token has no kid and no key in the JWKS allows %s (keys: %s)",
		d.Alg(),
		strings.Join(ks.kids, ", "),
	)
	for _, jwk := range ks.keys {
		if m := jwk.Marshal(); m.USE == jwkset.UseEnc || !slices.Contains(allowedAlgs(m), d.Alg()) {
			continue
		}
		found = true
		if why = verifyWithKey(d, jwk.Marshal(), func(*jwt.Token) (any, error) { return jwk.Key(), nil }); why == "" {
			break
		}
	}
	return found, why
}

// verifyWithKey refuses an alg the key does not allow, then parses with
// only the allowed algorithms and without claims validation.
func verifyWithKey(d DecodedJWT, m jwkset.JWKMarshal, kf jwt.Keyfunc) string {
	allowed, alg := allowedAlgs(m), d.Alg()
	kind := "an " + SanitizeLine(strings.TrimSpace(string(m.KTY)+" "+string(m.CRV))) + " key" // "an EC P-256 key"
	switch {
	case m.USE == jwkset.UseEnc:
		return fmt.Sprintf(`the key %q is an encryption key ("use": "enc", RFC 7517 §4.2), not a signing key`, m.KID)
	case len(allowed) == 0:
		return fmt.Sprintf("the key %q (%s, alg %q) can't verify signatures", m.KID, kind, m.ALG)
	case strings.HasPrefix(alg, "HS"):
		return fmt.Sprintf("the token says %s but the key is %s (algorithm confusion refused)", alg, kind)
	case !slices.Contains(allowed, alg):
		return fmt.Sprintf("the token says %s but the key is %s, which allows only %s (algorithm confusion refused)",
			alg, kind, strings.Join(allowed, ", "))
	}
	_, err := jwt.NewParser(jwt.WithValidMethods(allowed), jwt.WithoutClaimsValidation()).Parse(d.Raw, kf)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "signature invalid: the token was not signed with this key, or was changed after signing"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "the token is malformed: " + err.Error()
	}
	return "the signature could not be checked: " + err.Error()
}

// allowedAlgs lists the JWS algorithms (RFC 7518 §3.1) a key may verify.
func allowedAlgs(m jwkset.JWKMarshal) []string {
	family := map[string][]string{
		"RSA":         {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"},
		"EC P-256":    {"ES256"},
		"EC P-384":    {"ES384"},
		"EC P-521":    {"ES512"},
		"OKP Ed25519": {"EdDSA"},
	}[strings.TrimSpace(string(m.KTY)+" "+string(m.CRV))]
	switch {
	case m.ALG == "":
		return family
	case slices.Contains(family, string(m.ALG)):
		return []string{string(m.ALG)}
	}
	return nil
}
