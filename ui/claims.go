package ui

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// registeredClaims come first in the claims table, in this order.
var registeredClaims = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "scp"}

// timeClaims are NumericDate claims, shown as dates and relative times.
var timeClaims = map[string]bool{"exp": true, "nbf": true, "iat": true, "auth_time": true}

// orderedKeys lists m's keys, the given ones first.
func orderedKeys(m map[string]any, first []string) []string {
	var out, rest []string
	for _, k := range first {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	for k := range m {
		if !slices.Contains(first, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// anyValue renders a decoded JSON value on one line, sanitised.
func anyValue(v any) string {
	switch x := v.(type) {
	case string:
		return clean(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return "null"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = anyValue(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		b, _ := json.Marshal(x)
		return clean(string(b))
	}
	return clean(fmt.Sprint(v))
}

// tableLines renders a JSON object as a two-column table.
func tableLines(
	st styles,
	title string,
	m map[string]any,
	first []string,
	w int,
	cell func(k string, v any) string,
) []string {
	lines := []string{st.text.heading.Render(title)}
	kw := 3
	for k := range m {
		kw = max(kw, min(12, len(clean(k))))
	}
	for _, k := range orderedKeys(m, first) {
		lines = append(lines, wrapKV(st, "  "+clean(k), kw+2, cell(k, m[k]), w)...)
	}
	return lines
}

// jwtLines renders the header and the claims; time claims read as dates
// with the time from now.
func jwtLines(st styles, d flows.DecodedJWT, now time.Time, w int) []string {
	// Header and claim values as decode prints them (flows.ClaimText): a
	// value with a line break or a control shows quoted and escaped.
	plain := func(_ string, v any) string { return flows.ClaimText(v) }
	lines := tableLines(st, "Header", d.Header, []string{"alg", "kid", "typ"}, w, plain)
	claim := func(k string, v any) string {
		if t, ok := d.Time(k); ok && timeClaims[k] {
			return t.Format("2006-01-02 15:04:05 UTC") + "  " + st.text.accent.Render(flows.Relative(t, now))
		}
		return flows.ClaimText(v)
	}
	return append(lines, tableLines(st, "Claims", d.Claims, registeredClaims, w, claim)...)
}

// scopeLines compares the scopes asked for with those granted.
func scopeLines(st styles, asked, granted []string, source string, w int) []string {
	askedText := strings.Join(asked, " ")
	if askedText == "" {
		askedText = st.text.dim.Render("(none: the server's default)")
	}
	lines := wrapKV(st, "scopes asked", 14, clean(askedText), w)
	if granted == nil {
		return append(
			lines,
			wrapKV(
				st,
				"granted",
				14,
				st.text.dim.Render("not stated (RFC 6749 §5.1: then it equals what was asked)"),
				w,
			)...)
	}
	var parts []string
	for _, s := range asked {
		if slices.Contains(granted, s) {
			parts = append(parts, clean(s)+" "+st.text.ok.Render("✓"))
		} else {
			parts = append(parts, clean(s)+" "+st.text.err.Render("✗ not granted"))
		}
	}
	for _, s := range granted {
		if !slices.Contains(asked, s) {
			parts = append(parts, st.text.warn.Render("+"+clean(s)))
		}
	}
	if source != "" {
		parts = append(parts, st.text.dim.Render("("+source+")"))
	}
	return append(lines, wrapKV(st, "granted", 14, strings.Join(parts, "  "), w)...)
}

// signatureLines says whether the JWT's signature was checked and how.
func signatureLines(st styles, c tokenCheck, w int) []string {
	var v string
	switch {
	case c.verified && c.ver.Verified:
		v = st.text.ok.Render(
			"✓ verified",
		) + fmt.Sprintf(
			" with kid %q (%s) from the JWKS",
			clean(c.ver.KID),
			clean(c.ver.Alg),
		)
	case c.verified:
		v = st.text.err.Render("✗ not verified: ") + clean(c.ver.Err)
	case c.jwksErr != nil:
		v = st.text.err.Render("✗ JWKS: ") + clean(c.jwksErr.Error())
	case c.jwksURL == "":
		v = st.text.dim.Render("not checked: no JWKS URL (discover, or type it in step 1)")
	default:
		v = st.text.dim.Render("not checked")
	}
	return wrapKV(st, "signature", 14, v, w)
}

// findingLines lists what CheckClaims found.
func findingLines(st styles, fs []flows.Finding, w int) []string {
	lines := []string{st.text.heading.Render("Checks")}
	if len(fs) == 0 {
		return append(lines, "  "+st.text.ok.Render("✓ issuer, audience and times look right"))
	}
	for _, f := range fs {
		var mark string
		switch f.Severity {
		case flows.SeverityError:
			mark = st.text.err.Render("✗ " + clean(f.Code))
		case flows.SeverityWarning:
			mark = st.text.warn.Render("! " + clean(f.Code))
		default:
			mark = st.text.dim.Render("· " + clean(f.Code))
		}
		lines = append(lines, indent(wrapLines(mark+": "+clean(f.Message), w-2))...)
	}
	return lines
}
