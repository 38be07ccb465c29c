package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// explain prints err as one line (like fail) and, for a flow failure, the
// diagnosis after it: what happened, the likely causes, what to try, the
// references and the evidence. It returns fail's exit code.
func (env *cliEnv) explain(err error, c flows.Context) int {
	code := env.fail(err)
	if code == exitFailed {
		printDiagnoses(env.stderr, flows.Diagnose(err, c), "  ")
	}
	return code
}

// printDiagnoses writes each diagnosis as an indented block.
func printDiagnoses(w io.Writer, ds []flows.Diagnosis, indent string) {
	for i, d := range ds {
		if i > 0 {
			fmt.Fprintln(w)
		}
		printDiagnosis(w, d, indent)
	}
}

func printDiagnosis(w io.Writer, d flows.Diagnosis, in string) {
	fmt.Fprintf(w, "%s%s\n", in, flows.SanitizeLine(d.Summary))
	if len(d.Causes) > 0 {
		fmt.Fprintf(w, "%sLikely causes:\n", in)
		for i, c := range d.Causes {
			fmt.Fprintf(w, "%s  %d. %s\n", in, i+1, flows.SanitizeLine(c))
		}
	}
	if len(d.Fixes) > 0 {
		fmt.Fprintf(w, "%sTry:\n", in)
		for _, f := range d.Fixes {
			hint := walk.FlagHint(f)
			if strings.Contains(strings.ReplaceAll(f.Text, f.Value, ""), "--") {
				hint = "" // the text already names the flag (a value's own "--", as in xn--, does not)
			}
			fmt.Fprintf(w, "%s  - %s%s\n", in, flows.SanitizeLine(f.Text), flows.SanitizeLine(hint))
		}
	}
	if len(d.Refs) > 0 {
		fmt.Fprintf(w, "%sSee: %s\n", in, flows.Sanitize(strings.Join(d.Refs, "; ")))
	}
	if len(d.Evidence) > 0 {
		fmt.Fprintf(w, "%sEvidence: %s\n", in, flows.SanitizeLine(strings.Join(d.Evidence, " · ")))
	}
	if d.Body != "" {
		fmt.Fprintf(w, "%sBody:\n", in)
		for _, l := range strings.Split(d.Body, "\n") {
			fmt.Fprintf(w, "%s  %s\n", in, flows.SanitizeLine(l))
		}
	}
	fmt.Fprintf(w, "%s(%s)\n", in, d.Code)
}

// stepOf names the step the last exchange belonged to.
func stepOf(exs []flows.Exchange) flows.Step {
	if len(exs) == 0 {
		return ""
	}
	switch l := exs[len(exs)-1].Label; {
	case l == string(flows.StepDiscovery):
		return flows.StepDiscovery
	case strings.HasPrefix(l, "call"):
		return flows.StepCall
	}
	return flows.StepToken
}
