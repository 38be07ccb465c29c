package flows

import (
	"context"
	"fmt"
	"net/http"
	"slices"
)

// DefaultReacquireOn are the API statuses that make Call fetch a new token
// and retry once.
var DefaultReacquireOn = []int{http.StatusUnauthorized, http.StatusForbidden}

// CallRequest is a request to a protected API.
type CallRequest struct {
	Method        string
	URL           string
	Header        http.Header // extra headers, e.g. X-Api-Key
	Body          []byte
	SecretHeaders []string // names of headers in Header whose values are secret
	DPoP          *DPoP    // a DPoP-bound token: a fresh proof with ath per call (RFC 9449 §7)
	ReacquireOn   []int    // nil means DefaultReacquireOn; empty non-nil means never
	// ScopeNeedsGrant: a 403 insufficient_scope is not re-acquired. For a
	// token from a grant with a person, the re-acquire is a refresh, which
	// cannot widen the scope (RFC 6749 §6): step-up needs a new grant. (A
	// client credentials token is re-acquired: a permission granted since
	// shows in a new token.)
	ScopeNeedsGrant bool
	apiNonce        string // the resource server's DPoP-Nonce (RFC 9449 §9)
}

// Reacquirer fetches a fresh token when the API refuses the current one.
type Reacquirer func(ctx context.Context) (Token, Exchange, error)

// CallResult is the API's final answer.
type CallResult struct {
	Status     int
	Header     http.Header
	Body       []byte
	Retried    bool        // a new token was acquired and the call repeated
	Token      Token       // the token used for the final attempt
	Challenges []Challenge // parsed WWW-Authenticate of the final answer
	// Truncated means the API's answer was longer than MaxAPIBody and Body
	// holds only its first MaxAPIBody bytes; front-ends must say so.
	Truncated bool
}

// TruncatedNote is the sentence a front-end prints when the answer was
// cut (CallResult.Truncated), and "" otherwise.
func (r CallResult) TruncatedNote() string {
	if !r.Truncated {
		return ""
	}
	return fmt.Sprintf("the answer was cut: only its first %d bytes (%d MiB) were read", MaxAPIBody, MaxAPIBody>>20)
}

// AuthorizationValue renders "<token_type> <access_token>", with bearer
// types of any case normalised to "Bearer" (RFC 6750 §2.1).
func AuthorizationValue(t Token) string {
	typ := t.TokenType
	if typ == "" || t.IsBearer() {
		typ = "Bearer"
	}
	return typ + " " + t.AccessToken
}

// Call sends the request with the token. When the API answers one of the
// ReacquireOn statuses and reacquire is not nil, it acquires a new token
// once and repeats the call. Every exchange is returned in order (the
// first call, the token request, the retry). An HTTP error status of the
// final answer is returned as *OAuthError with the RFC 6750 error from
// WWW-Authenticate when there is one.
func Call(
	ctx context.Context,
	hc *http.Client,
	r CallRequest,
	tok Token,
	reacquire Reacquirer,
) (CallResult, []Exchange, error) {
	exs, ex, err := sendCallNonce(ctx, hc, &r, tok, "call") // dpop_call.go
	if err != nil {
		return CallResult{Token: tok}, exs, fmt.Errorf("API call: %w", err)
	}
	res := callResult(ex, tok)
	if reacquire != nil && slices.Contains(r.reacquireOn(), ex.Status) && !(r.ScopeNeedsGrant && scopeRefusal(ex)) {
		fresh, tex, terr := reacquire(ctx)
		exs = append(exs, tex)
		if terr != nil {
			return res, exs, fmt.Errorf(
				"the API answered %s and re-acquiring the token failed: %w",
				Sanitize(ex.StatusText),
				terr,
			)
		}
		ex, err = sendCall(ctx, hc, r, fresh, "call (retry)")
		exs = append(exs, ex)
		if err != nil {
			return res, exs, fmt.Errorf("API call (retry): %w", err)
		}
		res = callResult(ex, fresh)
		res.Retried = true
	}
	return res, exs, callError(ex, res)
}

// scopeRefusal reports a refusal for want of scope (RFC 6750 §3.1,
// error="insufficient_scope").
func scopeRefusal(ex Exchange) bool {
	c, ok := BearerChallenge(ParseWWWAuthenticate(ex.ResponseHeader.Values("WWW-Authenticate")))
	return ok && c.Params["error"] == "insufficient_scope"
}

func (r CallRequest) reacquireOn() []int {
	if r.ReacquireOn == nil {
		return DefaultReacquireOn
	}
	return r.ReacquireOn
}

func sendCall(ctx context.Context, hc *http.Client, r CallRequest, tok Token, label string) (Exchange, error) {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Authorization", AuthorizationValue(tok))
	if h.Get("Accept") == "" {
		h.Set("Accept", "application/json, */*;q=0.5")
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	secrets := []Secret{{Name: "ACCESS_TOKEN", Value: tok.AccessToken}}
	r.DPoP.apply(h, method, r.URL, r.apiNonce, tok.AccessToken, &secrets)
	for _, name := range r.SecretHeaders {
		if v := h.Get(name); v != "" {
			secrets = append(secrets, Secret{Name: EnvName(name), Value: v})
		}
	}
	return Send(ctx, hc, Request{Label: label, Method: method, URL: r.URL, Header: h, Body: r.Body,
		MaxBody: MaxAPIBody, Secrets: secrets, SecretHeaders: r.SecretHeaders})
}

func callResult(ex Exchange, tok Token) CallResult {
	return CallResult{Status: ex.Status, Header: ex.ResponseHeader, Body: ex.ResponseBody, Token: tok,
		Challenges: ParseWWWAuthenticate(ex.ResponseHeader.Values("WWW-Authenticate")), Truncated: ex.Truncated}
}

// callError turns an error status into *OAuthError, with the RFC 6750 §3
// error code from a Bearer challenge when the API sent one.
func callError(ex Exchange, res CallResult) error {
	if ex.Status < 400 {
		return nil
	}
	e := newOAuthError(callStep, ex)
	if c, ok := BearerChallenge(res.Challenges); ok && c.Params["error"] != "" {
		e.Code, e.Description, e.URI = c.Params["error"], c.Params["error_description"], c.Params["error_uri"]
	}
	return e
}
