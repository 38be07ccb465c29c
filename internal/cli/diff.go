package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
)

// diffFlags are the flags of `oauthlens diff`.
type diffFlags struct {
	all, json bool
	label     string
}

func (env *cliEnv) newDiffCmd() *cobra.Command {
	var f diffFlags
	cmd := env.command("diff A B", "Compare two recorded runs (HAR files or support bundles), exchange by exchange",
		func(pos []string) int { return env.cmdDiff(pos, f) })
	cmd.Long = "Compare two recorded walks — HAR files (--har, w in the TUI) or support bundles — exchange by " +
		"exchange: the n-th exchange of a label in A with the n-th of that label in B. For each pair: the status, " +
		"the request line, the headers by name and the bodies (JSON pretty-printed, form bodies by field). " +
		"What oauthlens recorded holds no secrets (masked values are not compared); a browser's devtools HAR " +
		"holds them in the clear, and they are masked in every output.\n\n" +
		"Exit codes: 0 the runs are the same, 1 they differ, 2 usage error or an unreadable file.\n\n" +
		"Synopsis: oauthlens diff A B [--label LABEL] [--all] [--json]"
	cmd.Example = "oauthlens diff known-good.har customer-bundle.tar.gz --label token"
	fs := flagsOf(cmd)
	fs.BoolVar(&f.all, "all", false, "print the lines that are the same too")
	registerJSON(fs, &f.json, "print the pairs and their lines as JSON")
	fs.StringVar(&f.label, "label", "", "compare only the exchanges labelled `LABEL` (token, call, discovery, …)")
	return cmd
}

// diffPair is one pair of exchanges and its lines, for --json.
type diffPair struct {
	Label string           `json:"label"`
	A     int              `json:"a"` // 1-based; 0 when only B has it
	B     int              `json:"b"` // 1-based; 0 when only A has it
	Same  bool             `json:"same"`
	Lines []flows.DiffLine `json:"lines,omitempty"`
}

func (env *cliEnv) cmdDiff(pos []string, f diffFlags) int {
	if len(pos) != 2 {
		return env.fail(usagef("diff takes two files: A and B (HAR files or support bundles)"))
	}
	var runs [2][]flows.Exchange
	for i, p := range pos {
		rec, err := readRecording(p)
		if err != nil {
			return env.fail(usagef("%v", err))
		}
		runs[i] = rec.Exchanges
		env.learnExchanges(rec.Exchanges) // a devtools HAR's secrets (har.Parse)
	}
	pairs := diffRuns(runs[0], runs[1], f.label)
	if len(pairs) == 0 && f.label != "" { // a mistyped label is no "the runs are the same"
		return env.fail(usagef("no exchange is labelled %s in either run; the labels are: %s",
			flows.QuoteText(f.label), strings.Join(runLabels(runs[0], runs[1]), ", ")))
	}
	if f.json {
		env.writeJSON(pairs)
	} else {
		printDiff(env.stdout, pairs, f.all)
	}
	for _, p := range pairs {
		if !p.Same {
			return exitFailed
		}
	}
	return exitOK
}

// runLabels are the distinct labels of the exchanges of both runs, in
// order of first appearance, sanitised.
func runLabels(a, b []flows.Exchange) []string {
	var out []string
	for _, ex := range append(append([]flows.Exchange{}, a...), b...) {
		if l := flows.SanitizeLine(ex.Label); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// diffRuns pairs the runs' exchanges (flows.PairExchanges) and diffs each
// pair, masked: oauthlens's recordings are masked already, and another
// program's HAR brings its secrets in Exchange.Secrets (har.Parse).
func diffRuns(a, b []flows.Exchange, label string) []diffPair {
	var out []diffPair
	for _, p := range flows.PairExchanges(a, b) {
		if label != "" && p.Label != label {
			continue
		}
		d := diffPair{Label: flows.SanitizeLine(p.Label), A: p.A + 1, B: p.B + 1}
		if p.A >= 0 && p.B >= 0 {
			d.Lines = flows.DiffExchanges(a[p.A], b[p.B], false)
			c, ad, rm := flows.DiffCounts(d.Lines)
			d.Same = c+ad+rm == 0
		}
		out = append(out, d)
	}
	return out
}

var diffSign = map[flows.DiffOp]string{flows.DiffSame: "  ", flows.DiffRemoved: "- ", flows.DiffAdded: "+ "}

// printDiff writes each pair: a heading, then its differing lines (all
// with --all) under their section names.
func printDiff(w io.Writer, pairs []diffPair, all bool) {
	for i, p := range pairs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		switch {
		case p.A == 0:
			fmt.Fprintf(w, "== %s: only in B (#%d)\n", p.Label, p.B)
			continue
		case p.B == 0:
			fmt.Fprintf(w, "== %s: only in A (#%d)\n", p.Label, p.A)
			continue
		}
		c, ad, rm := flows.DiffCounts(p.Lines)
		fmt.Fprintf(w, "== %s: A #%d, B #%d · %d changed · %d only in A · %d only in B\n",
			p.Label, p.A, p.B, c, rm, ad)
		var section flows.DiffSection
		for _, l := range p.Lines {
			if l.Op == flows.DiffSame && !all {
				continue
			}
			if l.Section != section {
				section = l.Section
				fmt.Fprintln(w, string(section))
			}
			switch l.Op {
			case flows.DiffChanged:
				fmt.Fprintln(w, "- "+l.A)
				fmt.Fprintln(w, "+ "+l.B)
			case flows.DiffAdded:
				fmt.Fprintln(w, "+ "+l.B)
			default:
				fmt.Fprintln(w, diffSign[l.Op]+l.A)
			}
		}
	}
}
