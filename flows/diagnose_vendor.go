package flows

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/oauthlens/oauthlens/flows/vendorerrors"
)

// vendorOf is the vendor whose dictionary applies: the context's (from a
// profile's template), else the one the token endpoint's or the issuer's
// URL names; "" lets vendorerrors.Match recognise it by the body.
func vendorOf(c Context) string {
	if c.Vendor != "" {
		return c.Vendor
	}
	if c.Request != nil {
		if v := vendorerrors.VendorFromURL(c.Request.TokenURL); v != "" {
			return v
		}
	}
	if c.Metadata != nil {
		return vendorerrors.VendorFromURL(c.Metadata.Issuer)
	}
	return ""
}

// diagnoseVendor explains an error answer with the vendor dictionaries
// (flows/vendorerrors): an entry that matches becomes the first
// diagnosis, coded "vendor."+its ID, with the whole evidence (status,
// codes, the request ids a vendor's support asks for, and the body).
func diagnoseVendor(e *OAuthError, c Context) (Diagnosis, bool) {
	r := vendorerrors.Response{Status: e.StatusCode, Body: e.Body, ContentType: e.Header.Get("Content-Type"),
		WWWAuthenticate: e.Header.Get("WWW-Authenticate")}
	v := vendorOf(c)
	res, ok := vendorerrors.Match(v, r)
	if !ok && v != "" {
		res, ok = vendorerrors.Match("", r) // a template's vendor may sit behind another's gateway
	}
	if !ok {
		return Diagnosis{}, false
	}
	d := Diagnosis{Code: Code("vendor." + res.ID), Summary: Sanitize(res.Summary)}
	for _, s := range res.Causes {
		d.Causes = append(d.Causes, Sanitize(s))
	}
	for _, f := range res.Fixes {
		d.Fixes = append(d.Fixes, vendorFix(f))
	}
	d.Refs = append(slices.Clone(res.Refs), refOAuthErrors)
	for _, s := range res.Evidence {
		d.Evidence = append(d.Evidence, SanitizeLine(s))
	}
	d.Evidence = append(d.Evidence, RequestIDs(e.Header, nil)...)
	d.Body = wholeBody(e.maskedBody())
	return d, true
}

// vendorFix converts a dictionary's fix; its action has the kinds and
// values of Fix.Action.
func vendorFix(f vendorerrors.Fix) Fix {
	k, v := ParseFixAction(f.Action.String())
	return Fix{Text: Sanitize(f.Text), Kind: k, Value: v}
}

// maxEvidenceBody is how much of an error body the evidence shows.
const maxEvidenceBody = 4 << 10

// wholeBody is an error body for Diagnosis.Body: pretty-printed when it
// is JSON, each line sanitised, cut after maxEvidenceBody bytes with
// "… N more bytes"; "" for an empty body.
func wholeBody(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	if p, ok := prettyJSON([]byte(s)); ok {
		s = p
	}
	more := 0
	if len(s) > maxEvidenceBody {
		cut := maxEvidenceBody
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		more, s = len(s)-cut, s[:cut]
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = SanitizeLine(strings.TrimRight(l, "\r"))
	}
	if more > 0 {
		lines = append(lines, "… "+strconv.Itoa(more)+" more bytes")
	}
	return strings.Join(lines, "\n")
}

// saysMore reports whether an error body has more than RFC 6749 §5.2's
// fields (a detail, an errors list, a vendor's codes), so that the whole
// body is worth showing; a body that is not JSON always is.
func saysMore(b []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return strings.TrimSpace(string(b)) != ""
	}
	for k := range m {
		if k != "error" && k != "error_description" && k != "error_uri" {
			return true
		}
	}
	return false
}

// utf8Start reports whether b starts a UTF-8 sequence.
func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// prettyJSON indents a JSON body; ok is false when it is not JSON.
func prettyJSON(b []byte) (string, bool) {
	if !json.Valid(b) {
		return "", false
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		return "", false
	}
	return buf.String(), true
}
