package flows

// critNote explains a token refused for its "crit" header (RFC 7515
// §4.1.11): it names an extension oauthlens does not implement, or is
// malformed, so the JWS is invalid whatever its signature.
func critNote(v Verification, ev []string) Diagnosis {
	return Diagnosis{Code: CodeJWTCritUnsupported,
		Summary: "The token marks a header extension critical (\"crit\") that oauthlens does not implement, " +
			"so its signature is not accepted.",
		Causes: []string{"the server uses a JWS extension (e.g. RFC 7797 \"b64\") that a verifier must understand",
			"the token was crafted to see whether verifiers ignore \"crit\" (RFC 7515 §4.1.11 says they must not)"},
		Fixes: []Fix{{Text: "do not trust this token; check with the server's operators which extension it uses"},
			{
				Text: "get a new token: a server should not mark extensions critical in access tokens",
				Kind: FixReacquire,
			}},
		Refs:     []string{"RFC 7515 §4.1.11"},
		Evidence: append(ev, oneLine(v.Err))}
}
