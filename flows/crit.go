package flows

import (
	"fmt"
	"slices"
	"strings"
)

// SupportedCrit lists the JWS extensions (RFC 7515 §4.1.11) oauthlens
// implements: none. "b64" (RFC 7797, unencoded payload) is not among them.
var SupportedCrit = []string{}

// registeredHeaders are the header parameter names the JWS, JWE and JWA
// specifications define (RFC 7515 §4.1, RFC 7516 §4.1, RFC 7518 §4.6–4.8),
// which "crit" must not list (RFC 7515 §4.1.11).
var registeredHeaders = []string{"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty",
	"crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c"}

// critProblem judges the "crit" header parameter (RFC 7515 §4.1.11): when
// present it must be a non-empty array of strings naming header parameters
// that are present and not defined by the JOSE specifications, and every
// extension it names must be understood, or the JWS is invalid. oauthlens
// understands none, so any valid "crit" fails too. The empty string means
// no problem; the text is for display (names are quoted with %q).
func critProblem(h map[string]any) string {
	v, ok := h["crit"]
	if !ok {
		return ""
	}
	const rule = "(RFC 7515 §4.1.11)"
	list, isList := v.([]any)
	switch {
	case !isList:
		return fmt.Sprintf(`the header's "crit" is not an array %s, so the token is invalid`, rule)
	case len(list) == 0:
		return fmt.Sprintf(`the header's "crit" is an empty array, which is not allowed %s`, rule)
	}
	var unknown []string
	for _, e := range list {
		name, isString := e.(string)
		_, present := h[name]
		switch {
		case !isString || name == "":
			return fmt.Sprintf(`the header's "crit" lists something that is not a header name %s`, rule)
		case slices.Contains(registeredHeaders, name):
			return fmt.Sprintf(`the header's "crit" lists %q, a header the JWS specifications define, `+
				`which it must not %s`, name, rule)
		case !present:
			return fmt.Sprintf(`the header's "crit" lists %q, which the header does not have %s`, name, rule)
		case !slices.Contains(SupportedCrit, name):
			unknown = append(unknown, fmt.Sprintf("%q", name))
		}
	}
	if len(unknown) > 0 {
		return fmt.Sprintf(`the header marks the extension(s) %s critical ("crit") and oauthlens does not implement `+
			`them, so the signature must not be accepted %s`, strings.Join(unknown, ", "), rule)
	}
	return ""
}
