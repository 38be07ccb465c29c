package ui

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/oauthlens/oauthlens/flows"
)

// previewBytes is how much of a body the call step formats; the exchange
// pane has all of it.
const previewBytes = 64 << 10

// responsePreview renders an answer's head and at most previewBytes of its
// body, masked unless revealed; rest counts the bytes left out. Only the
// head of the body is masked and formatted, whatever its size.
func responsePreview(ex flows.Exchange, reveal bool) (head, body string, rest int) {
	if len(ex.ResponseBody) <= previewBytes {
		head, body = splitHTTP(ex.RawResponse(reveal))
		return head, body, 0
	}
	cut := safeCut(ex, previewBytes)
	h := ex
	h.ResponseBody, h.Truncated = ex.ResponseBody[:cut], false
	head, body = splitHTTP(h.RawResponse(reveal))
	return head, body, len(ex.ResponseBody) - cut
}

// safeCut moves a cut at n back to the start of a character and out of any
// known secret value, so that no part of a secret shows. (A secret JSON
// field cut in its value is masked by RawResponse as a cut body.)
func safeCut(ex flows.Exchange, n int) int {
	b := ex.ResponseBody
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	for moved := true; moved; {
		moved = false
		for _, sec := range ex.Secrets {
			for _, v := range []string{sec.Value, url.QueryEscape(sec.Value), url.PathEscape(sec.Value)} {
				if len(v) < 4 {
					continue
				}
				from := max(0, n-len(v)+1)
				if k := bytes.Index(b[from:min(len(b), n+len(v)-1)], []byte(v)); k >= 0 && from+k < n {
					n, moved = from+k, true
				}
			}
		}
	}
	return n
}

// indentPrefix pretty-prints the start of a JSON text as json.Indent does
// with two spaces, up to about maxLines lines. It does not validate, so a
// body cut anywhere is still laid out.
func indentPrefix(src string, maxLines int) string {
	var b strings.Builder
	depth, lines := 0, 0
	newline := func() {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", depth))
		lines++
	}
	for i := 0; i < len(src) && lines <= maxLines; i++ {
		switch c := src[i]; c {
		case ' ', '\t', '\n', '\r':
		case '"':
			end := stringEnd(src, i)
			b.WriteString(src[i:end])
			i = end - 1
		case '{', '[':
			b.WriteByte(c)
			if j := emptyEnd(src, i); j > i {
				b.WriteByte(src[j])
				i = j
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth = max(0, depth-1)
			newline()
			b.WriteByte(c)
		case ',':
			b.WriteByte(c)
			newline()
		case ':':
			b.WriteString(": ")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// emptyEnd is the index of the bracket that closes an empty object or
// array opened at i ("{}", "[ ]"), or i if it is not empty.
func emptyEnd(src string, i int) int {
	j := i + 1
	for j < len(src) && strings.IndexByte(" \t\n\r", src[j]) >= 0 {
		j++
	}
	if j < len(src) && (src[j] == '}' || src[j] == ']') {
		return j
	}
	return i
}
