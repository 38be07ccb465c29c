package flows

import (
	"slices"
	"strings"
)

// grantWords names a grant for people: "the client credentials grant".
func grantWords(g GrantType) string {
	switch g {
	case GrantClientCredentials:
		return "the client credentials grant"
	case GrantAuthorizationCode:
		return "the authorization code grant"
	case GrantRefreshToken:
		return "the refresh token grant"
	case GrantDeviceCode:
		return "the device authorization grant"
	case GrantTokenExchange:
		return "token exchange (RFC 8693)"
	case GrantJWTBearer:
		return "the JWT bearer grant (RFC 7523)"
	case "":
		return "this grant"
	}
	return "the grant " + SanitizeLine(string(g))
}

// grantRef is the section that defines the grant's token request.
func grantRef(g GrantType) string {
	switch g {
	case GrantAuthorizationCode:
		return "RFC 6749 §4.1.3"
	case GrantRefreshToken:
		return "RFC 6749 §6"
	case GrantDeviceCode:
		return "RFC 8628 §3.4"
	case GrantTokenExchange:
		return "RFC 8693 §2.1"
	case GrantJWTBearer:
		return "RFC 7523 §2.1"
	}
	return "RFC 6749 §4.4"
}

// unauthorizedClient explains unauthorized_client: the client may not
// use the grant that was sent (RFC 6749 §5.2).
func unauthorizedClient(e *OAuthError, c Context) Diagnosis {
	g := grantSent(c)
	name := grantWords(g)
	d := Diagnosis{Code: CodeTokenUnauthorizedClient,
		Summary: "The client authenticated, but it is not allowed to use " + name + " (unauthorized_client).",
		Causes: []string{name + " is not enabled for this application",
			"the application is of a type that may not use this grant"},
		Fixes: []Fix{{Text: "enable " + name + " for the application in the provider's console " +
			"(Okta: General › Grant type; Auth0: Advanced Settings › Grant Types)"}},
		Refs:     []string{refOAuthErrors, grantRef(g)},
		Evidence: oauthEvidence(e)}
	if g == GrantClientCredentials {
		d.Causes[1] = "the application is of a type that can't hold a secret (a SPA or native app) and so may " +
			"not use this grant"
		d.Fixes = append(d.Fixes, Fix{Text: "or create a machine-to-machine (service) application and use its " +
			"credentials"})
	}
	return d
}

// unsupportedGrant explains unsupported_grant_type for the grant that was
// sent, with the metadata's grant_types_supported when known.
func unsupportedGrant(e *OAuthError, c Context) Diagnosis {
	g := grantSent(c)
	name := grantWords(g)
	d := Diagnosis{Code: CodeTokenUnsupportedGrantType,
		Summary: "The server does not support " + name + " at this endpoint (unsupported_grant_type).",
		Causes: []string{"the server does not offer " + name + " at all",
			"the URL is not the token endpoint of this authorization server",
			"the request body did not reach the server as a form (a proxy changed it, or a wrong Content-Type)"},
		Fixes: []Fix{
			{Text: "check the token URL against the token_endpoint of the metadata (oauthlens discover ISSUER)"}},
		Refs:     []string{refOAuthErrors, "RFC 6749 §4.4.2"},
		Evidence: oauthEvidence(e)}
	if g == GrantClientCredentials {
		d.Fixes = append(d.Fixes, Fix{Text: "ask the provider whether machine-to-machine access uses another " +
			"grant or product"})
	} else {
		d.Refs[1] = grantRef(g)
	}
	if c.Metadata != nil && len(c.Metadata.GrantTypesSupported) > 0 {
		d.Evidence = append(d.Evidence,
			"grant_types_supported: "+Sanitize(strings.Join(c.Metadata.GrantTypesSupported, " ")))
		if g != "" && !slices.Contains(c.Metadata.GrantTypesSupported, string(g)) {
			d.Causes = append([]string{"grant_types_supported does not list " + SanitizeLine(string(g))},
				d.Causes[1:]...)
		}
	}
	return d
}
