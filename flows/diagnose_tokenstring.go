package flows

import "errors"

// tokenStringNote explains a token answer whose access, refresh or ID
// token is not a valid token string (RFC 6750 §2.1, RFC 6749 Appendix
// A.17, OpenID Connect Core 1.0 §2): the value is shown escaped and cut,
// never raw, since it may hold escape sequences meant for the terminal.
func tokenStringNote(ex Exchange, err error) Diagnosis {
	var te *TokenStringError
	errors.As(err, &te)
	return Diagnosis{Code: CodeTokenInvalidString,
		Summary: "The token endpoint answered success, but its " + te.Kind + " is not a valid token string, " +
			"so oauthlens neither prints nor sends it.",
		Causes: []string{"the server (or something between) puts text that is not a token in " + te.Kind +
			": control characters, escape sequences, spaces or a number",
			"a hostile server tries to write to your terminal (clipboard, title, screen) through the token"},
		Fixes: []Fix{{Text: "do not paste this answer into a terminal; report it to the server's operators"},
			{
				Text: "read the raw answer (-v, or the TUI's Exchange pane): it is shown with the escape sequences removed",
			}},
		Refs:     []string{"RFC 6750 §2.1", "RFC 6749 §5.1", "RFC 6749 Appendix A.17"},
		Evidence: append(statusEvidence(ex.Status, ex.StatusText), te.Kind+": "+te.Shown, te.Reason)}
}
