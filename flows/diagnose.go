package flows

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Diagnosis explains one failure (or one doubtful point of a success) as
// data: what happened, the likely causes (most likely first), what to try,
// the specification or provider document that applies, and the evidence it
// was drawn from. Server text in it is sanitised.
type Diagnosis struct {
	Code     Code     `json:"code"`     // stable id, e.g. "token.invalid_client.try_post", "network.connection_refused"
	Summary  string   `json:"summary"`  // what happened, one sentence
	Causes   []string `json:"causes"`   // most likely first
	Fixes    []Fix    `json:"fixes"`    // concrete
	Refs     []string `json:"refs"`     // "RFC 6749 §5.2", provider doc URLs
	Evidence []string `json:"evidence"` // "HTTP 401", "error=invalid_client", "WWW-Authenticate: Basic realm=…"
	// Body is the whole error body when it says more than the evidence
	// (a detail or errors field, a vendor's codes, a text): pretty-printed,
	// sanitised line by line, capped at a few KB with "… N more bytes".
	Body string `json:"body,omitempty"`
}

// Context is what the diagnoser may know besides the error. Every field is
// optional.
type Context struct {
	Step         Step
	Request      *TokenRequest
	Metadata     *Metadata
	Discovery    *Discovery
	Exchanges    []Exchange
	Token        *Token
	JWT          *DecodedJWT
	Verification *Verification
	Now          time.Time
	// Vendor names the vendor error dictionary to use (a profile's
	// template, see flows/vendorerrors); "" guesses it from the URLs and
	// the body.
	Vendor string
	// Resource is the API's protected resource metadata (RFC 9728), when
	// the walk started from the API: the resource sent is compared with it.
	Resource *ResourceMetadata

	vendorMatched bool // a dictionary entry explained the error already
}

// Step names a step of the walk (Context.Step, Check.Step). Its values are
// also the labels of the steps' exchanges.
type Step string

// Steps.
const (
	StepDiscovery Step = "discovery"
	StepToken     Step = "token"
	StepJWKS      Step = "jwks"
	StepVerify    Step = "verify"
	StepCall      Step = "call"
)

// Diagnose explains a failure. It may return several diagnoses, most
// relevant first; nil when it has nothing to say. With a nil err it
// reports the error-level problems of c.Discovery, if any.
func Diagnose(err error, c Context) []Diagnosis {
	if c.Now.IsZero() {
		c.Now = time.Now()
	}
	if c.Metadata == nil && c.Discovery != nil {
		c.Metadata = &c.Discovery.Metadata
	}
	if c.JWT == nil && c.Token != nil {
		if d, err := DecodeJWT(c.Token.AccessToken); err == nil {
			c.JWT = &d
		}
	}
	var out []Diagnosis
	switch {
	case err == nil:
	case isNetworkError(err):
		out = diagnoseNetwork(err, c)
	default:
		out = diagnoseError(err, c)
	}
	if err != nil && (c.Step == StepToken || c.Step == StepCall) && ResourceMayExplain(err) {
		out = append(resourceDiagnoses(c), out...) // diagnose_recovery.go
	}
	if c.Discovery != nil {
		out = append(out, DiagnoseDiscovery(*c.Discovery)...)
	}
	return withBodies(dedupe(out), err)
}

// withBodies gives the diagnoses of an error answer the whole body, when it
// says more than the evidence (see Diagnosis.Body).
func withBodies(ds []Diagnosis, err error) []Diagnosis {
	var oe *OAuthError
	if !errors.As(err, &oe) || !(oe.Code == "" || saysMore(oe.Body)) {
		return ds
	}
	body := wholeBody(oe.maskedBody())
	for i := range ds {
		if ds[i].Body == "" {
			ds[i].Body = body
		}
	}
	return ds
}

// diagnoseError dispatches on the kind of error and the step.
func diagnoseError(err error, c Context) []Diagnosis {
	var de *DiscoveryError
	var oe *OAuthError
	var ce *ConfigError
	var te *TooLargeError
	switch {
	case errors.Is(err, ErrIssuerMismatch):
		return nil // explained by the discovery's own diagnosis
	case errors.As(err, &de):
		return diagnoseDiscoveryError(de, c)
	case errors.As(err, &oe):
		return diagnoseOAuthError(oe, c)
	case errors.As(err, &ce):
		return []Diagnosis{{Code: CodeConfigInvalid, Summary: Sanitize(ce.Msg) + ".",
			Causes: []string{"the setting named above is missing or malformed; no request was made"},
			Fixes:  []Fix{{Text: "correct the setting (see --help, or edit the profile) and run again"}}}}
	case errors.As(err, &te) && c.Step != StepJWKS:
		return []Diagnosis{diagnoseTooLarge(te, c)} // diagnose_toolarge.go
	}
	return diagnoseUntyped(err, c)
}

// diagnoseOAuthError handles an error status (or an error body) from any step.
func diagnoseOAuthError(e *OAuthError, c Context) []Diagnosis {
	step := stepOf(e, c)
	if v, ok := diagnoseVendor(e, c); ok {
		c.vendorMatched = true
		if !standardCodes[e.Code] && step == StepToken {
			return []Diagnosis{v} // the generic reading of a vendor's own shape would mislead
		}
		return append([]Diagnosis{v}, diagnoseStatus(e, step, c)...)
	}
	return diagnoseStatus(e, step, c)
}

// diagnoseStatus is the generic explanation of an error status or body.
func diagnoseStatus(e *OAuthError, step Step, c Context) []Diagnosis {
	if d, ok := diagnoseHTTPStatus(e, step); ok {
		return d
	}
	switch step {
	case StepDiscovery:
		return []Diagnosis{discoveryStatus(e)}
	case StepCall:
		return diagnoseCall(e, c)
	case StepIntrospect, StepRevoke:
		return diagnoseEndpointError(e, step, c)
	}
	return diagnoseTokenError(e, c)
}

// stepOf names the step of an error: the error's own when it says (a
// token refused while re-acquiring during a call is a token error), else
// the context's.
func stepOf(e *OAuthError, c Context) Step {
	switch strings.ToLower(e.Step) {
	case "api call", "call":
		return StepCall
	case "discovery":
		return StepDiscovery
	case "token":
		return StepToken
	case "introspection":
		return StepIntrospect
	case "revocation":
		return StepRevoke
	}
	if c.Step != "" {
		return c.Step
	}
	return StepToken
}

// diagnoseUntyped explains errors without a type of their own: a token
// answer that is not JSON or has no access_token, a missing token_endpoint.
func diagnoseUntyped(err error, c Context) []Diagnosis {
	ex, ok := lastExchange(c.Exchanges, "")
	msg := Sanitize(err.Error())
	switch {
	case c.Discovery != nil && c.Discovery.Metadata.TokenEndpoint == "" && errors.Is(err, ErrNoTokenEndpoint):
		return nil // DiagnoseDiscovery reports it
	case ok && ex.OK() && errors.As(err, new(*TokenStringError)):
		return []Diagnosis{tokenStringNote(ex, err)}
	case ok && ex.OK() && (c.Step == StepToken || ex.Label == string(StepToken)):
		return []Diagnosis{tokenBodyUnreadable(ex, err)}
	case c.Step == StepJWKS:
		return []Diagnosis{jwksUnusable(ex, msg)}
	}
	return []Diagnosis{{Code: CodeUnknown, Summary: msg,
		Causes: []string{"oauthlens has no specific explanation for this error"},
		Fixes:  []Fix{{Text: "run again with -v to see every HTTP exchange"}}}}
}

// tokenBodyUnreadable explains a 2xx token answer that could not be used.
func tokenBodyUnreadable(ex Exchange, err error) Diagnosis {
	msg := Sanitize(err.Error())
	d := Diagnosis{Code: CodeTokenInvalidJSON, Refs: []string{"RFC 6749 §5.1"},
		Evidence: append(statusEvidence(ex.Status, ex.StatusText),
			"Content-Type: "+SanitizeLine(ex.ResponseHeaderGet("Content-Type")), "body: "+snippet(ex.ResponseBody))}
	if errors.Is(err, ErrNoAccessToken) {
		d.Code = CodeTokenNoAccessToken
		d.Summary = "The token endpoint answered success but the answer has no access_token."
		d.Causes = []string{"the URL is not the token endpoint (an API or a page that also answers POST)",
			"the server wraps the token in another object (a non-standard envelope)"}
	} else {
		d.Summary = "The token endpoint answered success but the body is not valid JSON."
		d.Evidence = append(d.Evidence, "error: "+msg)
		d.Causes = []string{"the server (or a proxy in front of it) sent a broken or truncated body",
			"the URL is not the token endpoint but a page that answers 200"}
	}
	d.Fixes = []Fix{
		{
			Text: "run again with -v and read the body; check the token URL against the token_endpoint of the server's metadata",
		},
		{Text: "retry: a truncated answer may be transient", Kind: FixRetry},
	}
	return d
}

// statusEvidence is "HTTP 401 Unauthorized".
func statusEvidence(code int, text string) []string {
	switch {
	case text != "":
		return []string{"HTTP " + Sanitize(text)}
	case code != 0:
		return []string{fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))}
	}
	return nil
}

// oauthEvidence lists the status, error fields and the challenge of e.
func oauthEvidence(e *OAuthError) []string {
	ev := statusEvidence(e.StatusCode, e.Status)
	if e.Code != "" {
		ev = append(ev, "error="+SanitizeLine(e.Code))
	}
	if e.Description != "" {
		ev = append(ev, "error_description="+oneLine(e.Description))
	}
	for _, v := range e.Header.Values("WWW-Authenticate") {
		ev = append(ev, "WWW-Authenticate: "+oneLine(v))
	}
	if e.Code == "" && e.StatusCode != 0 {
		if ct := e.Header.Get("Content-Type"); ct != "" {
			ev = append(ev, "Content-Type: "+SanitizeLine(ct))
		}
		ev = append(ev, "body: "+snippet(e.Body))
	}
	return append(ev, RequestIDs(e.Header, e.Body)...)
}

// snippet is the body in at most 120 characters, "(empty)" when empty.
func snippet(b []byte) string {
	if strings.TrimSpace(string(b)) == "" {
		return "(empty)"
	}
	s := oneLine(string(b))
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return s
}

// lastExchange returns the last exchange, or the last with the label.
func lastExchange(exs []Exchange, label string) (Exchange, bool) {
	for i := len(exs) - 1; i >= 0; i-- {
		if label == "" || exs[i].Label == label {
			return exs[i], true
		}
	}
	return Exchange{}, false
}

// dedupe drops diagnoses whose Code already appeared.
func dedupe(ds []Diagnosis) []Diagnosis {
	seen := map[Code]bool{}
	var out []Diagnosis
	for _, d := range ds {
		if !seen[d.Code] {
			seen[d.Code] = true
			out = append(out, d)
		}
	}
	return out
}

// containsAny reports whether s (lowercased) contains any of the words.
func containsAny(s string, words ...string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// jwksUnusable explains a JWKS that could not be fetched or used.
func jwksUnusable(ex Exchange, msg string) Diagnosis {
	return Diagnosis{
		Code:    CodeJWKSUnusable,
		Summary: "The server's signing keys (JWKS) could not be used: " + msg + ".",
		Causes: []string{"the jwks_uri in the metadata is wrong or not public (a gateway wants credentials)",
			"the URL answers something other than a JWK Set (an HTML page, a single key without {\"keys\": […]})"},
		Fixes: []Fix{{Text: "open the jwks_uri: curl -sS " + shellQuote(Sanitize(ex.URL)) + " | jq ."},
			{Text: "the token may still be good: the API checks it, not oauthlens"}},
		Refs: []string{
			"RFC 7517 §5",
			"RFC 8414 §2 (jwks_uri)",
		},
		Evidence: append(statusEvidence(ex.Status, ex.StatusText), "URL: "+Sanitize(ex.URL)),
	}
}
