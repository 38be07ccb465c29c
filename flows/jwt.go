package flows

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

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
// ErrNotJWT, five-part tokens ErrEncryptedJWT, a token over MaxTokenInput
// a *TooLargeError, and a broken header or claims part an error that names
// the part.
func DecodeJWT(raw string) (DecodedJWT, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 7 && strings.EqualFold(raw[:7], "bearer ") {
		raw = strings.TrimSpace(raw[7:])
	}
	d := DecodedJWT{Raw: raw}
	if len(raw) > MaxTokenInput {
		d.Raw = ""
		return d, &TooLargeError{What: "the token", N: int64(len(raw)), Limit: MaxTokenInput}
	}
	parts := strings.Split(raw, ".")
	switch {
	case raw == "":
		return d, fmt.Errorf("%w: the token is empty", ErrNotJWT)
	case len(parts) == 5:
		return d, fmt.Errorf(
			"%w: the token has five parts (RFC 7516), so its claims are encrypted and can't be decoded without the recipient's key",
			ErrEncryptedJWT,
		)
	case len(parts) != 3:
		return d, fmt.Errorf(
			"%w: an opaque token (%d part(s); a signed JWT has 3, RFC 7519 §3); only the server can read it, e.g. through introspection (RFC 7662)",
			ErrNotJWT,
			len(parts),
		)
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
	if err != nil || math.IsNaN(f) ||
		math.Abs(f) > 253402300799 { // %v of a float64 parses back exactly; no NaN, Inf or years past 9999
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

// Finding is one result of CheckClaims, for display and for the CLI.
type Finding struct {
	Severity Severity
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
	add := func(sev Severity, code, format string, args ...any) {
		out = append(out, Finding{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	if iss, _ := d.Claims["iss"].(string); expectIssuer != "" && iss != expectIssuer {
		add(
			SeverityError,
			"iss_mismatch",
			"the token's issuer (iss) is %q, not %q (compared exactly, RFC 7519 §4.1.1)",
			iss,
			expectIssuer,
		)
	}
	if aud := d.Audience(); expectAudience != "" && !slices.Contains(aud, expectAudience) {
		add(SeverityError, "aud_mismatch", "the token's audience (aud) is %q, not %q (RFC 7519 §4.1.3); "+
			"ask for it with the audience or resource parameter (RFC 8707)", aud, expectAudience)
	}
	checkTimes(d, now, add)
	if typ, _ := d.Header["typ"].(string); strings.TrimPrefix(strings.ToLower(typ), "application/") != "at+jwt" {
		add(SeverityInfo, "typ", `the header's typ is %q, not "at+jwt" (RFC 9068 §2.1); many servers don't set it`, typ)
	}
	return out
}

// checkTimes judges exp, nbf and iat (RFC 7519 §4.1.4–4.1.6).
func checkTimes(d DecodedJWT, now time.Time, add func(sev Severity, code, format string, args ...any)) {
	const skew = "(clock skew: the server's clock is ahead of this machine's, or this one is behind)"
	if exp, ok := d.Time("exp"); !ok {
		add(
			SeverityWarning,
			"exp_missing",
			"the token has no (readable) exp claim: nothing says when it stops working (RFC 9068 §2.2 requires one)",
		)
	} else if !now.Before(exp) {
		add(SeverityError, "expired", "the token expired %s (exp %s)", Relative(exp, now), exp.Format(time.RFC3339))
	}
	if nbf, ok := d.Time("nbf"); ok && nbf.Sub(now) > ClockLeeway {
		add(SeverityError, "not_yet_valid", "the token is not valid before %s, %s from now (nbf) %s",
			nbf.Format(time.RFC3339), HumanDuration(nbf.Sub(now)), skew)
	}
	if iat, ok := d.Time("iat"); ok && iat.Sub(now) > ClockLeeway {
		add(SeverityWarning, "issued_in_future", "the token was issued %s in the future (iat %s) %s",
			HumanDuration(iat.Sub(now)), iat.Format(time.RFC3339), skew)
	}
}
