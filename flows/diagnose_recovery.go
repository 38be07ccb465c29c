package flows

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Diagnosis codes of the failures that keep MCP-style clients (those that
// start from the API, RFC 9728) from recovering on their own.
const (
	CodeResourceTrailingSlash Code = "token.resource_trailing_slash"
	CodeResourceNotSent       Code = "token.resource_not_sent"
	CodeTokenStaleClient      Code = "token.invalid_grant.stale_client"
	// CodeCallNotReacquired: the API refused a token from a grant with a
	// person and no refresh token came with it, so none was fetched.
	CodeCallNotReacquired Code = "call.not_reacquired"
)

// resourceDiagnoses compare the resource indicators of the token request
// (RFC 8707 §2) with the resource the API's metadata names (RFC 9728 §2):
// one that differs only by a trailing slash, or none sent at all. Servers
// compare resource strings exactly, and the token is then refused or made
// for another audience.
func resourceDiagnoses(c Context) []Diagnosis {
	if c.Resource == nil || c.Resource.Resource == "" || c.Request == nil {
		return nil
	}
	want := c.Resource.Resource
	sent := c.Request.Resource
	refs := []string{"RFC 8707 §2", "RFC 9728 §2"}
	if len(sent) == 0 {
		return []Diagnosis{{Code: CodeResourceNotSent,
			Summary: "The API's metadata names its resource, but the token request sent no resource parameter.",
			Causes: []string{"the client never sends resource (RFC 8707), so the token is not made for this API " +
				"(MCP's authorization spec requires it)"},
			Fixes:    []Fix{resourceFix("send resource="+Sanitize(want), want)},
			Refs:     refs,
			Evidence: []string{"metadata resource: " + Sanitize(want), "resource sent: (none)"}}}
	}
	if slices.Contains(sent, want) {
		return nil
	}
	for _, s := range sent {
		if strings.TrimSuffix(s, "/") == strings.TrimSuffix(want, "/") {
			return []Diagnosis{{Code: CodeResourceTrailingSlash,
				Summary: fmt.Sprintf("The resource sent (%s) differs from the API's metadata resource (%s) only by "+
					"a trailing slash.", QuoteText(s), QuoteText(want)),
				Causes: []string{"the resource was built from the API URL rather than copied from the metadata; " +
					"servers compare resource strings exactly"},
				Fixes: []Fix{resourceFix("send the resource exactly as the API's metadata says it: "+Sanitize(want),
					want)},
				Refs: refs,
				Evidence: []string{"metadata resource: " + Sanitize(want),
					"resource sent: " + Sanitize(s)}}}
		}
	}
	return nil
}

// resourceFix is the fix of a resource diagnosis: send want, the
// metadata's resource, exactly (FixResource) when it can be sent as a
// resource indicator (CheckResourceIndicator); else advice only, saying
// why, for a metadata document that names no absolute URI is the API's
// to correct.
func resourceFix(text, want string) Fix {
	if err := CheckResourceIndicator(want); err != nil {
		return Fix{Text: "the API's metadata names a resource that cannot be sent: " + err.Error() +
			"; ask the API's owner to correct its metadata"}
	}
	return Fix{Text: text, Kind: FixResource, Value: want}
}

// callStep is the Step of the API's own error answers (flows.Call).
const callStep = "API call"

// ResourceMayExplain reports whether a wrong or missing resource can be
// the cause of a failure: the token endpoint refused the target or the
// request (invalid_target, invalid_request, invalid_grant: RFC 8707 §2),
// or the API refused the token itself (401: made for another audience).
// A refused client, a scope the API wants or a network error are not
// about the resource, and a resource diagnosis first would mislead.
func ResourceMayExplain(err error) bool {
	var oe *OAuthError
	if !errors.As(err, &oe) {
		return false
	}
	if oe.Step == callStep {
		return oe.StatusCode == http.StatusUnauthorized
	}
	switch oe.Code {
	case "invalid_target", "invalid_request", "invalid_grant":
		return true
	}
	return false
}

// staleClientWords are what servers write when invalid_grant is about the
// client id rather than the grant.
var staleClientWords = []string{"unknown client", "client not found", "no such client", "client does not exist",
	"client_id not found", "invalid client", "client is unknown", "not registered"}

// staleClient explains invalid_grant whose description says the client id
// is unknown: the server meant invalid_client (RFC 6749 §5.2), and a client
// that registered itself (RFC 7591) holds an id the server forgot (its
// registrations were reset, or expired). Clients that only re-register on
// invalid_client never recover.
func staleClient(e *OAuthError, c Context) (Diagnosis, bool) {
	if !containsAny(strings.ToLower(e.Description), staleClientWords...) {
		return Diagnosis{}, false
	}
	d := Diagnosis{Code: CodeTokenStaleClient,
		Summary: "The server answered invalid_grant, but its description says it does not know the client id: " +
			"it meant invalid_client (RFC 6749 §5.2).",
		Causes: []string{"the client id is stale: the server no longer knows this registration (registrations " +
			"reset or expired), and answers with the wrong error code"},
		Fixes: []Fix{{Text: "register the client again (RFC 7591) and use the new client id; treat this " +
			"invalid_grant like invalid_client"}},
		Refs:     []string{refOAuthErrors, "RFC 7591 §3"},
		Evidence: oauthEvidence(e)}
	if c.Request != nil && c.Request.ClientID != "" {
		d.Evidence = append(d.Evidence, "client_id: "+Sanitize(c.Request.ClientID))
	}
	return d, true
}

// explainServerFailure says what a registration answered with a server
// error (5xx) means; false for other answers.
func explainServerFailure(ce *CreationError) bool {
	oe := ce.Err
	if oe.StatusCode < http.StatusInternalServerError {
		return false
	}
	ce.Hint = fmt.Sprintf("the registration endpoint failed (HTTP %d): a server error, not your client "+
		"metadata; retry later, or pre-register the client by hand", oe.StatusCode)
	if len(strings.TrimSpace(string(oe.Body))) == 0 {
		ce.Hint = fmt.Sprintf("the registration endpoint failed (HTTP %d) with an empty body: it says nothing "+
			"about why; retry later, or pre-register the client by hand", oe.StatusCode)
	}
	return true
}

// emptyRegistration is the error for a success answer with no body: no
// client id was issued that the client could use.
func emptyRegistration(ex Exchange) error {
	if len(strings.TrimSpace(string(ex.ResponseBody))) > 0 {
		return nil
	}
	return fmt.Errorf("%s answer: HTTP %d with an empty body: the server issued no client_id to use "+
		"(RFC 7591 §3.2.1 requires the client information as JSON); register again or pre-register by hand",
		ex.Label, ex.Status)
}

// afterRefusal adds what followed a 401 or 403 of the API: a new token
// that did not help, or none fetched for a token from a grant with a
// person that came without a refresh token (a new one needs the person;
// never started unasked).
func afterRefusal(e *OAuthError, c Context) []Diagnosis {
	if e.StatusCode != http.StatusUnauthorized && e.StatusCode != http.StatusForbidden {
		return nil
	}
	if retried(c) {
		return []Diagnosis{refusedAfterReacquire(e)}
	}
	if !personGrant(c) || c.Token == nil || c.Token.RefreshToken != "" || e.Code == "insufficient_scope" {
		return nil // insufficient_scope: step-up says it (stepUp)
	}
	g := Sanitize(string(c.Request.Grant.Type()))
	return []Diagnosis{{Code: CodeCallNotReacquired,
		Summary: fmt.Sprintf("No new token was fetched: the token came from the %s grant without a refresh token, "+
			"and a new one needs the person to log in or approve again.", g),
		Causes: []string{"the server issues no refresh token to this client, or only when asked " +
			"(offline_access with OpenID Connect servers)"},
		Fixes: []Fix{{Text: "run the grant again (a new login or approval), then the call"},
			{Text: "to renew without the person, ask for a refresh token (offline_access) where the server " +
				"allows it"}},
		Refs: []string{"RFC 6749 §1.5", "RFC 6749 §6", "OIDC Core §11"}}}
}

// personGrant reports whether the token came from a grant with a person
// in it: authorization code, device authorization, or a refresh of theirs.
func personGrant(c Context) bool {
	return userGrant(c) || c.Request != nil && c.Request.Grant != nil && c.Request.Grant.Type() == GrantDeviceCode
}

// userGrant reports whether the token came from a grant a user authorized
// (the authorization code grant, or a refresh of its token): a wider scope
// then needs a new authorization, not just another token request.
func userGrant(c Context) bool {
	if c.Request == nil || c.Request.Grant == nil {
		return false
	}
	t := c.Request.Grant.Type()
	return t == GrantAuthorizationCode || t == GrantRefreshToken
}

// stepUp makes d offer step-up authorization (RFC 6750 §3.1): a new
// authorization asking also for the scopes the challenge names; false
// (d unchanged) when no user authorized the token.
func stepUp(d *Diagnosis, need []string, c Context) bool {
	if !userGrant(c) {
		return false
	}
	s := Sanitize(strings.Join(need, " "))
	d.Summary = fmt.Sprintf("The API needs scope %s, which the token does not have (insufficient_scope): "+
		"the user must authorize again with it (step-up).", s)
	d.Fixes = append(d.Fixes, Fix{Text: "step up: authorize again asking also for " + s + " (RFC 6750 §3.1)",
		Kind: FixStepUp, Value: strings.Join(need, " ")})
	return true
}
