package flows

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
)

// MinMaskLen is the shortest secret value masked wherever it appears in
// text. Shorter values (a demo secret such as "wrong") are masked only where
// the field is known (headers, form fields, JSON members), so that masking
// never corrupts ordinary words ("the client secret is wrong").
const MinMaskLen = 8

// Redactor is the one masking mechanism: it knows every secret value of a
// run and every form each takes on the wire (raw, form- and URL-encoded,
// JSON-escaped), and replaces them with Mask in any text. Every output that
// can show server text or request text (one-line errors, diagnoses and
// their evidence, -v, --curl, --json, doctor, TUI panes, copied text,
// exports) passes through one. The zero value masks nothing.
type Redactor struct {
	forms []string // every form of every secret, longest first
}

// NewRedactor returns a Redactor for the secrets of one run.
func NewRedactor(secrets ...Secret) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// RedactorFor collects the secrets of exchanges (and more) into one
// Redactor.
func RedactorFor(exs []Exchange, more ...Secret) *Redactor {
	r := NewRedactor(more...)
	for _, ex := range exs {
		r.Add(ex.Secrets...)
	}
	return r
}

// Add learns more secrets.
func (r *Redactor) Add(secrets ...Secret) {
	for _, s := range secrets {
		if len(s.Value) < MinMaskLen {
			continue
		}
		for _, f := range secretForms(s.Value) {
			if !slices.Contains(r.forms, f) {
				r.forms = append(r.forms, f)
			}
		}
	}
	// Longest first, so that a value containing another is masked whole.
	slices.SortStableFunc(r.forms, func(a, b string) int { return len(b) - len(a) })
}

// Size is the number of forms of secrets r masks. It only grows as r
// learns secrets, so text masked by r can be cached under it.
func (r *Redactor) Size() int {
	if r == nil {
		return 0
	}
	return len(r.forms)
}

// String masks every known secret in s.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	for _, f := range r.forms {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, Mask)
		}
	}
	return s
}

// Strings masks each string of list in place and returns it.
func (r *Redactor) Strings(list []string) []string {
	for i, s := range list {
		list[i] = r.String(s)
	}
	return list
}

// Diagnosis returns d with every text masked.
func (r *Redactor) Diagnosis(d Diagnosis) Diagnosis {
	d.Summary = r.String(d.Summary)
	d.Causes = r.Strings(append([]string(nil), d.Causes...))
	d.Refs = r.Strings(append([]string(nil), d.Refs...))
	d.Evidence = r.Strings(append([]string(nil), d.Evidence...))
	fixes := make([]Fix, len(d.Fixes))
	for i, f := range d.Fixes {
		f.Text = r.String(f.Text)
		fixes[i] = f
	}
	d.Fixes = fixes
	return d
}

// secretForms are the ways a value can appear in text.
func secretForms(v string) []string {
	out := []string{v}
	add := func(e string) {
		if e != "" && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	add(url.QueryEscape(v))
	add(url.PathEscape(v))
	for _, html := range []bool{true, false} {
		j := jsonStringPart(v, html)
		add(j)
		add(strings.ReplaceAll(j, "/", `\/`)) // JSON's optional escape of '/'
	}
	return out
}

// jsonString is v as inside a JSON string, with or without the escapes of
// <, > and & that some encoders write.
func jsonStringPart(v string, escapeHTML bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	enc.Encode(v)
	return strings.Trim(strings.TrimSuffix(b.String(), "\n"), `"`)
}

// Bytes masks every known secret in p; p itself comes back when it holds
// none, so that a large body is not copied for nothing.
func (r *Redactor) Bytes(p []byte) []byte {
	if r == nil {
		return p
	}
	for _, f := range r.forms {
		if bytes.Contains(p, []byte(f)) {
			return []byte(r.String(string(p)))
		}
	}
	return p
}
