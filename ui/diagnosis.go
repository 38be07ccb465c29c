package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// diagnosis is what oauthlens explains about a step: the diagnoses of its
// failure (flows.Diagnose), or notes on a step that passed (InspectToken,
// DiagnoseDiscovery, DiagnoseVerification), drawn less prominently.
type diagnosis struct {
	list  []flows.Diagnosis
	notes bool  // the step passed: these are warnings
	offer fixAt // the fix the fix key applies (Model.offer)
}

// fixActions are the Fix actions the TUI applies with the fix key (!).
var fixActions = map[flows.FixKind]bool{
	flows.FixAuth: true, flows.FixScope: true, flows.FixAudience: true, flows.FixIssuer: true, flows.FixDiscovery: true,
	flows.FixTimeout: true, flows.FixRetryAfter: true, flows.FixRetry: true, flows.FixReacquire: true,
	flows.FixRefetchJWKS: true, flows.FixStepUp: true, flows.FixResource: true,
}

// fixAt is where the offered fix is: diagnosis di, fix fi.
type fixAt struct {
	di, fi int
	ok     bool
}

// firstFix is the fix the fix key applies (see Model.offer); ok is false
// when there is none.
func (d diagnosis) firstFix() (di, fi int, ok bool) {
	return d.offer.di, d.offer.fi, d.offer.ok
}

// fix is the fix the fix key applies.
func (d diagnosis) fix() (flows.Fix, bool) {
	i, j, ok := d.firstFix()
	if !ok {
		return flows.Fix{}, false
	}
	return d.list[i].Fixes[j], true
}

// applicable reports whether the TUI can apply a fix in this diagnosis:
// a kind it knows; no new token when one was already refused; never
// adopting the issuer the document itself names (that is what a mix-up
// attacker wants, RFC 9700 §4.4).
func applicable(f flows.Fix, list []flows.Diagnosis, docIssuer string) bool {
	futile := slices.ContainsFunc(list, func(x flows.Diagnosis) bool {
		return x.Code == flows.CodeCallRefusedAfterReacquire
	})
	switch {
	case !fixActions[f.Kind]:
		return false
	case futile && (f.Kind == flows.FixReacquire || f.Kind == flows.FixRetry):
		return false
	case f.Kind == flows.FixIssuer && docIssuer != "" && strings.TrimSuffix(f.Value, "/") ==
		strings.TrimSuffix(docIssuer, "/"):
		return false
	}
	return true
}

// diagnosisLines draws the diagnoses: for each, the summary, the likely
// causes, what to try (numbered; the fix the key applies is marked with
// the key), the references, the evidence and the code. Notes get a
// heading and a "!" each.
func diagnosisLines(st styles, d diagnosis, key string, w int) []string {
	if len(d.list) == 0 {
		return nil
	}
	di, fi, ok := d.firstFix()
	if !ok {
		di = -1
	}
	var lines []string
	if d.notes {
		lines = append(lines, "", st.text.warn.Render(fmt.Sprintf("Notes (%d)", len(d.list))))
	}
	for i, x := range d.list {
		if i > 0 {
			lines = append(lines, "")
		}
		at := -1
		if i == di {
			at = fi
		}
		lines = append(lines, diagnosisBlock(st, x, d.notes, at, key, w)...)
	}
	return lines
}

// diagnosisBlock draws one diagnosis; fix number at (0-based) gets the key.
func diagnosisBlock(st styles, x flows.Diagnosis, note bool, at int, key string, w int) []string {
	sum := st.text.heading.Render(clean(x.Summary))
	if note {
		sum = st.text.warn.Render("!") + " " + clean(x.Summary)
	}
	lines := wrapLines(sum, w)
	if len(x.Causes) > 0 {
		lines = append(lines, st.text.key.Render("Likely causes"))
		for i, c := range x.Causes {
			lines = append(lines, numbered(i+1, clean(c), w)...)
		}
	}
	if len(x.Fixes) > 0 {
		lines = append(lines, st.text.key.Render("Try"))
		for i, f := range x.Fixes {
			t := clean(f.Text)
			if i == at {
				t += "  " + st.text.ok.Render("[press "+key+"]")
			}
			lines = append(lines, numbered(i+1, t, w)...)
		}
	}
	if len(x.Refs) > 0 {
		lines = append(lines, wrapKV(st, "See", 9, clean(strings.Join(x.Refs, "; ")), w)...)
	}
	if len(x.Evidence) > 0 {
		lines = append(lines, wrapKV(st, "Evidence", 9, clean(strings.Join(x.Evidence, " · ")), w)...)
	}
	return append(lines, wrapKV(st, "Code", 9, st.text.dim.Render(clean(string(x.Code))), w)...)
}

// numbered is "  1. text", wrapped under the text.
func numbered(n int, text string, w int) []string {
	head := fmt.Sprintf("  %d. ", n)
	pad := strings.Repeat(" ", len(head))
	wl := wrapLines(text, max(8, w-len(head)))
	out := make([]string, len(wl))
	for i, l := range wl {
		if i == 0 {
			out[i] = head + l
		} else {
			out[i] = pad + l
		}
	}
	return out
}

// diagLines draws the step's diagnosis at the step's width.
func (b *stepBase) diagLines() []string {
	return diagnosisLines(b.c.styles, b.diag, b.c.keys.ApplyFix.Help().Key, b.width)
}

// failureView is the step's failure explained: failureLines with the
// diagnosis in place of the raw error details and the hint.
func (b *stepBase) failureView(step string, err error) []string {
	var d []string
	if !b.diag.notes {
		d = b.diagLines()
	}
	return failureLinesWith(b.c, step, err, b.width, d)
}

// notesView is the notes on a step that passed.
func (b *stepBase) notesView() []string {
	if !b.diag.notes {
		return nil
	}
	return b.diagLines()
}
