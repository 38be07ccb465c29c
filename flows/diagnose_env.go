package flows

import (
	"net/http"
	"net/url"
	"strings"
)

// envWords name non-production environments as they appear in host names.
var envWords = []string{"staging", "sandbox", "acceptance", "preprod", "test", "dev", "uat", "qa"}

// environmentOf is the environment a URL's host names ("staging", …),
// "live" for a host that names none, "" for no URL.
func environmentOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	for _, label := range strings.FieldsFunc(strings.ToLower(u.Hostname()), func(r rune) bool { return r == '.' || r == '-' }) {
		for _, w := range envWords {
			if label == w {
				return w
			}
		}
	}
	return "live"
}

// domainOf is the last two labels of a URL's host ("floriday.io").
func domainOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	labels := strings.Split(strings.ToLower(u.Hostname()), ".")
	if len(labels) < 2 {
		return u.Hostname()
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// callEnvironment explains an API that refused a token issued in another
// environment (a staging token at the live API): it comes first, since no
// other fix helps. nil when the environments agree or are unknown.
func callEnvironment(e *OAuthError, c Context) *Diagnosis {
	if e.StatusCode != http.StatusUnauthorized && e.StatusCode != http.StatusForbidden || c.JWT == nil {
		return nil
	}
	iss, _ := c.JWT.Claims["iss"].(string)
	tokEnv, apiEnv := environmentOf(iss), environmentOf(e.URL)
	if tokEnv == "" || apiEnv == "" || tokEnv == apiEnv || domainOf(iss) != domainOf(e.URL) {
		return nil // one identity provider may serve several environments of another's APIs
	}
	return &Diagnosis{Code: "call.wrong_environment",
		Summary: "The token is from " + tokEnv + " but the API is " + apiEnv + ": each environment trusts only its own tokens.",
		Causes: []string{"the profile mixes environments: the issuer (and client) of one, the API URL of the other",
			"the API key, if any, is of the other environment too"},
		Fixes: []Fix{
			{Text: "use the issuer, client, secret and API key of the API's environment (one profile per environment)"},
		},
		Refs:     []string{"RFC 9068 §4 (iss and aud are checked)", refBearer},
		Evidence: append(oauthEvidence(e), "token iss: "+Sanitize(iss), "API URL: "+Sanitize(e.URL))}
}

// apiKeySent reports whether the call carried an X-Api-Key header.
func apiKeySent(c Context) bool {
	ex, ok := lastExchange(c.Exchanges, "")
	if !ok {
		return false
	}
	for _, h := range ex.RequestHeader {
		if strings.EqualFold(h.Name, "X-Api-Key") {
			return true
		}
	}
	return false
}
