package flows

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// Diffing two exchanges (issue 16, Support): the failure and its retry,
// a resend and its original, or now and a saved known-good run. Both are
// masked (each with the secrets of both) unless revealed, and sanitised:
// the result can be drawn as it is.

// DiffOp says how a line differs.
type DiffOp int

// The operations.
const (
	DiffSame    DiffOp = iota // in both
	DiffRemoved               // only in the first (A)
	DiffAdded                 // only in the second (B)
	DiffChanged               // a header or field in both, with another value
)

// DiffSection names a part of an exchange.
type DiffSection string

// The sections, in the order DiffExchanges lists them.
const (
	SectionStatus          DiffSection = "status"
	SectionRequestLine     DiffSection = "request line"
	SectionRequestHeaders  DiffSection = "request headers"
	SectionRequestBody     DiffSection = "request body"
	SectionResponseHeaders DiffSection = "response headers"
	SectionResponseBody    DiffSection = "response body"
)

// DiffLine is one line of a diff: A's text, B's text, or both.
type DiffLine struct {
	Section DiffSection `json:"section"`
	Op      DiffOp      `json:"op"`
	A       string      `json:"a,omitempty"`
	B       string      `json:"b,omitempty"`
}

var diffOpNames = [...]string{"same", "removed", "added", "changed"}

// MarshalText names the operation in JSON: same, removed, added, changed.
func (o DiffOp) MarshalText() ([]byte, error) {
	if int(o) < 0 || int(o) >= len(diffOpNames) {
		return nil, fmt.Errorf("unknown diff operation %d", int(o))
	}
	return []byte(diffOpNames[o]), nil
}

// UnmarshalText reads an operation's name.
func (o *DiffOp) UnmarshalText(b []byte) error {
	for i, n := range diffOpNames {
		if n == string(b) {
			*o = DiffOp(i)
			return nil
		}
	}
	return fmt.Errorf("unknown diff operation %q", b)
}

// maxDiffLines caps each body's lines, counted before any line is made
// (a 1 MB JSON body is not pretty-printed whole to keep 2000 lines).
const maxDiffLines = 2000

// DiffExchanges compares a with b section by section: the status line,
// the request line, the headers by name (values masked), the bodies line
// by line (JSON pretty-printed first, a form body by field).
func DiffExchanges(a, b Exchange, reveal bool) []DiffLine {
	secrets := append(append([]Secret(nil), a.Secrets...), b.Secrets...)
	ma, mb := a.masker(reveal), b.masker(reveal)
	ma.secrets, mb.secrets = secrets, secrets
	mb.headers = mergeNames(ma.headers, mb.headers)
	ma.headers = mb.headers
	var out []DiffLine
	out = append(out, pair(SectionStatus, ma.text(statusLine(a)), mb.text(statusLine(b))))
	out = append(out, pair(SectionRequestLine, a.Method+" "+ma.text(a.URL), b.Method+" "+mb.text(b.URL)))
	out = append(out, diffFields(SectionRequestHeaders, requestHeaderLines(a, ma), requestHeaderLines(b, mb))...)
	out = append(out, diffBodies(SectionRequestBody, requestBodyLines(a, ma), requestBodyLines(b, mb))...)
	out = append(out, diffFields(SectionResponseHeaders, responseHeaderLines(a, ma), responseHeaderLines(b, mb))...)
	out = append(out, diffBodies(SectionResponseBody, responseBodyLines(a, ma), responseBodyLines(b, mb))...)
	for i := range out {
		out[i].A, out[i].B = SanitizeLine(out[i].A), SanitizeLine(out[i].B)
	}
	return out
}

func mergeNames(a, b map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func pair(s DiffSection, a, b string) DiffLine {
	if a == b {
		return DiffLine{Section: s, Op: DiffSame, A: a, B: b}
	}
	return DiffLine{Section: s, Op: DiffChanged, A: a, B: b}
}

// pairField pairs two fields of a name: a secret that differs behind
// the same mask is a change, and says so.
func pairField(s DiffSection, a, b field) DiffLine {
	l := pair(s, a.line, b.line)
	switch {
	case l.Op != DiffSame || a.raw == b.raw:
	case strings.Contains(a.raw, Mask) || strings.Contains(b.raw, Mask):
		l.A, l.B = l.A+SecretUnknown, l.B+SecretUnknown // a recording (a HAR, a bundle) holds only the mask
	default:
		l.Op, l.B = DiffChanged, b.line+SecretDiffers
	}
	return l
}

func statusLine(e Exchange) string {
	if e.Status == 0 {
		return "no answer: " + e.Err
	}
	return e.StatusText
}

// field is a named line: a header or a form field; raw is its value
// unmasked, compared so that two different secrets behind the same mask
// are not the same.
type field struct{ name, line, raw string }

// SecretDiffers ends a line whose secret differs from the other side's
// behind the same mask.
const SecretDiffers = "  (the secret differs)"

// SecretUnknown ends a line whose secret one side holds only masked (a
// recording): whether the secrets differ cannot be known.
const SecretUnknown = "  (masked in the recording: not compared)"

func requestHeaderLines(e Exchange, m masker) []field {
	var out []field
	for _, h := range e.RequestHeader {
		if strings.HasPrefix(h.Name, ":") {
			continue // HTTP/2 pseudo-headers
		}
		out = append(out, field{strings.ToLower(h.Name), h.Name + ": " + m.header(h.Name, h.Value), h.Value})
	}
	return out
}

func responseHeaderLines(e Exchange, m masker) []field {
	var out []field
	for _, k := range sortedKeys(e.ResponseHeader) {
		for _, v := range e.ResponseHeader[k] {
			out = append(out, field{strings.ToLower(k), k + ": " + m.header(k, v), v})
		}
	}
	return out
}

// diffFields pairs lines by name, in A's order then B's new names: the
// same line, a changed value, or a line only one side has.
func diffFields(s DiffSection, a, b []field) []DiffLine {
	var out []DiffLine
	used := make([]bool, len(b))
	for _, fa := range a {
		j := -1
		for k, fb := range b {
			if !used[k] && fb.name == fa.name {
				j = k
				break
			}
		}
		if j < 0 {
			out = append(out, DiffLine{Section: s, Op: DiffRemoved, A: fa.line})
			continue
		}
		used[j] = true
		out = append(out, pairField(s, fa, b[j]))
	}
	for k, fb := range b {
		if !used[k] {
			out = append(out, DiffLine{Section: s, Op: DiffAdded, B: fb.line})
		}
	}
	return out
}

// bodyLines is a body as lines to compare: a form by field, JSON
// pretty-printed, other text as it is.
type bodyLines struct {
	form   []field
	lines  []string
	isForm bool
}

func requestBodyLines(e Exchange, m masker) bodyLines {
	ct := ""
	for _, h := range e.RequestHeader {
		if strings.EqualFold(h.Name, "Content-Type") {
			ct = h.Value
		}
	}
	return linesOf(e.RequestBody, ct, m)
}

func responseBodyLines(e Exchange, m masker) bodyLines {
	return linesOf(e.ResponseBody, e.ResponseHeader.Get("Content-Type"), m)
}

func linesOf(body []byte, ct string, m masker) bodyLines {
	if len(body) == 0 {
		return bodyLines{isForm: IsFormType(ct)}
	}
	if IsFormType(ct) {
		var out []field
		for _, p := range strings.Split(string(body), "&") {
			k, v, _ := strings.Cut(p, "=")
			key, val := unescapeOr(k), unescapeOr(v)
			line := m.body(key+"="+url.QueryEscape(val), true)
			if shown, ok := strings.CutPrefix(line, key+"="); ok {
				line = key + "=" + unescapeOr(shown)
			}
			out = append(out, field{key, line, val})
		}
		return bodyLines{form: out, isForm: true}
	}
	lines, more := capLines(body, maxDiffLines)
	lines = strings.Split(m.body(strings.Join(lines, "\n"), false), "\n")
	if more {
		lines = append(lines, "… the rest is not compared")
	}
	return bodyLines{lines: lines}
}

func unescapeOr(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func diffBodies(s DiffSection, a, b bodyLines) []DiffLine {
	if a.isForm && b.isForm {
		return diffFields(s, a.form, b.form)
	}
	for _, bl := range []*bodyLines{&a, &b} {
		for _, f := range bl.form {
			bl.lines = append(bl.lines, f.line)
		}
	}
	return diffLines(s, a.lines, b.lines)
}

// diffLines is the line diff of a and b: Myers' O(ND) algorithm in
// linear space with a bound on D (go-udiff's lcs, a copy of
// golang.org/x/tools/internal/diff/lcs); past the bound the diff is still
// right, only not always the shortest. A replaced run lists its removed
// lines before the added ones.
func diffLines(s DiffSection, a, b []string) []DiffLine {
	var out []DiffLine
	pa, pb := 0, 0
	for _, d := range lcs.DiffLines(a, b) {
		for ; pa < d.Start; pa, pb = pa+1, pb+1 {
			out = append(out, DiffLine{Section: s, Op: DiffSame, A: a[pa], B: b[pb]})
		}
		for _, l := range a[d.Start:d.End] {
			out = append(out, DiffLine{Section: s, Op: DiffRemoved, A: l})
		}
		for _, l := range b[d.ReplStart:d.ReplEnd] {
			out = append(out, DiffLine{Section: s, Op: DiffAdded, B: l})
		}
		pa, pb = d.End, d.ReplEnd
	}
	for ; pa < len(a); pa, pb = pa+1, pb+1 {
		out = append(out, DiffLine{Section: s, Op: DiffSame, A: a[pa], B: b[pb]})
	}
	return out
}

// DiffCounts counts the lines that differ, for a summary.
func DiffCounts(lines []DiffLine) (changed, added, removed int) {
	for _, l := range lines {
		switch l.Op {
		case DiffChanged:
			changed++
		case DiffAdded:
			added++
		case DiffRemoved:
			removed++
		}
	}
	return changed, added, removed
}

// ExchangePair is an exchange of one run and its counterpart in another:
// the n-th exchange of a label in A with the n-th of that label in B.
// An index is -1 when only one run has it.
type ExchangePair struct {
	Label string
	A, B  int
}

// PairExchanges pairs two runs' exchanges by label, in B's order, then
// the ones only A has.
func PairExchanges(a, b []Exchange) []ExchangePair {
	seenB := map[string]int{}
	usedA := make([]bool, len(a))
	var out []ExchangePair
	for j, ex := range b {
		n := seenB[ex.Label]
		seenB[ex.Label]++
		p := ExchangePair{Label: ex.Label, A: -1, B: j}
		for i, k := 0, 0; i < len(a); i++ {
			if a[i].Label != ex.Label {
				continue
			}
			if k == n {
				p.A, usedA[i] = i, true
				break
			}
			k++
		}
		out = append(out, p)
	}
	for i, ex := range a {
		if !usedA[i] {
			out = append(out, ExchangePair{Label: ex.Label, A: i, B: -1})
		}
	}
	return out
}
