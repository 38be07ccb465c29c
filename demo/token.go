package demo

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// tokenResponse is the successful token response (RFC 6749 §5.1). There is
// no refresh_token: the client credentials grant, the only one so far,
// should not issue one (RFC 6749 §4.4.3).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token,omitempty"`     // grants with a user (usertokens.go)
	IDToken      string `json:"id_token,omitempty"`          // OIDC Core §3.1.3.3, when openid was granted
	IssuedType   string `json:"issued_token_type,omitempty"` // RFC 8693 §2.2.1
}

// tokenRequest is a validated token request: what the token will say.
type tokenRequest struct {
	client   Client
	scopes   []string
	audience []string
	user     *userGrant // grants with a user (device, authorization code, refresh); nil otherwise
	// narrowedFrom are the original grant's scopes when a refresh narrowed them.
	narrowedFrom []string
	cnf          map[string]string // confirmation (RFC 7800): x5t#S256, jkt
	sub          string            // sub when not the client (token exchange, JWT bearer)
	act          map[string]any    // the actor of a delegation (RFC 8693 §4.1)
	issued       string            // issued_token_type (RFC 8693 §2.2.1)
}

// grantHandler checks the parameters of one grant type for an
// authenticated client and says what to issue. Adding a grant is one file
// with its handler plus one line in grantHandlers.
type grantHandler func(s *Server, r *http.Request, c Client, form url.Values) (tokenRequest, *oauthError)

// grantHandlers are the grant types of the token endpoint, by grant_type.
var grantHandlers = map[string]grantHandler{
	grantClientCredentials: (*Server).clientCredentials,
	grantDeviceCode:        (*Server).deviceCodeGrant,
	grantRefreshToken:      (*Server).refreshTokenGrant,
	grantAuthorizationCode: (*Server).authorizationCodeGrant,
	grantTokenExchange:     (*Server).tokenExchange,
	grantJWTBearer:         (*Server).jwtBearer,
}

// supportedGrants lists grantHandlers' grant types, sorted.
func supportedGrants() []string {
	out := make([]string, 0, len(grantHandlers))
	for g := range grantHandlers {
		out = append(out, g)
	}
	slices.Sort(out)
	return out
}

// handleToken is the token endpoint (RFC 6749 §3.2): it authenticates the
// client and hands the request to the handler of its grant_type.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !allowMethod(w, r, http.MethodPost) {
		return
	}
	req, e := s.parseTokenRequest(w, r)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	raw, err := s.mint(issuerOf(r), req)
	if err != nil {
		writeJSON(
			w,
			http.StatusInternalServerError,
			errorBody{Error: "server_error", Description: sanitize(err.Error())},
		)
		return
	}
	s.issued(raw)
	resp := tokenResponse{
		AccessToken: raw,
		TokenType:   req.tokenType(),
		ExpiresIn:   int64(s.lifetime.Seconds()),
		Scope:       strings.Join(req.scopes, " "),
		IssuedType:  req.issued,
	}
	if err := s.userTokens(r, req, raw, &resp); err != nil {
		writeJSON(
			w,
			http.StatusInternalServerError,
			errorBody{Error: "server_error", Description: sanitize(err.Error())},
		)
		return
	}
	writeJSON(w, http.StatusOK, s.tokenBody(resp))
}

// parseTokenRequest reads the form, authenticates the client, finds the
// grant's handler and lets it check the rest, in that order.
func (s *Server) parseTokenRequest(w http.ResponseWriter, r *http.Request) (tokenRequest, *oauthError) {
	form, e := readForm(w, r)
	if e != nil {
		return tokenRequest{}, e
	}
	client, e := s.authenticateClient(r, form)
	if e != nil {
		return tokenRequest{}, e
	}
	if e := s.resourceFault(r, form); e != nil { // faults_recovery.go
		return tokenRequest{}, e
	}
	handle, e := grantFor(form)
	if e != nil {
		return tokenRequest{}, e
	}
	req, e := handle(s, r, client, form)
	req.cnf = certCnf(r) // a token issued over mTLS is bound to the certificate (RFC 8705 §3)
	if e == nil {
		e = s.dpopBind(w, r, &req) // dpop.go
	}
	return req, e
}

// grantFor returns the handler of the request's grant_type.
func grantFor(form url.Values) (grantHandler, *oauthError) {
	grant, e := param(form, "grant_type")
	switch {
	case e != nil:
		return nil, e
	case grant == "":
		return nil, badRequest(errInvalidRequest, "grant_type is missing; use grant_type=%s", grantClientCredentials)
	}
	h, ok := grantHandlers[grant]
	if !ok {
		return nil, badRequest(errUnsupportedGrantType,
			"grant_type '%s' is not supported; this server supports %s", grant, strings.Join(supportedGrants(), ", "))
	}
	return h, nil
}

// commonParams reads the parameters every grant shares: scope (RFC 6749
// §3.3) and the token's audiences (audience, RFC 8707 resource).
func commonParams(r *http.Request, c Client, form url.Values) (tokenRequest, *oauthError) {
	scope, e := param(form, "scope")
	if e != nil {
		return tokenRequest{}, e
	}
	scopes, e := grantScopes(c, scope)
	if e != nil {
		return tokenRequest{}, e
	}
	aud, e := audiences(form, issuerOf(r))
	if e != nil {
		return tokenRequest{}, e
	}
	return tokenRequest{client: c, scopes: scopes, audience: aud}, nil
}

// grantScopes returns the scopes to grant: the requested ones (space
// separated, RFC 6749 §3.3) if the client may have them all, else all of
// the client's scopes when none were requested.
func grantScopes(c Client, scope string) ([]string, *oauthError) {
	asked := strings.Fields(scope)
	if len(asked) == 0 {
		return slices.Clone(c.Scopes), nil
	}
	var out []string
	for _, sc := range asked {
		if !slices.Contains(c.Scopes, sc) {
			return nil, badRequest(errInvalidScope, "scope '%s' is not allowed for client '%s' (allowed: %s)",
				sc, c.ID, strings.Join(c.Scopes, " "))
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// audiences returns the token's audiences: every audience and resource
// parameter (RFC 8707 §2, which allows several), else the API itself.
func audiences(form url.Values, issuer string) ([]string, *oauthError) {
	var out []string
	add := func(v string) {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, a := range form["audience"] {
		add(a)
	}
	for _, res := range form["resource"] {
		if e := checkResource(res); e != nil {
			return nil, e
		}
		add(res)
	}
	if len(out) == 0 {
		out = []string{apiAudience(issuer)}
	}
	return out, nil
}

// checkResource enforces RFC 8707 §2: a resource is an absolute URI with no
// fragment. An empty value counts as absent (RFC 6749 §3.1).
func checkResource(res string) *oauthError {
	if res == "" {
		return nil
	}
	u, err := url.Parse(res)
	if err != nil || !u.IsAbs() || strings.Contains(res, "#") {
		return badRequest(errInvalidTarget,
			"resource '%s' must be an absolute URI without a fragment (RFC 8707 section 2)", res)
	}
	return nil
}
