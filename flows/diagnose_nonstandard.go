package flows

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// standardCodes are the token endpoint error codes of RFC 6749 §5.2 and
// RFC 8707 §2.
var standardCodes = map[string]bool{
	"invalid_request": true, "invalid_client": true, "invalid_grant": true, "unauthorized_client": true,
	"unsupported_grant_type": true, "invalid_scope": true, "invalid_target": true,
}

// nearestCode maps a code outside RFC 6749 (or a plain-text message) to the
// standard code it most likely means.
func nearestCode(code, desc string) string {
	s := strings.ToLower(code + " " + desc)
	switch {
	case containsAny(s, "scope"):
		return "invalid_scope"
	case containsAny(s, "grant_type", "grant type"):
		return "unsupported_grant_type"
	case containsAny(s, "audience", "resource", "target"):
		return "invalid_target"
	case containsAny(s, "credential", "secret", "client", "unauthori", "authenticat", "forbidden", "denied", "password", "login"):
		return "invalid_client"
	}
	return "invalid_request"
}

func nonstandardCode(e *OAuthError, near string) Diagnosis {
	return Diagnosis{Code: CodeTokenNonstandardError,
		Summary: fmt.Sprintf(
			"The server answered with error %q, which is not an RFC 6749 code; it reads like %s.",
			Sanitize(e.Code),
			near,
		),
		Causes: []string{
			fmt.Sprintf(
				"the server uses its own error codes; %q is closest to the standard %s",
				Sanitize(e.Code),
				near,
			),
		},
		Fixes: []Fix{
			{
				Text: fmt.Sprintf(
					"treat it as %s (see below); the provider's documentation may list its own codes",
					near,
				),
			},
		},
		Refs:     []string{refOAuthErrors},
		Evidence: oauthEvidence(e)}
}

// diagnoseNoCode explains a token error status without an OAuth error body:
// an empty 401/403, a text/plain message.
func diagnoseNoCode(e *OAuthError, c Context) []Diagnosis {
	body := strings.TrimSpace(string(e.Body))
	switch {
	case body == "" && (e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden):
		return []Diagnosis{bareRefusal(e, c)}
	case body != "":
		near := nearestCode("", body)
		if e.StatusCode == http.StatusUnauthorized {
			near = "invalid_client"
		}
		d := Diagnosis{Code: CodeTokenPlainTextError,
			Summary: fmt.Sprintf(
				"The server answered HTTP %d with a plain message instead of an RFC 6749 JSON error: %q; it reads like %s.",
				e.StatusCode,
				snippet(e.Body),
				near,
			),
			Causes: []string{"the server (or a gateway in front of it) does not follow RFC 6749 §5.2 for errors"},
			Fixes:  []Fix{{Text: fmt.Sprintf("treat it as %s (see below)", near)}},
			Refs:   []string{refOAuthErrors}, Evidence: oauthEvidence(e)}
		return append([]Diagnosis{d}, tokenCode(&OAuthError{Code: near, Description: body, StatusCode: e.StatusCode,
			Status: e.Status, Header: e.Header, Body: e.Body}, near, c)...)
	}
	return []Diagnosis{{Code: CodeFor(StepToken, fmt.Sprintf("http_%d", e.StatusCode)),
		Summary: fmt.Sprintf("The token endpoint answered HTTP %d with an empty body.", e.StatusCode),
		Causes:  []string{"the URL is not the token endpoint", "a gateway in front of the server refused the request"},
		Fixes:   []Fix{{Text: "check the token URL; run again with -v to see the whole answer"}},
		Refs:    []string{refOAuthErrors}, Evidence: oauthEvidence(e)}}
}

// bareRefusal explains a 401 or 403 with an empty body.
func bareRefusal(e *OAuthError, c Context) Diagnosis {
	inner := invalidClient(
		&OAuthError{Code: "invalid_client", StatusCode: e.StatusCode, Status: e.Status, Header: e.Header},
		c,
	)
	d := Diagnosis{Code: CodeFor(StepToken, fmt.Sprintf("bare_%d", e.StatusCode)),
		Summary: fmt.Sprintf(
			"The token endpoint refused the request with HTTP %d and an empty body (no OAuth error code); it most likely means invalid_client.",
			e.StatusCode,
		),
		Causes: append(inner.Causes,
			"a gateway or firewall in front of the server refused the request (an IP allow-list, a missing API key)"),
		Fixes:    inner.Fixes,
		Refs:     []string{refOAuthErrors, "RFC 9110 §15.5.2"},
		Evidence: oauthEvidence(e)}
	if scopes := metadataScopes(c); len(askedScopes(c)) == 0 && len(scopes) > 0 {
		d.Causes = append(
			[]string{"no scope was asked for, and some servers refuse a token request without one with a bare " +
				fmt.Sprint(e.StatusCode)},
			d.Causes...)
		v := strings.Join(scopes, " ")
		d.Fixes = append([]Fix{{Text: "ask for the scopes the metadata lists", Kind: FixScope, Value: v}}, d.Fixes...)
		d.Evidence = append(d.Evidence, "no scope asked; scopes_supported: "+Sanitize(v))
	}
	if e.Header.Get("WWW-Authenticate") == "" && e.StatusCode == http.StatusUnauthorized {
		d.Evidence = append(d.Evidence, "no WWW-Authenticate header (RFC 9110 §11.6.1 requires one on 401)")
	}
	return d
}

// aadstsRe finds a Microsoft Entra error code in an error_description.
var aadstsRe = regexp.MustCompile(`AADSTS(\d+)`)

// entraCodes are the Entra ID codes met with client credentials: meaning,
// then what to do.
var entraCodes = map[string][2]string{
	"7000215": {
		"an invalid client secret was provided",
		"use the secret's Value (not its Secret ID) from App registrations › Certificates & secrets, or create a new one",
	},
	"7000222": {
		"the client secret has expired",
		"create a new client secret under App registrations › Certificates & secrets",
	},
	"700016": {
		"the application (client id) was not found in the tenant",
		"check the client id and that the token URL names the tenant the app is registered in",
	},
	"90002": {"the tenant was not found", "check the tenant id or domain in the token URL"},
	"70011": {
		"the scope is invalid",
		"for client credentials ask for the resource's /.default scope, e.g. api://<app-id>/.default or https://graph.microsoft.com/.default",
	},
	"1002012": {"the scope is invalid (a v2.0 scope without /.default)", "ask for <resource>/.default"},
	"500011": {
		"the resource principal was not found in the tenant",
		"check the scope's resource (App ID URI) and that the API is registered or consented in this tenant",
	},
	"7000218": {
		"the request has no client_secret or client_assertion",
		"send the client secret (check the auth method and that the secret is not empty)",
	},
	"501051": {
		"the application is not assigned a role for the resource",
		"grant the app an application permission (app role) on the API and grant admin consent",
	},
	"650057": {
		"invalid resource: the client has not asked for permissions on it",
		"add the API permission to the app registration and grant admin consent",
	},
	"700024": {"the client assertion is not within its valid time range", "check this machine's clock"},
	"90014": {
		"a required field is missing from the request",
		"compare the request (-v) with Microsoft's client credentials example",
	},
	"50034": {
		"the user account does not exist in the directory",
		"client credentials need no user: check the grant and the tenant",
	},
}

// entraDiagnosis names a Microsoft Entra AADSTS code and its meaning.
func entraDiagnosis(e *OAuthError) (Diagnosis, bool) {
	m := aadstsRe.FindStringSubmatch(e.Description)
	if m == nil {
		return Diagnosis{}, false
	}
	d := Diagnosis{Code: CodeFor(StepToken, "entra.AADSTS"+m[1]),
		Summary: fmt.Sprintf("Microsoft Entra ID answered AADSTS%s.", m[1]),
		Refs: []string{"https://learn.microsoft.com/entra/identity-platform/reference-error-codes",
			"https://login.microsoftonline.com/error?code=" + m[1]},
		Evidence: oauthEvidence(e)}
	if info, ok := entraCodes[m[1]]; ok {
		d.Summary = fmt.Sprintf("Microsoft Entra ID answered AADSTS%s: %s.", m[1], info[0])
		d.Causes = []string{info[0]}
		d.Fixes = []Fix{{Text: info[1]}}
	} else {
		d.Causes = []string{"see the error_description and Microsoft's code reference"}
		d.Fixes = []Fix{{Text: "look the code up: https://login.microsoftonline.com/error?code=" + m[1]}}
	}
	return d, true
}
