package ui

import (
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// tuiWords turn the CLI's words in a diagnosis (flags, -v, other commands)
// into the TUI's own fields and keys, longest first, so that a diagnosis
// on screen names what to press or fill in here.
var tuiWords = strings.NewReplacer(
	"run again with -v to see every HTTP exchange", "read every exchange in the Timeline and Exchange panes (tab, r)",
	"; run again with -v to see the whole answer", "; r shows the whole answer",
	"run again with -v and ", "read the exchange (r) and ",
	"run with -v and ", "read the exchange (r) and ",
	"(oauthlens … -v)", "(c copies it as curl)",
	"(-v)", "(r shows it whole)",
	"-H \"X-Api-Key: env:API_KEY\" (or api_headers in the profile)",
	"X-Api-Key: env:API_KEY in the Headers field (step 4)",
	"-H \"X-Api-Key: env:API_KEY\"", "X-Api-Key: env:API_KEY in the Headers field (step 4)",
	"give --token-url, or --issuer to discover it", "fill in the Token URL, or the Issuer to discover it (step 1)",
	"give --token-url instead", "fill in the Token URL (step 1) instead",
	"give --token-url", "fill in the Token URL (step 1)",
	"--token-url URL", "the Token URL field (step 1)",
	"--token-url", "the Token URL field (step 1)",
	"--audience VALUE (or --resource URI)", "the Audience field (or Resource) of step 3",
	"with --audience (or --resource)", "with Audience (or Resource, step 3)",
	"with --audience ", "with Audience (step 3) ",
	"--timeout 60s", "wait 60s",
	"--issuer ", "Issuer (step 1) ",
	"--discovery auto", "discovery style auto",
	"(see --help, or edit the profile)", "(the field named above)",
	"(oauthlens discover ISSUER)", "(step 1 shows it)",
	"oauthlens decode --issuer ISSUER", "step 3's claims",
)

// inTUIWords is d with the CLI's words replaced by the TUI's.
func inTUIWords(d flows.Diagnosis) flows.Diagnosis {
	d.Summary = tuiWords.Replace(d.Summary)
	d.Causes = replaceAll(d.Causes)
	fixes := make([]flows.Fix, len(d.Fixes))
	for i, f := range d.Fixes {
		f.Text = tuiWords.Replace(f.Text)
		fixes[i] = f
	}
	d.Fixes = fixes
	return d
}

// replaceAll is tuiWords over every string of list.
func replaceAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = tuiWords.Replace(s)
	}
	return out
}
