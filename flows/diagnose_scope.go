package flows

import (
	"fmt"
	"slices"
	"strings"
)

// invalidScope explains invalid_scope: the scopes asked, the scopes the
// server lists, the difference, and a scope list to retry with.
func invalidScope(e *OAuthError, c Context) Diagnosis {
	asked := askedScopes(c)
	d := Diagnosis{Code: CodeTokenInvalidScope,
		Summary: "The server refused one or more of the scopes asked for (invalid_scope).",
		Refs:    []string{refOAuthErrors, "RFC 6749 §3.3"},
		Evidence: append(oauthEvidence(e),
			"scopes asked: "+orNone(asked))}
	var supported []string
	if c.Metadata != nil {
		supported = c.Metadata.ScopesSupported
	}
	if len(supported) > 0 {
		d.Evidence = append(d.Evidence, "scopes_supported: "+Sanitize(strings.Join(supported, " ")))
	}
	unknown := scopeDifference(asked, supported, e.Description)
	if len(unknown) > 0 {
		d.Evidence = append(d.Evidence, "not supported: "+Sanitize(strings.Join(unknown, " ")))
	}
	d.Causes, d.Fixes = scopeAdvice(asked, supported, unknown)
	return d
}

// askedScopes is the request's scope list.
func askedScopes(c Context) []string {
	if c.Request == nil {
		return nil
	}
	return c.Request.Scopes
}

// scopeDifference returns the asked scopes the server does not list, or,
// without a list, those its error description names.
func scopeDifference(asked, supported []string, desc string) []string {
	var out []string
	for _, s := range asked {
		if len(supported) > 0 && !slices.Contains(supported, s) ||
			len(supported) == 0 && strings.Contains(desc, s) {
			out = append(out, s)
		}
	}
	return out
}

// scopeAdvice orders causes and fixes by what the evidence shows.
func scopeAdvice(asked, supported, unknown []string) ([]string, []Fix) {
	if sep := commaSeparated(asked); sep != nil {
		return []string{"the scopes are separated by commas; OAuth separates scopes with spaces (RFC 6749 §3.3)"},
			[]Fix{{Text: "ask for " + strings.Join(sep, " "), Kind: FixScope, Value: strings.Join(sep, " ")}}
	}
	causes := []string{"the scope is not granted to this client (an administrator must add it to the application)",
		"the scope name is misspelled or has the wrong form (some providers want URLs or a /.default suffix)",
		"the scope belongs to another API or environment"}
	var fixes []Fix
	if len(unknown) > 0 && len(supported) > 0 {
		causes = append([]string{fmt.Sprintf("the server does not list %s among its scopes", Sanitize(strings.Join(unknown, " ")))}, causes[1], causes[2])
	}
	if keep := without(asked, unknown); len(unknown) > 0 && len(keep) > 0 {
		fixes = append(fixes, Fix{Text: "retry without " + Sanitize(strings.Join(unknown, " ")) + ": ask for " + Sanitize(strings.Join(keep, " ")),
			Kind: FixScope, Value: strings.Join(keep, " ")})
	}
	if len(asked) > 0 {
		fixes = append(fixes, Fix{Text: "retry without a scope, to see what the client gets by default", Kind: FixScope, Value: ""})
	}
	fixes = append(fixes, Fix{Text: "ask the provider's administrator to grant the scope to this client"})
	return causes, fixes
}

// commaSeparated splits "a,b" scopes; nil when no scope has a comma.
func commaSeparated(asked []string) []string {
	if !slices.ContainsFunc(asked, func(s string) bool { return strings.Contains(s, ",") }) {
		return nil
	}
	var out []string
	for _, s := range asked {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// without returns the items of a that are not in b.
func without(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return Sanitize(strings.Join(s, " "))
}
