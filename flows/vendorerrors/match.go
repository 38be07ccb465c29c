package vendorerrors

import (
	"fmt"
	"slices"
	"strings"
)

// Match finds the entry that best explains a response. With a vendor (a
// dictionary name or an alias such as "floriday"; see Vendors), only that
// vendor's dictionary is tried, weak entries included. With "", the vendor
// recognised by Detect is tried first, weak entries included, then every
// dictionary with its strong entries only. Among matching entries the one
// with the most specific conditions wins (a vendor code, then a text, then
// the error code, then the status), the first in its file on a tie.
//
// The Result carries the entry and the evidence taken from the response.
// An unknown vendor, an empty body or an unrelated body gives false.
func Match(vendor string, r Response) (Result, bool) {
	f := extract(r)
	if vendor != "" {
		d, ok := dictionary(vendor)
		if !ok {
			return Result{}, false
		}
		return matchIn([]Dictionary{d}, f, true)
	}
	if d, ok := dictionary(detectShape(f)); ok {
		if res, ok := matchIn([]Dictionary{d}, f, true); ok {
			return res, true
		}
	}
	return matchIn(dicts(), f, false)
}

// matchIn is best with the evidence added.
func matchIn(ds []Dictionary, f fields, weak bool) (Result, bool) {
	e, ok := best(ds, f, weak)
	if !ok {
		return Result{}, false
	}
	return result(e, f), true
}

// Detect names the vendor whose answer this looks like, or "": first by
// the body's shape (Okta's errorCode and errorSummary, Entra's error_codes
// and trace_id, Cognito's __type, Google's nested error status, PingOne's
// id, code and message, an error_uri at auth0.com or Spring's RFC links),
// then by the first dictionary with a strong entry that matches.
func Detect(r Response) string {
	f := extract(r)
	if v := detectShape(f); v != "" {
		return v
	}
	if e, ok := best(dicts(), f, false); ok {
		return e.Vendor
	}
	return ""
}

// detectShape recognises a vendor by the keys of its error bodies.
func detectShape(f fields) string {
	k := f.keys
	switch {
	case k["errorCode"] && (k["errorSummary"] || k["errorId"]):
		return "okta"
	case k["error_codes"] || k["trace_id"] && k["correlation_id"] || hasPrefix(f.codes, "AADSTS"):
		return "entra"
	case k["__type"]:
		return "cognito"
	case strings.Contains(f.errorURI, "auth0.com"):
		return "auth0"
	case f.errorObj != nil && f.errorObj["status"] != nil && f.errorObj["code"] != nil:
		return "google"
	case k["id"] && k["code"] && k["message"]:
		return "ping"
	case strings.HasPrefix(f.errorURI, "https://datatracker.ietf.org/doc/html/rfc6749#section-"):
		return "spring"
	}
	return ""
}

// hasPrefix reports whether a code starts with prefix.
func hasPrefix(codes []string, prefix string) bool {
	return slices.ContainsFunc(codes, func(c string) bool { return strings.HasPrefix(c, prefix) })
}

// best finds the highest-scoring entry of ds; weak entries count only when
// weak is set.
func best(ds []Dictionary, f fields, weak bool) (Entry, bool) {
	var top Entry
	topScore := 0
	for _, d := range ds {
		for _, e := range d.Entries {
			if !weak && !e.Match.strong() {
				continue
			}
			if s := score(e.Match, f); s > topScore {
				top, topScore = e, s
			}
		}
	}
	return top, topScore > 0
}

// score is 0 when a condition fails, else the weight of the conditions
// met: a vendor code 8, a text 4, an error code 2, a status 1.
func score(m Matcher, f fields) int {
	s := 0
	if len(m.Status) > 0 {
		if !slices.Contains(m.Status, f.status) {
			return 0
		}
		s++
	}
	if len(m.Error) > 0 {
		if !containsFold(m.Error, f.err) {
			return 0
		}
		s += 2
	}
	if len(m.Code) > 0 {
		if !slices.ContainsFunc(f.codes, func(c string) bool { return containsFold(m.Code, c) }) {
			return 0
		}
		s += 8
	}
	if m.re != nil {
		if !slices.ContainsFunc(f.texts, m.re.MatchString) {
			return 0
		}
		s += 4
	}
	return s
}

// containsFold reports whether list holds s, without regard to case.
func containsFold(list []string, s string) bool {
	return s != "" && slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// result pairs an entry with the evidence of the response.
func result(e Entry, f fields) Result {
	var ev []string
	if f.status != 0 {
		ev = append(ev, fmt.Sprintf("HTTP %d", f.status))
	}
	if f.err != "" {
		ev = append(ev, "error="+f.err)
	}
	for _, c := range f.codes {
		if len(e.Match.Code) == 0 || containsFold(e.Match.Code, c) {
			ev = append(ev, "code="+c)
			break
		}
	}
	ev = append(ev, f.ids...)
	return Result{Entry: e.clone(), Evidence: ev}
}
