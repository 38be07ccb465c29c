package demo

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Paths and lifetimes of the authorization code grant (RFC 6749 §4.1).
const (
	authorizePath = "/authorize"
	parPath       = "/par"
	userinfoPath  = "/userinfo"
	codeLife      = time.Minute
	parLife       = time.Minute
	parURNPrefix  = "urn:ietf:params:oauth:request_uri:"
)

// authzRequest is a checked authorization request waiting for the login
// and consent page's answer.
type authzRequest struct {
	client      Client
	redirectURI string
	state       string
	nonce       string
	challenge   string // S256 code_challenge; "" without PKCE
	scopes      []string
	audience    []string
}

// issuedCode is an authorization code: what its token request must match.
type issuedCode struct {
	req         tokenRequest // client, scopes, audience, user
	redirectURI string
	challenge   string
	expires     time.Time
	used        bool
}

// authorizations holds the pending requests (by the page's id), the
// pushed ones (by request_uri) and the codes.
type authorizations struct {
	mu      sync.Mutex
	pending map[string]authzRequest
	pushed  map[string]pushedRequest
	codes   map[string]*issuedCode
}

type pushedRequest struct {
	params  url.Values
	client  string
	expires time.Time
}

func newAuthorizations() *authorizations {
	return &authorizations{pending: map[string]authzRequest{}, pushed: map[string]pushedRequest{},
		codes: map[string]*issuedCode{}}
}

// isLoopbackRedirect accepts the redirect URIs of native apps (RFC 8252
// §7.3): http on 127.0.0.1, [::1] or localhost, any port and path. The
// demo has no registered redirect URIs; every client may use these.
func isLoopbackRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Fragment != "" {
		return false
	}
	h := u.Hostname()
	return h == "127.0.0.1" || h == "::1" || h == "localhost"
}

// handleAuthorize is the authorization endpoint (RFC 6749 §3.1): GET
// checks the request and shows the login and consent page; POST is the
// page's answer.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.authorizeRequest(w, r)
	case http.MethodPost:
		s.authorizeDecision(w, r)
	default:
		allowMethod(w, r, http.MethodGet, http.MethodHead, http.MethodPost)
	}
}

// authorizeRequest checks the request in RFC 6749 §4.1.2.1's order: an
// unknown client or a bad redirect_uri is shown on a page (never
// redirected to); every other error goes back to the client.
func (s *Server) authorizeRequest(w http.ResponseWriter, r *http.Request) {
	q, errText := s.authorizeParams(r.URL.Query())
	if errText != "" {
		writePage(w, http.StatusBadRequest, page{Title: "Authorization failed", Error: errText})
		return
	}
	c, ok := s.client(q.Get("client_id"))
	ru := q.Get("redirect_uri")
	switch {
	case !ok:
		writePage(w, http.StatusBadRequest, page{Title: "Authorization failed",
			Error: "Unknown client_id: this server has no client '" + q.Get("client_id") + "'."})
		return
	case !isLoopbackRedirect(ru) || s.has(FaultRedirectMismatch):
		writePage(w, http.StatusBadRequest, page{Title: "Authorization failed",
			Error: "The redirect_uri '" + ru + "' is not registered for this client (the demo takes " +
				"http://127.0.0.1:PORT/… loopback URIs, RFC 8252 section 7.3). The server does not redirect to it."})
		return
	}
	req, e := s.checkAuthz(r, c, q)
	if e != nil {
		redirectError(w, r, ru, q.Get("state"), e)
		return
	}
	id := randomCode(16)
	s.authz.mu.Lock()
	s.authz.pending[id] = req
	s.authz.mu.Unlock()
	writePage(w, http.StatusOK, page{Title: "Log in to the oauthlens demo", Form: true, Action: authorizePath,
		Hidden: map[string]string{"authz": id}, AskLogin: true, User: UserName, Client: c.ID,
		Scopes: strings.Join(req.scopes, " "), Approve: "Allow", Deny: "Deny"})
}

// authorizeParams returns the request's parameters, those pushed earlier
// when it names a request_uri (RFC 9126 §4), or the text of an error page.
func (s *Server) authorizeParams(q url.Values) (url.Values, string) {
	uri := q.Get("request_uri")
	if uri == "" {
		return q, ""
	}
	s.authz.mu.Lock()
	defer s.authz.mu.Unlock()
	p, ok := s.authz.pushed[uri]
	delete(s.authz.pushed, uri) // one use (RFC 9126 §4)
	switch {
	case !ok:
		return nil, "The request_uri is unknown or was already used."
	case !s.now().Before(p.expires):
		return nil, "The request_uri has expired: push the request again."
	case p.client != q.Get("client_id"):
		return nil, "The request_uri was pushed by another client."
	}
	return p.params, ""
}

// checkAuthz checks the parameters that are reported to the client.
func (s *Server) checkAuthz(r *http.Request, c Client, q url.Values) (authzRequest, *oauthError) {
	if q.Get("response_type") != "code" {
		return authzRequest{}, badRequest("unsupported_response_type", "response_type must be 'code'")
	}
	ch, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case ch != "" && method != "S256":
		return authzRequest{}, badRequest(errInvalidRequest, "code_challenge_method must be S256 (plain is refused)")
	case ch == "" && (c.public() || s.has(FaultPKCERequired)):
		return authzRequest{}, badRequest(errInvalidRequest, "PKCE is required: send code_challenge and "+
			"code_challenge_method=S256 (RFC 7636)")
	}
	scopes, e := userScopes(c, q.Get("scope"))
	if e != nil {
		return authzRequest{}, e
	}
	aud, e := audiences(q, issuerOf(r))
	if e != nil {
		return authzRequest{}, e
	}
	return authzRequest{client: c, redirectURI: q.Get("redirect_uri"), state: q.Get("state"),
		nonce: q.Get("nonce"), challenge: ch, scopes: scopes, audience: aud}, nil
}

// authorizeDecision handles the login and consent form.
func (s *Server) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	_ = r.ParseForm()
	id := r.PostForm.Get("authz")
	s.authz.mu.Lock()
	req, ok := s.authz.pending[id]
	s.authz.mu.Unlock()
	switch {
	case !ok:
		writePage(w, http.StatusBadRequest, page{Title: "Authorization failed",
			Error: "This login page has expired or was already used: start again from the application."})
		return
	case !loginOK(r.PostForm.Get("username"), r.PostForm.Get("password")):
		writePage(w, http.StatusUnauthorized, page{Title: "Log in to the oauthlens demo", Form: true,
			Action: authorizePath, Hidden: map[string]string{"authz": id}, AskLogin: true, User: UserName,
			Client: req.client.ID, Scopes: strings.Join(req.scopes, " "), Approve: "Allow", Deny: "Deny",
			Error: "Wrong user or password."})
		return
	}
	s.authz.mu.Lock()
	delete(s.authz.pending, id)
	s.authz.mu.Unlock()
	if r.PostForm.Get("action") != "approve" {
		redirectError(w, r, req.redirectURI, req.state, badRequest(errAccessDenied, "the user denied the request"))
		return
	}
	s.redirectCode(w, r, req)
}

// redirectCode issues a code and redirects with it, the state and iss
// (RFC 6749 §4.1.2, RFC 9207 §2).
func (s *Server) redirectCode(w http.ResponseWriter, r *http.Request, req authzRequest) {
	code := randomCode(32)
	s.authz.mu.Lock()
	s.authz.codes[code] = &issuedCode{redirectURI: req.redirectURI, challenge: req.challenge,
		expires: s.now().Add(codeLife), req: tokenRequest{client: req.client, scopes: req.scopes,
			audience: req.audience, user: &userGrant{subject: UserName, nonce: req.nonce, authTime: s.now(),
				family: randomCode(12)}}}
	s.authz.mu.Unlock()
	state := req.state
	if s.has(FaultStateMismatch) {
		state = "not-" + state
	}
	redirect(w, r, req.redirectURI, url.Values{"code": {code}, "state": {state}, "iss": {issuerOf(r)}})
}

// redirectError sends an error back to the client (RFC 6749 §4.1.2.1).
func redirectError(w http.ResponseWriter, r *http.Request, ru, state string, e *oauthError) {
	q := url.Values{"error": {e.code}, "error_description": {sanitize(e.desc)}, "iss": {issuerOf(r)}}
	if state != "" {
		q.Set("state", state)
	}
	redirect(w, r, ru, q)
}

func redirect(w http.ResponseWriter, r *http.Request, ru string, q url.Values) {
	u, _ := url.Parse(ru) // checked by isLoopbackRedirect
	vals := u.Query()
	for k, v := range q {
		vals[k] = v
	}
	u.RawQuery = vals.Encode()
	noStore(w)
	http.Redirect(w, r, u.String(), http.StatusFound)
}
