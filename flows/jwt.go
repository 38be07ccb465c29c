package flows

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// DecodedJWT is a JWT (RFC 7519) split for display. It is never trusted:
// decoding is not verification (see VerifyJWT).
type DecodedJWT struct {
	Raw       string
	Header    map[string]any
	Claims    map[string]any
	Signature string // base64url as received
}

var (
	// ErrNotJWT means the token is opaque: not three base64url JSON parts.
	// Only the server can read such a token (e.g. by introspection, RFC 7662).
	ErrNotJWT = errors.New("not a JWT")
	// ErrEncryptedJWT means the token is a JWE (RFC 7516, five parts): its
	// claims can't be read without the recipient's private key.
	ErrEncryptedJWT = errors.New("encrypted JWT (JWE)")
	// ErrInvalidJWKS means a document is not a usable JWK Set (RFC 7517 §5).
	ErrInvalidJWKS = errors.New("not a usable JWK Set")
)

// DecodeJWT splits a signed JWT (the JWS compact serialization, RFC 7515
// §7.1) into header, claims and signature without checking anything. A
// leading "Bearer " is ignored. Opaque tokens give an error wrapping
// ErrNotJWT, five-part tokens ErrEncryptedJWT, and a broken header or claims
// part an error that names the part.
func DecodeJWT(raw string) (DecodedJWT, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 7 && strings.EqualFold(raw[:7], "bearer ") {
		raw = strings.TrimSpace(raw[7:])
	}
	d := DecodedJWT{Raw: raw}
	parts := strings.Split(raw, ".")
	switch {
	case raw == "":
		return d, fmt.Errorf("%w: the token is empty", ErrNotJWT)
	case len(parts) == 5:
		return d, fmt.Errorf("%w: the token has five parts (RFC 7516), so its claims are encrypted and can't be decoded without the recipient's key", ErrEncryptedJWT)
	case len(parts) != 3:
		return d, fmt.Errorf("%w: an opaque token (%d part(s); a signed JWT has 3, RFC 7519 §3); only the server can read it, e.g. through introspection (RFC 7662)", ErrNotJWT, len(parts))
	}
	claims := jwt.MapClaims{}
	tok, _, err := jwt.NewParser().ParseUnverified(raw, claims)
	if err != nil { // only a broken header or claims part stops the display
		if err := diagnoseParts(parts); err != nil {
			return d, err
		}
	}
	d.Header, d.Claims, d.Signature = tok.Header, claims, parts[2]
	return d, nil
}

// diagnoseParts says which of the header and claims parts is broken, or
// that the token is opaque when the first part doesn't even look like JSON.
func diagnoseParts(parts []string) error {
	if err := jsonObjectSegment(parts[0]); err != nil {
		if !strings.HasPrefix(parts[0], "ey") { // base64url of `{"` or `{ `
			return fmt.Errorf("%w: an opaque token (its first part is not base64url JSON)", ErrNotJWT)
		}
		return fmt.Errorf("the JWT header (part 1 of 3) is broken: %w", err)
	}
	if err := jsonObjectSegment(parts[1]); err != nil {
		return fmt.Errorf("the JWT claims (part 2 of 3) are broken: %w", err)
	}
	return nil
}

func jsonObjectSegment(seg string) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return fmt.Errorf("not valid base64url: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	return nil
}

// Alg returns the "alg" header parameter (RFC 7515 §4.1.1).
func (d DecodedJWT) Alg() string { s, _ := d.Header["alg"].(string); return s }

// KID returns the "kid" header parameter (RFC 7515 §4.1.4).
func (d DecodedJWT) KID() string { s, _ := d.Header["kid"].(string); return s }

// Time reads a NumericDate claim (RFC 7519 §2: seconds since the epoch,
// possibly fractional) such as exp, iat, nbf or auth_time, in UTC. A numeric
// string is accepted too, as some servers send one.
func (d DecodedJWT) Time(claim string) (time.Time, bool) {
	v, ok := d.Claims[claim]
	if !ok || v == nil {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(fmt.Sprint(v)), 64)
	if err != nil || math.IsNaN(f) || math.Abs(f) > 253402300799 { // %v of a float64 parses back exactly; no NaN, Inf or years past 9999
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
}

// Audience returns the "aud" claim (RFC 7519 §4.1.3), a string or an array.
func (d DecodedJWT) Audience() []string { return claimStrings(d.Claims["aud"], false) }

// Scopes returns the granted scopes: "scope" (space separated, RFC 9068
// §2.2.3, or an array as IdentityServer sends it) and "scp" (an array or a
// string, as Okta and Entra ID send it), without duplicates.
func (d DecodedJWT) Scopes() []string {
	out := claimStrings(d.Claims["scope"], true)
	for _, s := range claimStrings(d.Claims["scp"], true) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// claimStrings reads a string or an array of strings; split breaks strings
// at spaces.
func claimStrings(v any, split bool) []string {
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	var out []string
	for _, e := range items {
		if s, ok := e.(string); ok && split {
			out = append(out, strings.Fields(s)...)
		} else if ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

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
		return nil, ex, fmt.Errorf("the JWKS endpoint answered %s, redirecting to %q (redirects are not followed; use that URL)",
			Sanitize(ex.StatusText), ex.ResponseHeaderGet("Location"))
	case !ex.OK():
		return nil, ex, fmt.Errorf("the JWKS endpoint answered %s", Sanitize(ex.StatusText))
	case ex.Truncated:
		return nil, ex, fmt.Errorf("%w: the answer is larger than %d bytes and was cut", ErrInvalidJWKS, MaxProtocolBody)
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
		return nil, fmt.Errorf(`%w: the JSON has no "keys" member (a single JWK must be wrapped in {"keys": [...]})`, ErrInvalidJWKS)
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
}

// VerifyJWT checks the signature of raw (RFC 7515 §5.2) against a JWK Set
// (RFC 7517). Only algorithms the selected key allows are accepted: its own
// "alg" if it has one, else its type's family (RSA: RS*/PS*, EC: the ES* of
// its curve, OKP Ed25519: EdDSA); never "none", never HMAC. Claims are
// judged by CheckClaims, so an expired token can still show a good signature.
func VerifyJWT(raw string, jwks []byte) Verification {
	d, err := DecodeJWT(raw)
	v := Verification{KID: Sanitize(d.KID()), Alg: Sanitize(d.Alg())}
	ks, jwksErr := loadKeySet(jwks)
	switch alg := d.Alg(); {
	case err != nil:
		v.Err = err.Error()
	case alg == "":
		v.Err = "the token has no alg header (RFC 7515 §4.1.1)"
	case strings.EqualFold(alg, "none"):
		v.Err = "algorithm none is never accepted (an unsigned token proves nothing)"
	case jwksErr != nil:
		v.Err = jwksErr.Error()
	case d.KID() != "":
		v.KeyFound, v.Err = ks.verifyKID(d)
	default:
		v.KeyFound, v.Err = ks.verifyAny(d)
	}
	v.Verified = v.Err == ""
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
		ks.kids = append(ks.kids, cmp.Or(Sanitize(m.KID), "(no kid)"))
		jwk, err := jwkset.NewJWKFromRawJSON(r, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{}) // public parts only
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
		return true, fmt.Sprintf("the key with kid %q can't be used: %s", d.KID(), Sanitize(reason))
	} else if err != nil {
		return false, fmt.Sprintf("no key with kid %q in the JWKS (keys: %s) — the server may have rotated its keys",
			d.KID(), strings.Join(ks.kids, ", "))
	}
	return true, verifyWithKey(d, jwk.Marshal(), ks.kf.Keyfunc)
}

// verifyAny tries, for a token without a kid, every key that allows its alg.
func (ks keySet) verifyAny(d DecodedJWT) (found bool, why string) {
	why = fmt.Sprintf("the token has no kid and no key in the JWKS allows %s (keys: %s)", d.Alg(), strings.Join(ks.kids, ", "))
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
	kind := fmt.Sprintf("an %s key", Sanitize(strings.TrimSpace(string(m.KTY)+" "+string(m.CRV)))) // "an EC P-256 key"
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

// Finding is one result of CheckClaims, for display and for the CLI.
type Finding struct {
	Severity string // "error" | "warning" | "info"
	Code     string // stable identifier, listed on CheckClaims
	Message  string
}

// ClockLeeway is the clock skew CheckClaims tolerates (RFC 7519 §4.1.5).
const ClockLeeway = 60 * time.Second

// CheckClaims compares the claims with what discovery and the profile
// expect (RFC 7519 §4.1, RFC 9068 §4): iss equals expectIssuer and aud holds
// expectAudience (each when non-empty), exp is present and in the future, nbf
// and iat are not ahead of now by more than ClockLeeway. Codes: iss_mismatch,
// aud_mismatch, exp_missing, expired, not_yet_valid, issued_in_future, typ.
func CheckClaims(d DecodedJWT, expectIssuer, expectAudience string, now time.Time) []Finding {
	var out []Finding
	add := func(sev, code, format string, args ...any) {
		out = append(out, Finding{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	if iss, _ := d.Claims["iss"].(string); expectIssuer != "" && iss != expectIssuer {
		add("error", "iss_mismatch", "the token's issuer (iss) is %q, not %q (compared exactly, RFC 7519 §4.1.1)", iss, expectIssuer)
	}
	if aud := d.Audience(); expectAudience != "" && !slices.Contains(aud, expectAudience) {
		add("error", "aud_mismatch", "the token's audience (aud) is %q, not %q (RFC 7519 §4.1.3); "+
			"ask for it with the audience or resource parameter (RFC 8707)", aud, expectAudience)
	}
	checkTimes(d, now, add)
	if typ, _ := d.Header["typ"].(string); strings.TrimPrefix(strings.ToLower(typ), "application/") != "at+jwt" {
		add("info", "typ", `the header's typ is %q, not "at+jwt" (RFC 9068 §2.1); many servers don't set it`, typ)
	}
	return out
}

// checkTimes judges exp, nbf and iat (RFC 7519 §4.1.4–4.1.6).
func checkTimes(d DecodedJWT, now time.Time, add func(sev, code, format string, args ...any)) {
	const skew = "(clock skew: the server's clock is ahead of this machine's, or this one is behind)"
	if exp, ok := d.Time("exp"); !ok {
		add("warning", "exp_missing", "the token has no (readable) exp claim: nothing says when it stops working (RFC 9068 §2.2 requires one)")
	} else if !now.Before(exp) {
		add("error", "expired", "the token expired %s (exp %s)", Relative(exp, now), exp.Format(time.RFC3339))
	}
	if nbf, ok := d.Time("nbf"); ok && nbf.Sub(now) > ClockLeeway {
		add("error", "not_yet_valid", "the token is not valid before %s, %s from now (nbf) %s",
			nbf.Format(time.RFC3339), HumanDuration(nbf.Sub(now)), skew)
	}
	if iat, ok := d.Time("iat"); ok && iat.Sub(now) > ClockLeeway {
		add("warning", "issued_in_future", "the token was issued %s in the future (iat %s) %s",
			HumanDuration(iat.Sub(now)), iat.Format(time.RFC3339), skew)
	}
}
