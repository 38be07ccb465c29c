package flows

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// AuthRequest is an authorization request (RFC 6749 §4.1.1) with PKCE
// (RFC 7636 §4.3), OpenID Connect's nonce (OIDC Core §3.1.2.1) and
// resource indicators (RFC 8707).
type AuthRequest struct {
	Endpoint    string // authorization_endpoint
	ClientID    string
	RedirectURI string
	Scopes      []string
	State       string
	Nonce       string // sent when openid is asked for
	PKCE        PKCE
	Resource    []string
	MaxAge      int        // seconds; 0: not sent
	Extra       url.Values // further parameters
	RequestURI  string     // set after PAR (RFC 9126 §4): the URL then carries only client_id and request_uri
}

// NewAuthRequest returns a request with a fresh state, PKCE pair and, when
// openid is asked for, a nonce.
func NewAuthRequest(endpoint, clientID, redirectURI string, scopes []string) AuthRequest {
	r := AuthRequest{Endpoint: endpoint, ClientID: clientID, RedirectURI: redirectURI, Scopes: scopes,
		State: RandomString(16), PKCE: NewPKCE()}
	for _, s := range scopes {
		if s == "openid" {
			r.Nonce = RandomString(16)
		}
	}
	return r
}

// Params are the request's parameters (RFC 6749 §4.1.1).
func (r AuthRequest) Params() url.Values {
	q := url.Values{"response_type": {"code"}, "client_id": {r.ClientID}, "state": {r.State}}
	if r.RedirectURI != "" {
		q.Set("redirect_uri", r.RedirectURI)
	}
	if len(r.Scopes) > 0 {
		q.Set("scope", strings.Join(r.Scopes, " "))
	}
	if r.PKCE.Challenge != "" {
		q.Set("code_challenge", r.PKCE.Challenge)
		q.Set("code_challenge_method", r.PKCE.Method)
	}
	if r.Nonce != "" {
		q.Set("nonce", r.Nonce)
	}
	if r.MaxAge > 0 {
		q.Set("max_age", fmt.Sprint(r.MaxAge))
	}
	for _, res := range r.Resource {
		q.Add("resource", res)
	}
	for k, vs := range r.Extra {
		q[k] = append(q[k], vs...)
	}
	return q
}

// URL is the URL to open in the browser: every parameter, or after PAR
// only client_id and request_uri (RFC 9126 §4).
func (r AuthRequest) URL() string {
	q := r.Params()
	if r.RequestURI != "" {
		q = url.Values{"client_id": {r.ClientID}, "request_uri": {r.RequestURI}}
	}
	sep := "?"
	if strings.Contains(r.Endpoint, "?") {
		sep = "&"
	}
	return r.Endpoint + sep + q.Encode()
}

// Push sends the request to the pushed authorization request endpoint
// (RFC 9126 §2) with the client's authentication and sets RequestURI from
// the answer (§2.2). The exchange is returned in every case.
func (r *AuthRequest) Push(ctx context.Context, hc *http.Client, endpoint string, c ClientAuth) (Exchange, error) {
	ex, err := Send(ctx, hc, c.formRequest("par", endpoint, r.Params()))
	if err != nil {
		return ex, fmt.Errorf("pushed authorization request: %w", err)
	}
	if err := answerError("pushed authorization request", ex); err != nil {
		return ex, err
	}
	f, err := parseFields(ex.ResponseBody, ex.ContentType())
	if err != nil {
		return ex, fmt.Errorf("pushed authorization response: %w", err)
	}
	r.RequestURI = stringField(f, "request_uri")
	if r.RequestURI == "" {
		return ex, errors.New("pushed authorization response has no request_uri (RFC 9126 §2.2)")
	}
	return ex, nil
}

// PAREndpoint is the metadata's pushed_authorization_request_endpoint
// (RFC 9126 §5), or "".
func (m Metadata) PAREndpoint() string {
	return rawString(m.Raw, "pushed_authorization_request_endpoint")
}

// PARRequired reports require_pushed_authorization_requests (RFC 9126 §5).
func (m Metadata) PARRequired() bool {
	b, _ := m.Raw["require_pushed_authorization_requests"].(bool)
	return b
}

// IssParameter reports authorization_response_iss_parameter_supported
// (RFC 9207 §3).
func (m Metadata) IssParameter() bool {
	b, _ := m.Raw["authorization_response_iss_parameter_supported"].(bool)
	return b
}

// UserinfoEndpoint is the metadata's userinfo_endpoint (OIDC Discovery §3).
func (m Metadata) UserinfoEndpoint() string { return rawString(m.Raw, "userinfo_endpoint") }
