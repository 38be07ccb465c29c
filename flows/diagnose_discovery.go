package flows

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// formWords describes a well-known form for people.
var formWords = map[string]string{
	FormOIDC:          "OpenID Connect (/.well-known/openid-configuration)",
	FormPathInsertion: "RFC 8414 path insertion (/.well-known/oauth-authorization-server/{path})",
	FormAppended:      "RFC 8414 appended ({issuer}/.well-known/oauth-authorization-server, Okta style)",
	FormGiven:         "the .well-known URL as given",
}

// DiagnoseDiscovery explains the error-level problems of a discovery that
// answered: an issuer that differs from the one asked for, no token_endpoint.
func DiagnoseDiscovery(d Discovery) []Diagnosis {
	var out []Diagnosis
	for _, p := range d.Problems {
		switch p.Code {
		case "issuer_mismatch":
			out = append(out, issuerMismatch(d))
		case "no_token_endpoint":
			out = append(out, noTokenEndpoint(d))
		}
	}
	return out
}

func issuerMismatch(d Discovery) Diagnosis {
	got := Sanitize(d.Metadata.Issuer)
	x := Diagnosis{Code: CodeDiscoveryIssuerMismatch,
		Summary: fmt.Sprintf("The metadata says its issuer is %q, but %q was asked for: the walk stopped before "+
			"sending any credential.", got, Sanitize(d.Asked)),
		Causes: []string{
			"the issuer was typed differently from the provider's canonical form (http/https, a trailing slash, a missing path such as /oauth2/default)",
			"a proxy or load balancer rewrites the host name, so the server does not know its public name",
			"the URL belongs to another tenant or environment than the one the document describes",
		},
		Fixes: []Fix{
			{Text: "check which server should answer for " + Sanitize(d.Asked) + " (the provider's documentation; " +
				"a typo in the issuer URL)"},
			{Text: "only if the provider confirms that " + shellQuote(got) +
				" is its issuer, use it: --issuer " + shellQuote(got) + ". Adopting the issuer a document claims is " +
				"exactly what an attacker who answers for another server wants (RFC 9700 §4.4); no credentials were sent"},
		},
		Refs:     []string{"RFC 8414 §3.3", "OpenID Connect Discovery 1.0 §4.3", "RFC 9700 §4.4"},
		Evidence: []string{"asked: " + Sanitize(d.Asked), "issuer in " + Sanitize(d.URL) + ": " + got}}
	if strings.Contains(got, "{tenantid}") || strings.Contains(got, "{tenant}") {
		x.Causes = append(
			[]string{
				"this is Microsoft Entra's multi-tenant (common/organizations) document, whose issuer is a template; use your tenant's own URL",
			},
			x.Causes...)
		x.Fixes = []Fix{{Text: "use https://login.microsoftonline.com/<tenant-id>/v2.0 as the issuer"}}
		x.Refs = append(x.Refs, "https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc")
	}
	return x
}

func noTokenEndpoint(d Discovery) Diagnosis {
	return Diagnosis{Code: CodeDiscoveryNoTokenEndpoint,
		Summary: "The metadata document has no token_endpoint, so there is nowhere to ask for a token.",
		Causes: []string{
			"the document describes a login service (OpenID provider for users) without machine-to-machine support",
			"the issuer points at the wrong server or a partial document",
		},
		Fixes: []Fix{{Text: "give the token URL from the provider's documentation: --token-url URL"},
			{Text: "check the issuer URL; the document that answered was " + Sanitize(d.URL)}},
		Refs:     []string{"RFC 8414 §2"},
		Evidence: []string{"GET " + Sanitize(d.URL) + ": no token_endpoint member"}}
}

// diagnoseDiscoveryError explains why no well-known document answered.
func diagnoseDiscoveryError(e *DiscoveryError, c Context) []Diagnosis {
	if e.Last != nil && isNetworkError(e.Last) {
		return diagnoseNetwork(e.Last, c)
	}
	var oe *OAuthError
	if errors.As(e.Last, &oe) && oe.StatusCode != http.StatusNotFound {
		if d, ok := diagnoseHTTPStatus(oe, StepDiscovery); ok {
			return d
		}
		return []Diagnosis{discoveryStatus(oe)}
	}
	for _, a := range e.Attempts {
		if strings.Contains(a.Err, "HTML") {
			return []Diagnosis{discoveryHTML(e, a, c)}
		}
	}
	if allNotFound(e.Attempts) {
		return []Diagnosis{discoveryNotFound(e)}
	}
	return []Diagnosis{discoveryInvalid(e)}
}

func allNotFound(as []Attempt) bool {
	for _, a := range as {
		if a.Status != http.StatusNotFound {
			return false
		}
	}
	return len(as) > 0
}

// attemptEvidence lists every URL tried and its outcome.
func attemptEvidence(as []Attempt) []string {
	var out []string
	for _, a := range as {
		res := fmt.Sprintf("HTTP %d", a.Status)
		if a.Status == 0 || (a.Status == http.StatusOK && a.Err != "") {
			res = oneLine(a.Err)
		}
		out = append(out, fmt.Sprintf("GET %s (%s) → %s", Sanitize(a.URL), a.Form, res))
	}
	return out
}

func discoveryNotFound(e *DiscoveryError) Diagnosis {
	var tried []string
	for _, a := range e.Attempts {
		tried = append(tried, formWords[a.Form])
	}
	d := Diagnosis{Code: CodeDiscoveryNotFound,
		Summary: fmt.Sprintf(
			"No metadata document was found: every well-known form tried answered 404 (%s).",
			strings.Join(tried, "; "),
		),
		Causes: []string{"the provider publishes no metadata (many vendor APIs only document a token URL)",
			"the issuer URL is incomplete: a tenant, realm or authorization-server path is missing (Okta: /oauth2/default, Keycloak: /realms/NAME, Entra: /TENANT/v2.0)",
			"the issuer URL is the API's or the portal's address, not the authorization server's"},
		Fixes: []Fix{{Text: "give the token URL from the provider's documentation instead: --token-url URL"},
			{Text: "use the issuer exactly as the provider documents it, including its path"}},
		Refs:     []string{"RFC 8414 §3", "OpenID Connect Discovery 1.0 §4"},
		Evidence: attemptEvidence(e.Attempts)}
	if f := untriedForms(e.Attempts); f != "" {
		d.Fixes = append(
			d.Fixes,
			Fix{
				Text:  "not tried: " + f + "; try every form: --discovery auto with the issuer URL (not a .well-known URL)",
				Kind:  FixDiscovery,
				Value: "auto",
			},
		)
	}
	return d
}

func discoveryHTML(e *DiscoveryError, a Attempt, c Context) Diagnosis {
	d := Diagnosis{Code: CodeDiscoveryHtml,
		Summary: fmt.Sprintf("The metadata URL answered with an HTML page instead of JSON (%s).", oneLine(a.Err)),
		Causes: []string{
			"a login page or single-sign-on portal intercepted the request (the URL is behind a web login, or a VPN/captive portal is in the way)",
			"a proxy or gateway answered with its own error page",
			"the issuer URL is a website's address, not the authorization server's",
		},
		Fixes: []Fix{
			{Text: "open the URL in a browser to see the page, then use the authorization server's issuer URL"},
			{Text: "if there is no metadata, give --token-url instead"},
		},
		Refs:     []string{"RFC 8414 §3.2"},
		Evidence: attemptEvidence(e.Attempts)}
	return d
}

func discoveryInvalid(e *DiscoveryError) Diagnosis {
	return Diagnosis{Code: CodeDiscoveryInvalidJSON,
		Summary: "The metadata URL answered, but not with a JSON object: " + oneLine(errText(e.Last)) + ".",
		Causes: []string{"the server (or a proxy) sent a broken or truncated document",
			"the URL is not a metadata document"},
		Fixes: []Fix{{Text: "check the document by hand: curl -sS URL | jq ."},
			{Text: "if the provider has no valid metadata, give --token-url instead"}},
		Refs:     []string{"RFC 8414 §3.2"},
		Evidence: attemptEvidence(e.Attempts)}
}

// discoveryStatus explains an error status of a metadata URL.
func discoveryStatus(e *OAuthError) Diagnosis {
	return Diagnosis{Code: CodeFor(StepDiscovery, fmt.Sprintf("http_%d", e.StatusCode)),
		Summary: fmt.Sprintf("The metadata URL answered HTTP %d.", e.StatusCode),
		Causes: []string{"the metadata is not public here (an API gateway wants credentials)",
			"the issuer URL is wrong"},
		Fixes:    []Fix{{Text: "check the issuer URL; if the provider documents a token URL, give --token-url"}},
		Refs:     []string{"RFC 8414 §3"},
		Evidence: oauthEvidence(e)}
}

// untriedForms names the well-known forms a discovery did not try, when it
// was limited to one style or given a .well-known URL.
func untriedForms(as []Attempt) string {
	tried := map[string]bool{}
	for _, a := range as {
		tried[a.Form] = true
	}
	var out []string
	for _, f := range []string{FormOIDC, FormPathInsertion} {
		if !tried[f] {
			out = append(out, formWords[f])
		}
	}
	return strings.Join(out, "; ")
}

// DiscoveryWarnings explains the warning-level points of a discovery that
// answered: client_credentials not among the grant types, plain http://
// endpoints, an issuer that differs by a slash, and a token endpoint that
// advertises only the none method (no client secret accepted).
func DiscoveryWarnings(d Discovery) []Diagnosis {
	var out []Diagnosis
	for _, p := range d.Problems {
		if p.Severity != SeverityWarning {
			continue
		}
		w := Diagnosis{Code: Code("discovery." + p.Code), Summary: Sanitize(p.Message) + ".",
			Refs: []string{"RFC 8414 §2"}, Evidence: []string{"metadata: " + Sanitize(d.URL)}}
		switch p.Code {
		case "no_client_credentials":
			w.Causes = []string{
				"the server does not offer the client credentials grant (or lists only the grants of its own apps)",
			}
			w.Fixes = []Fix{
				{
					Text: "if the token request fails with unsupported_grant_type, ask the provider how machine-to-machine access works",
				},
			}
		case "insecure_endpoint":
			w.Fixes = []Fix{{Text: "use the https:// URL; never send a client secret over plain http"}}
		default:
			w.Fixes = []Fix{{Text: "use the issuer exactly as the document writes it"}}
		}
		out = append(out, w)
	}
	if m := d.Metadata.TokenEndpointAuthMethodsSupported; len(m) == 1 && m[0] == string(AuthNone) {
		out = append(out, Diagnosis{Code: "discovery.auth_none_only",
			Summary: "The metadata advertises only the none method for the token endpoint: it accepts no client secret.",
			Causes: []string{"the server is set up for public clients only (PKCE), not for client credentials",
				"the metadata is incomplete; the server may still accept secrets"},
			Fixes: []Fix{
				{
					Text: "ask the provider how confidential clients authenticate; try the token request and read its error",
				},
			},
			Refs:     []string{"RFC 8414 §2 (token_endpoint_auth_methods_supported)", "RFC 7591 §2"},
			Evidence: []string{"token_endpoint_auth_methods_supported: none"}})
	}
	return out
}
