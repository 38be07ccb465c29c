package ui

import (
	"net/url"
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// The request's form body as a key/value table under the raw bytes, and
// the Basic credential decoded (RFC 7617 §2: base64 of id ":" secret),
// the secret masked unless revealed.

// formTableLines are a form-encoded body's fields, one per row, decoded.
// body is the raw body as shown (already masked unless revealed).
func formTableLines(st styles, ex flows.Exchange, body string, w int) []string {
	if !strings.HasPrefix(requestHeader(ex, "Content-Type"), "application/x-www-form-urlencoded") {
		return nil
	}
	vals, err := url.ParseQuery(strings.TrimSpace(body))
	if err != nil || len(vals) == 0 {
		return nil
	}
	kw := 0
	for k := range vals {
		kw = max(kw, min(24, len(k)))
	}
	lines := []string{st.text.dim.Render("form fields (decoded)")}
	for _, k := range sortedKeys(vals) {
		for _, v := range vals[k] {
			lines = append(lines, wrapKV(st, "  "+clean(k), kw+2, clean(v), w)...)
		}
	}
	return lines
}

// basicLines decode the request's Basic credential: the client id, and
// the secret masked unless revealed.
func basicLines(st styles, ex flows.Exchange, reveal bool, w int) []string {
	auth := requestHeader(ex, "Authorization")
	enc, ok := strings.CutPrefix(auth, "Basic ")
	if !ok {
		return nil
	}
	id, secret, ok := flows.ParseBasic(enc)
	if !ok {
		return nil
	}
	if !reveal {
		secret = flows.Mask
	}
	return wrapKV(st, st.text.dim.Render("Basic decoded"), 13, clean(id)+" : "+clean(secret), w)
}

// sortedKeys are the keys of a form, sorted.
func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// requestHeader is the first value of a request header, in any case.
func requestHeader(ex flows.Exchange, name string) string {
	for _, h := range ex.RequestHeader {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}
