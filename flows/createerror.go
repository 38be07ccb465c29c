package flows

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// CreationError is a failed client creation (RFC 7591 registration, RFC 7592
// management or a vendor's admin API): the server's answer together with
// what it most likely means.
type CreationError struct {
	Err *OAuthError
	// Field is the client metadata member the server insists on, when its
	// answer names one that was not sent (e.g. "redirect_uris").
	Field string
	// Example is client metadata JSON that adds Field, e.g.
	// {"redirect_uris":["https://localhost/cb"]}.
	Example string
	// NeedsToken says the endpoint wants a (different) bearer token: an
	// initial access token, an admin token or a registration access token.
	NeedsToken bool
	// Hint says in words what to do.
	Hint string
}

// Error is the server's error followed by the hint.
func (e *CreationError) Error() string {
	if e.Hint == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + " — " + e.Hint
}

// Unwrap returns the *OAuthError.
func (e *CreationError) Unwrap() error { return e.Err }

// metadataNames are the client metadata members of RFC 7591 §2 and OpenID
// Connect Dynamic Client Registration 1.0 §2 that a server may insist on.
var metadataNames = []string{
	"redirect_uris", "response_types", "grant_types", "token_endpoint_auth_method", "client_name",
	"client_uri", "logo_uri", "scope", "contacts", "tos_uri", "policy_uri", "jwks_uri", "jwks",
	"software_id", "software_version", "software_statement", "application_type", "sector_identifier_uri",
	"subject_type", "id_token_signed_response_alg", "post_logout_redirect_uris",
}

// metadataExamples are values to suggest for a member the server wants.
var metadataExamples = map[string]string{
	"redirect_uris": `["https://localhost/cb"]`, "post_logout_redirect_uris": `["https://localhost/"]`,
	"contacts": `["you@example.com"]`, "client_uri": `"https://example.com"`,
	"logo_uri": `"https://example.com/logo.png"`, "tos_uri": `"https://example.com/terms"`,
	"policy_uri": `"https://example.com/privacy"`, "jwks_uri": `"https://example.com/jwks.json"`,
	"software_id": `"oauthlens"`, "software_version": `"1.0"`, "application_type": `"web"`,
	"response_types": `["code"]`,
}

// wordRE splits text into words that may be member names.
var wordRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]*`)

// normalName folds "redirect_uris", "redirectUris", "redirect uri" alike.
func normalName(s string) string {
	s = strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(s))
	return strings.TrimSuffix(s, "s")
}

// mentionedField returns the first metadata member that text names, as a
// member name, in camelCase or as two words ("redirect URI").
func mentionedField(text string) string {
	words := wordRE.FindAllString(text, -1)
	for i := range words {
		for _, cand := range []string{words[i], strings.Join(words[i:min(i+2, len(words))], " "), strings.Join(words[i:min(i+3, len(words))], " ")} {
			for _, name := range metadataNames {
				if normalName(cand) == normalName(name) {
					return name
				}
			}
		}
	}
	return ""
}

// explainRegistration wraps an RFC 7591 error answer (§3.2.2) with what it
// most likely means.
func explainRegistration(err error, r RegistrationRequest) error {
	var oe *OAuthError
	if !errors.As(err, &oe) {
		return err
	}
	ce := &CreationError{Err: oe}
	switch {
	case explainServerFailure(ce): // diagnose_recovery.go
	case oe.StatusCode == http.StatusUnauthorized || oe.Code == "invalid_token":
		ce.NeedsToken = true
		ce.Hint = "the registration endpoint wants an initial access token (RFC 7591 §3): ask the server's administrators for one and send it as a Bearer token"
		if r.InitialAccessToken != "" {
			ce.Hint = "the initial access token was refused: it is wrong, expired, or already used (some servers accept each one once)"
		}
	case oe.StatusCode == http.StatusForbidden:
		ce.NeedsToken = true
		ce.Hint = "the server refuses this registration (HTTP 403): it may allow registration only with an initial access token, or only for some metadata"
	case oe.StatusCode == http.StatusNotFound || oe.StatusCode == http.StatusMethodNotAllowed:
		ce.Hint = "nothing registers clients at this URL: check the registration endpoint (discovery's registration_endpoint)"
	case oe.Code == "invalid_software_statement" || oe.Code == "unapproved_software_statement":
		ce.Hint = "the server wants a software statement (RFC 7591 §2.3) signed by a party it trusts, sent as the software_statement member"
	default:
		explainMetadata(ce, r)
	}
	return ce
}

// explainMetadata names the member a 400 answer complains about: one that
// was not sent gets an example to add; one that was sent had a value the
// server refused.
func explainMetadata(ce *CreationError, r RegistrationRequest) {
	oe := ce.Err
	field := mentionedField(oe.Description)
	if field == "" && oe.Code == "" {
		field = mentionedField(string(oe.Body))
	}
	if oe.Code == "invalid_redirect_uri" {
		field = "redirect_uris"
	}
	if field == "" {
		if oe.Code == "invalid_client_metadata" {
			ce.Hint = "the server refused a client metadata value; its error_description should say which"
		}
		return
	}
	if _, sent := r.metadata()[field]; sent {
		ce.Hint = fmt.Sprintf("the server refused the value of %s that was sent", field)
		return
	}
	ce.Field = field
	example := metadataExamples[field]
	if example == "" {
		example = `"…"`
	}
	ce.Example = fmt.Sprintf(`{"%s":%s}`, field, example)
	ce.Hint = fmt.Sprintf("the server insists on %s; add it to the client metadata, e.g. %s", field, ce.Example)
	if field == "redirect_uris" {
		ce.Hint = fmt.Sprintf(
			"the server insists on redirect_uris, which a client credentials client never uses; add a placeholder to the client metadata: %s",
			ce.Example,
		)
		// offer response_types only when the server's own answer points at them: a server that does
		// not know the field, or refuses an empty list, would just fail again (issue 12, item 11)
		if _, sent := r.metadata()["response_types"]; !sent &&
			containsAny(oe.Description+" "+string(oe.Body), "response_type") {
			ce.Hint += `; on OpenID Connect servers (oidc-provider, for one) the cause is the default response_types ["code"], and {"response_types":[]} is another fix`
		}
	}
}

// explainManagement wraps an RFC 7592 error answer.
func explainManagement(err error) error {
	var oe *OAuthError
	if !errors.As(err, &oe) {
		return err
	}
	ce := &CreationError{Err: oe}
	switch oe.StatusCode {
	case http.StatusUnauthorized:
		ce.NeedsToken = true
		ce.Hint = "the registration access token was refused: it is wrong, or the client no longer exists (RFC 7592 §2)"
	case http.StatusForbidden:
		ce.Hint = "the server does not allow this operation on the registration (RFC 7592 §2)"
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		ce.Hint = "the server does not support this operation at this URL: either registration_client_uri is wrong, or the server implements only part of RFC 7592 (many allow reading a registration but not deleting it)"
	}
	return ce
}

// explainVendor wraps an error answer of a vendor's client-creation API.
func explainVendor(oe *OAuthError, r VendorClientRequest) error {
	ce := &CreationError{Err: oe}
	switch oe.StatusCode {
	case http.StatusUnauthorized:
		ce.NeedsToken = true
		ce.Hint = "the admin token was refused (HTTP 401): it is wrong or expired; use a current bearer token of the account's owner or an administrator"
		if r.AdminToken == "" {
			ce.Hint = "no admin token was sent (HTTP 401): this API wants the bearer token of the account's owner or an administrator"
		}
	case http.StatusForbidden:
		ce.NeedsToken = true
		ce.Hint = "the admin token is valid but may not create clients (HTTP 403): use the token of the account's owner or an administrator, or ask for that permission"
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		ce.Hint = fmt.Sprintf(
			"nothing creates clients at %s %s: check the template's method and url",
			r.method(),
			Sanitize(r.URL),
		)
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusConflict:
		ce.Hint = "the server refused the request body: check the template's body and the name, scopes and permissions"
	}
	return ce
}
