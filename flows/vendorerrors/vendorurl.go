package vendorerrors

import (
	"net/url"
	"regexp"
	"strings"
)

// oktaPath is an Okta custom authorization server's path: /oauth2/default
// or /oauth2/aus… (Floriday's issuers are of this kind on its own domain).
var oktaPath = regexp.MustCompile(`^/oauth2/(default|aus[0-9A-Za-z]{10,})(/|$)`)

// VendorFromURL guesses the vendor from an issuer or token endpoint URL,
// for callers that know the server but not its product: "" when unsure.
func VendorFromURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case hasSuffix(host, "okta.com", "oktapreview.com", "okta-emea.com") || oktaPath.MatchString(u.Path):
		return "okta"
	case hasSuffix(host, "login.microsoftonline.com", "login.microsoftonline.us", "sts.windows.net",
		"ciamlogin.com", "b2clogin.com"):
		return "entra"
	case hasSuffix(host, "auth0.com"):
		return "auth0"
	case hasSuffix(host, "amazoncognito.com") || strings.HasPrefix(host, "cognito-idp."):
		return "cognito"
	case hasSuffix(host, "accounts.google.com", "oauth2.googleapis.com"):
		return "google"
	case hasSuffix(host, "pingone.com", "pingone.eu", "pingone.asia", "pingone.ca"):
		return "ping"
	case strings.Contains(u.Path, "/realms/"):
		return "keycloak"
	case strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/connect/token"):
		return "duende"
	}
	return ""
}

// hasSuffix reports whether host is one of the domains or below one.
func hasSuffix(host string, domains ...string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}
