package flows

import (
	"bytes"
	"net/url"
	"sort"
	"strings"
)

// Span is the byte range [Start, End) of a value in a body.
type Span struct{ Start, End int }

// ResponseSecretSpans returns the ranges of the response body that
// RawResponse replaces with Mask: the values of secret JSON or form fields
// and every occurrence of a known secret value. The body is read in place
// and not copied, so that a viewer can mask a large body a few lines at a
// time. The spans are sorted and do not overlap (overlapping ones are
// merged, which masks at least what RawResponse masks). Nil with reveal set.
func (e Exchange) ResponseSecretSpans(reveal bool) []Span {
	m := e.masker(reveal)
	if m.reveal {
		return nil
	}
	body := e.ResponseBody
	var spans []Span
	if IsFormType(e.ResponseHeader.Get("Content-Type")) {
		spans = formSpans(body)
	} else {
		spans = jsonFieldSpans(body)
	}
	for _, v := range NewRedactor(m.secrets...).forms {
		spans = appendOccurrences(spans, body, []byte(v))
	}
	return mergeSpans(spans)
}

// jsonFieldSpans finds the values that masker.body masks in a JSON body:
// it walks the body as jsonStringField's leftmost-first search does, without
// the regexp (a large body has a match at nearly every key).
func jsonFieldSpans(b []byte) []Span {
	var spans []Span
	for i := 0; i < len(b); {
		k := bytes.IndexByte(b[i:], '"')
		if k < 0 {
			break
		}
		i += k
		key, vs, ve, end, ok := matchStringField(b, i)
		if !ok {
			i++
			continue
		}
		if _, secret := secretFields[strings.ToLower(string(key))]; secret && ve > vs {
			masked := end // a cut value loses its trailing backslash too
			if b[end-1] == '"' && end-1 >= ve {
				masked = end - 1
			}
			spans = append(spans, Span{vs, masked})
		}
		i = end
	}
	return spans
}

// matchStringField matches jsonStringField at i: the key, the value (the
// regexp's third group) and the end of the match.
func matchStringField(b []byte, i int) (key []byte, vs, ve, end int, ok bool) {
	j := i + 1
	for j < len(b) && isKeyByte(b[j]) {
		j++
	}
	if j == i+1 || j >= len(b) || b[j] != '"' {
		return nil, 0, 0, 0, false
	}
	key = b[i+1 : j]
	j = skipJSONSpace(b, j+1)
	if j >= len(b) || b[j] != ':' {
		return nil, 0, 0, 0, false
	}
	j = skipJSONSpace(b, j+1)
	if j >= len(b) || b[j] != '"' {
		return nil, 0, 0, 0, false
	}
	vs = j + 1
	for j = vs; j < len(b); j++ {
		switch b[j] {
		case '"':
			return key, vs, j, j + 1, true
		case '\\':
			if j+1 == len(b) {
				return key, vs, j, len(b), true // `\\?$`: cut after a backslash
			}
			if b[j+1] == '\n' { // `.` does not match a newline: no match here
				return nil, 0, 0, 0, false
			}
			j++
		}
	}
	return key, vs, len(b), len(b), true // `$`: the body ends inside the value
}

func isKeyByte(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// skipJSONSpace skips what `\s` matches.
func skipJSONSpace(b []byte, j int) int {
	for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r' || b[j] == '\f') {
		j++
	}
	return j
}

// formSpans finds the values of secret fields in a form body.
func formSpans(b []byte) []Span {
	var spans []Span
	for start := 0; start <= len(b); {
		end := bytes.IndexByte(b[start:], '&')
		if end < 0 {
			end = len(b)
		} else {
			end += start
		}
		part := string(b[start:end])
		if k, _, ok := strings.Cut(part, "="); ok {
			if key, err := url.QueryUnescape(k); err == nil && IsSecretParam(key) {
				spans = append(spans, Span{start + len(k) + 1, end})
			}
		}
		start = end + 1
	}
	return spans
}

// appendOccurrences adds every non-overlapping occurrence of v in b.
func appendOccurrences(spans []Span, b, v []byte) []Span {
	for i := 0; ; {
		k := bytes.Index(b[i:], v)
		if k < 0 {
			return spans
		}
		spans = append(spans, Span{i + k, i + k + len(v)})
		i += k + len(v)
	}
}

// mergeSpans sorts spans and merges those that overlap.
func mergeSpans(spans []Span) []Span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}
