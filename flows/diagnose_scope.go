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
	if c.Request == nil { // a pasted answer without its request: what was asked is unknown, not nothing
		d.Evidence[len(d.Evidence)-1] = "scopes asked: unknown (the request is not known)"
	}
	var supported []string
	if c.Metadata != nil {
		supported = c.Metadata.ScopesSupported
	}
	if len(supported) > 0 {
		d.Evidence = append(d.Evidence, "scopes_supported: "+Sanitize(strings.Join(supported, " ")))
	}
	unknown := scopeDifference(asked, supported, e.Description)
	if len(unknown) > 0 {
		d.Evidence = append(d.Evidence, "refused: "+Sanitize(strings.Join(unknown, " ")))
	}
	d.Causes, d.Fixes = scopeAdvice(asked, supported, unknown)
	if scopes := metadataScopes(c); len(asked) == 0 && c.Request != nil {
		d.Summary = "The server refused the request for its scope: none was asked for, and it requires one (invalid_scope)."
		d.Causes = append(
			[]string{"no scope was asked for; this server (or this client's policy) has no default scope"},
			d.Causes...)
		fix := Fix{Text: "ask for the scope the API needs (the provider's documentation names it)"}
		if len(scopes) > 0 {
			fix = Fix{Text: "ask for the scopes the metadata lists (or the ones the API needs)", Kind: FixScope,
				Value: strings.Join(scopes, " ")}
		}
		d.Fixes = append([]Fix{fix}, d.Fixes...)
	}
	return d
}

// oidcOnlyScopes are the OpenID Connect scopes, which name no API.
var oidcOnlyScopes = []string{"openid", "profile", "email", "address", "phone", "offline_access"}

// metadataScopes are the metadata's scopes_supported without the OpenID
// Connect ones: the scopes to suggest when none was asked.
func metadataScopes(c Context) []string { return SuggestedScopes(c.Metadata) }

// SuggestedScopes are md's scopes_supported without the OpenID Connect
// scopes; nil without metadata.
func SuggestedScopes(md *Metadata) []string {
	if md == nil {
		return nil
	}
	var out []string
	for _, s := range md.ScopesSupported {
		if !slices.Contains(oidcOnlyScopes, s) && strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// askedScopes is the request's scope list.
func askedScopes(c Context) []string {
	if c.Request == nil {
		return nil
	}
	return c.Request.Scopes
}

// scopeDifference returns the asked scopes the server does not list, or,
// when it lists them all (or lists none), those its error description
// names: the ones it quotes ("scope 'openid' is not allowed … (allowed:
// api:read api:write)" names openid, not the allowed api:read) when it
// quotes any, else any it names as a word.
func scopeDifference(asked, supported []string, desc string) []string {
	var out []string
	if len(supported) > 0 {
		for _, s := range asked {
			if !slices.Contains(supported, s) {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	for _, quoted := range []bool{true, false} {
		for _, s := range asked {
			if namesScope(desc, s, quoted) {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// namesScope reports whether an error description names scope s as a
// word ("scope 'api:write' is unknown"), not as part of another scope;
// quoted: only in quotes.
func namesScope(desc, s string, quoted bool) bool {
	if quoted {
		return strings.Contains(desc, "'"+s+"'") || strings.Contains(desc, `"`+s+`"`) ||
			strings.Contains(desc, "`"+s+"`")
	}
	for _, w := range strings.FieldsFunc(desc, func(r rune) bool {
		return r == ' ' || r == '\'' || r == '"' || r == ',' || r == '`' || r == '(' || r == ')'
	}) {
		if strings.TrimSuffix(w, ".") == s {
			return true
		}
	}
	return false
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
		causes = append(
			[]string{fmt.Sprintf("the server does not list %s among its scopes", Sanitize(strings.Join(unknown, " ")))},
			causes[1],
			causes[2],
		)
	}
	if keep := without(asked, unknown); len(unknown) > 0 && len(keep) > 0 {
		fixes = append(
			fixes,
			Fix{
				Text: "retry without " + Sanitize(
					strings.Join(unknown, " "),
				) + ": ask for " + Sanitize(
					strings.Join(keep, " "),
				),
				Kind:  FixScope,
				Value: strings.Join(keep, " "),
			},
		)
	}
	if len(asked) > 0 {
		fixes = append(
			fixes,
			Fix{Text: "retry without a scope, to see what the client gets by default", Kind: FixScope, Value: ""},
		)
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
