package flows

import (
	"fmt"
	"strconv"
)

// CodeTooLarge is the suffix of the too-large diagnosis of a step:
// CodeFor(StepToken, CodeTooLarge) is "token.too_large".
const CodeTooLarge = "too_large"

// diagnoseTooLarge explains an answer over its size cap (a *TooLargeError):
// oauthlens read the cap and stopped, so nothing in the answer was judged.
// It is not a broken body to retry: the same answer comes back.
func diagnoseTooLarge(te *TooLargeError, c Context) Diagnosis {
	step := c.Step
	if step == "" {
		step = StepToken
	}
	d := Diagnosis{Code: CodeFor(step, CodeTooLarge), Refs: []string{"RFC 6749 §5.1"},
		Summary: fmt.Sprintf("The answer is over the %d-byte cap oauthlens reads protocol answers up to: it was "+
			"not parsed (a cut answer is not judged as if it were whole).", te.Limit),
		Causes: []string{
			"the URL is not the endpoint but a large page or file that also answers 200",
			"the server puts very large values in the answer (a token that carries every group or permission)",
		},
		Fixes: []Fix{
			{Text: "run again with -v to see how the body begins, and check the URL against the server's metadata"},
			{Text: "if the answer really is that large, ask the provider to trim it (fewer claims or groups): " +
				"no token answer needs " + strconv.FormatInt(te.Limit, 10) + " bytes"},
		},
		Evidence: []string{fmt.Sprintf("limit %d bytes", te.Limit)},
	}
	if te.Decompressed {
		d.Causes = append(d.Causes, "the answer was compressed: a small download that decompresses to this "+
			"size is a decompression bomb")
	}
	if ex, ok := lastExchange(c.Exchanges, ""); ok {
		d.Evidence = append(statusEvidence(ex.Status, ex.StatusText),
			"Content-Type: "+SanitizeLine(ex.ResponseHeaderGet("Content-Type")), "body: "+maskedSnippet(ex))
		d.Evidence = append(d.Evidence, fmt.Sprintf("limit %d bytes", te.Limit))
	}
	return d
}

// maskedSnippet is how ex's body begins, with its secret fields masked as
// -v masks them: a cut answer was not parsed, so its access_token is not
// yet a known secret that the run's Redactor would mask.
func maskedSnippet(ex Exchange) string {
	head := ex.ResponseBody[:min(len(ex.ResponseBody), 4096)]
	return snippet([]byte(ex.masker(false).body(string(head), IsFormType(ex.ResponseHeaderGet("Content-Type")))))
}
