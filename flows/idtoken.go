package flows

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"slices"
	"strings"
	"time"
)

// IDTokenExpect is what an ID token must say (OIDC Core §3.1.3.7): the
// issuer of the discovery document, the client, the nonce sent, and the
// access token and code it came with (for at_hash and c_hash).
type IDTokenExpect struct {
	Issuer      string
	ClientID    string
	Nonce       string        // "" when none was sent
	AccessToken string        // for at_hash
	Code        string        // for c_hash
	MaxAge      time.Duration // 0: max_age was not sent
	Now         time.Time
	Leeway      time.Duration // clock skew allowed on exp and iat
}

// CheckIDToken runs the ID token validation of OIDC Core §3.1.3.7, each
// check a row: the signature with the JWKS, iss, aud, azp, exp, iat,
// nonce, at_hash, c_hash and auth_time against max_age.
func CheckIDToken(raw string, jwks []byte, e IDTokenExpect) []CheckRow {
	d, err := DecodeJWT(raw)
	if err != nil {
		return []CheckRow{{Name: "decode", Status: CheckFail, Detail: SanitizeLine(err.Error()), Refs: "RFC 7519"}}
	}
	rows := []CheckRow{signatureRow(raw, jwks)}
	rows = append(rows, issRow(d, e), audRow(d, e), azpRow(d, e))
	rows = append(rows, timeRows(d, e)...)
	rows = append(rows, nonceRow(d, e))
	rows = append(rows, hashRow(d, "at_hash", e.AccessToken), cHashRow(d, e.Code))
	return append(rows, authTimeRow(d, e))
}

// FailedRows returns the rows that failed.
func FailedRows(rows []CheckRow) []CheckRow {
	var out []CheckRow
	for _, r := range rows {
		if r.Status == CheckFail {
			out = append(out, r)
		}
	}
	return out
}

func row(name, refs string, ok bool, pass, fail string) CheckRow {
	if ok {
		return CheckRow{Name: name, Refs: refs, Status: CheckPass, Detail: pass}
	}
	return CheckRow{Name: name, Refs: refs, Status: CheckFail, Detail: fail}
}

func signatureRow(raw string, jwks []byte) CheckRow {
	if len(jwks) == 0 {
		return CheckRow{Name: "signature", Refs: "OIDC Core §3.1.3.7 (6)", Status: CheckSkip,
			Detail: "no JWKS to check with"}
	}
	v := VerifyJWT(raw, jwks)
	return row("signature", "OIDC Core §3.1.3.7 (6)", v.Verified,
		fmt.Sprintf("%s, key %s from the JWKS", v.Alg, QuoteText(v.KID)), v.Err)
}

func claimText(d DecodedJWT, name string) string {
	s, _ := d.Claims[name].(string)
	return s
}

func issRow(d DecodedJWT, e IDTokenExpect) CheckRow {
	got := claimText(d, "iss")
	if e.Issuer == "" {
		return CheckRow{Name: "iss", Refs: "OIDC Core §3.1.3.7 (2)", Status: CheckSkip,
			Detail: QuoteText(got) + ", no issuer to compare with"}
	}
	return row("iss", "OIDC Core §3.1.3.7 (2)", got != "" && got == e.Issuer, "the discovery document's issuer",
		fmt.Sprintf("got %s, want %s", QuoteText(got), QuoteText(e.Issuer)))
}

func audRow(d DecodedJWT, e IDTokenExpect) CheckRow {
	aud := d.Audience()
	return row("aud", "OIDC Core §3.1.3.7 (3)", slices.Contains(aud, e.ClientID), "names this client",
		fmt.Sprintf("%s does not name the client %s", QuoteText(strings.Join(aud, " ")), QuoteText(e.ClientID)))
}

func azpRow(d DecodedJWT, e IDTokenExpect) CheckRow {
	azp, many := claimText(d, "azp"), len(d.Audience()) > 1
	const refs = "OIDC Core §3.1.3.7 (4, 5)"
	switch {
	case azp == "" && !many:
		return CheckRow{Name: "azp", Refs: refs, Status: CheckSkip, Detail: "absent (one audience: not needed)"}
	case azp == "":
		return CheckRow{Name: "azp", Refs: refs, Status: CheckFail, Detail: "absent, though aud has several values"}
	}
	return row("azp", refs, azp == e.ClientID, "this client",
		fmt.Sprintf("got %s, want %s", QuoteText(azp), QuoteText(e.ClientID)))
}

func timeRows(d DecodedJWT, e IDTokenExpect) []CheckRow {
	exp, hasExp := d.Time("exp")
	iat, hasIat := d.Time("iat")
	expRow := row("exp", "OIDC Core §3.1.3.7 (9)", hasExp && e.Now.Before(exp.Add(e.Leeway)), "", "missing")
	if hasExp && e.Now.Before(exp.Add(e.Leeway)) {
		expRow.Detail = "expires in " + exp.Sub(e.Now).Round(time.Second).String()
	} else if hasExp {
		expRow.Detail = "expired " + e.Now.Sub(exp).Round(time.Second).String() + " ago"
	}
	iatRow := row("iat", "OIDC Core §3.1.3.7 (10)", hasIat && !iat.After(e.Now.Add(e.Leeway)),
		"issued "+e.Now.Sub(iat).Round(time.Second).String()+" ago", "missing or in the future (clock skew?)")
	return []CheckRow{expRow, iatRow}
}

func nonceRow(d DecodedJWT, e IDTokenExpect) CheckRow {
	got := claimText(d, "nonce")
	const refs = "OIDC Core §3.1.3.7 (11)"
	if e.Nonce == "" {
		return CheckRow{Name: "nonce", Refs: refs, Status: CheckSkip, Detail: "none was sent"}
	}
	return row(
		"nonce",
		refs,
		got == e.Nonce,
		"matches the one sent",
		fmt.Sprintf(
			"got %s, sent %s: a replayed or foreign ID token",
			QuoteText(abbrev(got)),
			QuoteText(abbrev(e.Nonce)),
		),
	)
}

// hashRow checks at_hash (OIDC Core §3.1.3.6, §3.1.3.8): the left half of
// the hash of the access token, with the hash of the token's alg.
func hashRow(d DecodedJWT, claim, value string) CheckRow {
	return halfHashRow(d, claim, value, "OIDC Core §3.1.3.6", "absent (optional in this flow)")
}

// cHashRow checks c_hash against the authorization code (OIDC Core
// §3.3.2.11): the same left-half hash rule as at_hash. The code flow may
// send it; the hybrid flow must. The code itself is never in the row.
func cHashRow(d DecodedJWT, code string) CheckRow {
	return halfHashRow(d, "c_hash", code, "OIDC Core §3.3.2.11", "not present (optional in the code flow)")
}

// halfHashRow compares the claim with the left half of the hash of value
// (the hash of the token's alg); absent is what a missing claim means.
func halfHashRow(d DecodedJWT, claim, value, refs, absent string) CheckRow {
	got := claimText(d, claim)
	switch {
	case got == "":
		return CheckRow{Name: claim, Refs: refs, Status: CheckSkip, Detail: absent}
	case value == "":
		return CheckRow{Name: claim, Refs: refs, Status: CheckSkip, Detail: "nothing to compare with"}
	}
	want, ok := HalfHash(d.Alg(), value)
	if !ok {
		return CheckRow{Name: claim, Refs: refs, Status: CheckFail, Detail: "unknown alg " + QuoteText(d.Alg())}
	}
	return row(claim, refs, got == want, "matches", fmt.Sprintf("got %s, computed %s", QuoteText(got), QuoteText(want)))
}

// HalfHash is the left half of the hash of v, base64url: the hash is
// SHA-256, -384 or -512 as the JWS alg's number says (OIDC Core §3.1.3.6).
func HalfHash(alg, v string) (string, bool) {
	var h hash.Hash
	switch {
	case strings.HasSuffix(alg, "256"):
		h = sha256.New()
	case strings.HasSuffix(alg, "384"):
		h = sha512.New384()
	case strings.HasSuffix(alg, "512"), alg == "EdDSA":
		h = sha512.New()
	default:
		return "", false
	}
	h.Write([]byte(v))
	sum := h.Sum(nil)
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]), true
}

func authTimeRow(d DecodedJWT, e IDTokenExpect) CheckRow {
	at, ok := d.Time("auth_time")
	const refs = "OIDC Core §3.1.3.7 (13)"
	switch {
	case e.MaxAge == 0 && !ok:
		return CheckRow{Name: "auth_time", Refs: refs, Status: CheckSkip, Detail: "absent (max_age was not sent)"}
	case e.MaxAge == 0:
		return CheckRow{Name: "auth_time", Refs: refs, Status: CheckPass,
			Detail: "logged in " + e.Now.Sub(at).Round(time.Second).String() + " ago"}
	case !ok:
		return CheckRow{Name: "auth_time", Refs: refs, Status: CheckFail, Detail: "absent, though max_age was sent"}
	}
	return row("auth_time", refs, !e.Now.After(at.Add(e.MaxAge+e.Leeway)),
		fmt.Sprintf("logged in %s ago, within max_age %s", e.Now.Sub(at).Round(time.Second), e.MaxAge),
		fmt.Sprintf("logged in %s ago, beyond max_age %s: the server should have asked again",
			e.Now.Sub(at).Round(time.Second), e.MaxAge))
}
