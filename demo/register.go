package demo

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// RFC 7591 §3.2.2 error codes.
const (
	errInvalidClientMetadata = "invalid_client_metadata"
	errInvalidRedirectURI    = "invalid_redirect_uri"
)

// Paths of the client-creation endpoints.
const (
	registrationPath = "/register"
	adminClientPath  = "/api/client/"
)

// RegistrationOptions configures the RFC 7591 registration endpoint. The
// zero value is open registration.
type RegistrationOptions struct {
	// InitialAccessToken, when set, must come as "Authorization: Bearer …"
	// with every registration request (RFC 7591 §3).
	InitialAccessToken string
	// RequireRedirectURIs makes the endpoint insist on redirect_uris, as
	// some servers do even for machine clients that never use them.
	RequireRedirectURIs bool
}

// creation is a server's client-creation state: its registration options,
// the RFC 7591 registrations and the clients of the admin API.
type creation struct {
	mu      sync.Mutex
	opts    RegistrationOptions
	regs    map[string]registration // by client id
	created map[string]adminClient  // by client id
}

// newCreation returns empty client-creation state.
func newCreation() *creation {
	return &creation{regs: map[string]registration{}, created: map[string]adminClient{}}
}

// creation returns s's client-creation state.
func (s *Server) creation() *creation { return s.created }

// SetRegistrationOptions changes how the registration endpoint behaves. It
// is safe for concurrent use.
func (s *Server) SetRegistrationOptions(o RegistrationOptions) {
	c := s.creation()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.opts = o
}

// routeClientCreation adds RFC 7591/7592 registration and the
// WorkfloPlus-style admin client API to mux.
func (s *Server) routeClientCreation(mux *http.ServeMux) {
	mux.HandleFunc(registrationPath, s.handleRegister)
	mux.HandleFunc(registrationPath+"/", s.handleRegistration)
	mux.HandleFunc(strings.TrimSuffix(adminClientPath, "/"), s.handleAdminClients)
	mux.HandleFunc(adminClientPath, s.handleAdminClients)
}

// registration is one registered client as RFC 7591 §3.2.1 describes it.
type registration struct {
	ClientID                string   `json:"client_id"`
	ClientSecret            string   `json:"client_secret,omitempty"`
	ClientIDIssuedAt        int64    `json:"client_id_issued_at"`
	ClientSecretExpiresAt   int64    `json:"client_secret_expires_at"`
	RegistrationAccessToken string   `json:"registration_access_token"`
	RegistrationClientURI   string   `json:"registration_client_uri"`
	ClientName              string   `json:"client_name,omitempty"`
	GrantTypes              []string `json:"grant_types"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	Scope                   string   `json:"scope"`
	RedirectURIs            []string `json:"redirect_uris,omitempty"`
	// JWKS is the client's public keys (RFC 7591 §2), for private_key_jwt.
	JWKS json.RawMessage `json:"jwks,omitempty"`
}

// handleRegister is the RFC 7591 registration endpoint: POST client
// metadata as JSON, get 201 with the new client's credentials.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !allowMethod(w, r, http.MethodPost) || s.registrationFault(w) { // faults_recovery.go
		return
	}
	c := s.creation()
	c.mu.Lock()
	opts := c.opts
	c.mu.Unlock()
	if be := checkInitialToken(r, opts.InitialAccessToken); be != nil {
		writeBearerError(w, be)
		return
	}
	md, e := readMetadata(w, r)
	if e == nil {
		e = checkRedirectURIs(md, opts.RequireRedirectURIs)
	}
	var reg registration
	if e == nil {
		reg, e = s.newRegistration(md)
	}
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	reg.RegistrationClientURI = issuerOf(r) + registrationPath + "/" + reg.ClientID
	s.AddClient(Client{ID: reg.ClientID, Secret: reg.ClientSecret,
		Scopes: strings.Fields(reg.Scope), AuthMethods: []string{reg.TokenEndpointAuthMethod}, JWKS: reg.JWKS})
	c.mu.Lock()
	c.regs[reg.ClientID] = reg
	c.mu.Unlock()
	writeJSON(w, http.StatusCreated, reg)
}

// handleRegistration is the client configuration endpoint of RFC 7592:
// GET reads a registration, DELETE removes the client; both need the
// registration access token. Updates (PUT) are not offered.
func (s *Server) handleRegistration(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !allowMethod(w, r, http.MethodGet, http.MethodDelete) {
		return
	}
	id := strings.TrimPrefix(r.URL.Path, registrationPath+"/")
	reg, be := s.authorizeRegistration(r, id)
	if be != nil {
		writeBearerError(w, be)
		return
	}
	if r.Method == http.MethodDelete {
		s.removeClient(id)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, reg)
}

// authorizeRegistration checks the registration access token of client
// id. An unknown client gets the same 401 as a wrong token (RFC 7592 §2).
func (s *Server) authorizeRegistration(r *http.Request, id string) (registration, *bearerError) {
	tok, be := bearerToken(r)
	if be != nil {
		be.desc = "send the registration access token as Authorization: Bearer <token> (RFC 7592 section 2)"
		return registration{}, be
	}
	c := s.creation()
	c.mu.Lock()
	reg, ok := c.regs[id]
	c.mu.Unlock()
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(reg.RegistrationAccessToken)) != 1 {
		return registration{}, &bearerError{status: http.StatusUnauthorized, code: errInvalidToken,
			desc: "the registration access token is not valid for this client"}
	}
	return reg, nil
}

// removeClient deletes a client and its registration.
func (s *Server) removeClient(id string) {
	s.mu.Lock()
	delete(s.clients, id)
	s.order = slices.DeleteFunc(s.order, func(x string) bool { return x == id })
	s.mu.Unlock()
	c := s.creation()
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.regs, id)
}

// checkInitialToken requires the initial access token when one is set.
func checkInitialToken(r *http.Request, want string) *bearerError {
	if want == "" {
		return nil
	}
	got, be := bearerToken(r)
	if be != nil {
		be.desc = "registration needs an initial access token (RFC 7591 section 3): send Authorization: Bearer <token>"
		return be
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return &bearerError{status: http.StatusUnauthorized, code: errInvalidToken,
			desc: "the initial access token is not valid"}
	}
	return nil
}

// readMetadata decodes the JSON client metadata of a registration request.
func readMetadata(w http.ResponseWriter, r *http.Request) (map[string]any, *oauthError) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, badRequest(errInvalidClientMetadata,
			"the client metadata must be sent as application/json (RFC 7591 section 3.1), got Content-Type '%s'",
			r.Header.Get("Content-Type"))
	}
	var md map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes)).Decode(&md); err != nil || md == nil {
		return nil, badRequest(errInvalidClientMetadata, "the body is not a JSON object of client metadata")
	}
	return md, nil
}

// checkRedirectURIs checks redirect_uris: absolute URIs without a
// fragment, and present when required.
func checkRedirectURIs(md map[string]any, required bool) *oauthError {
	uris, present, e := stringList(md, "redirect_uris", errInvalidRedirectURI)
	if e != nil {
		return e
	}
	if required && (!present || len(uris) == 0) {
		return badRequest(errInvalidRedirectURI, "redirect_uris is required by this server, "+
			"even for clients that use only client_credentials; send at least one")
	}
	for _, u := range uris {
		p, err := url.Parse(u)
		if err != nil || !p.IsAbs() || p.Fragment != "" {
			return badRequest(errInvalidRedirectURI, "redirect_uris: '%s' is not an absolute URI without a fragment", u)
		}
	}
	return nil
}

// newRegistration validates the metadata (RFC 7591 §2) and makes the client.
func (s *Server) newRegistration(md map[string]any) (registration, *oauthError) {
	grants, present, e := stringList(md, "grant_types", errInvalidClientMetadata)
	if e == nil && (!present || len(grants) == 0) {
		e = badRequest(errInvalidClientMetadata, "grant_types is missing, which means [authorization_code] "+
			"(RFC 7591 section 2); send the grants wanted, e.g. [\"client_credentials\"]")
	}
	for _, g := range grants {
		if e == nil && !slices.Contains(supportedGrants(), g) {
			e = badRequest(errInvalidClientMetadata, "grant_types: '%s' is not offered; this server offers %s",
				g, strings.Join(supportedGrants(), ", "))
		}
	}
	method, e2 := authMethod(md)
	scopes, e3 := s.registeredScopes(md)
	name, _, e4 := stringValue(md, "client_name")
	redirects, _, _ := stringList(md, "redirect_uris", errInvalidRedirectURI)
	jwks, e5 := registeredJWKS(md, method)
	if e := firstError(e, e2, e3, e4, e5); e != nil {
		return registration{}, e
	}
	secret := randomHex(24)
	if method == AuthNone || method == AuthPrivateKeyJWT {
		secret = "" // RFC 7591 §3.2.1: no secret for a client that does not use one
	}
	return registration{ClientID: "dyn-" + randomHex(8), ClientSecret: secret,
		ClientIDIssuedAt: nowUnix(s), RegistrationAccessToken: randomHex(24),
		ClientName: name, GrantTypes: grants, TokenEndpointAuthMethod: method,
		Scope: strings.Join(scopes, " "), RedirectURIs: redirects, JWKS: jwks}, nil
}

// registeredMethods are the token_endpoint_auth_method values accepted.
var registeredMethods = []string{AuthClientSecretBasic, AuthClientSecretPost, AuthClientSecretJWT,
	AuthPrivateKeyJWT, AuthNone}

// registeredJWKS reads jwks (RFC 7591 §2): required for private_key_jwt
// (this server does not fetch jwks_uri), each key a public key that parses.
func registeredJWKS(md map[string]any, method string) (json.RawMessage, *oauthError) {
	v, ok := md["jwks"]
	if !ok || v == nil {
		if method == AuthPrivateKeyJWT {
			return nil, badRequest(errInvalidClientMetadata,
				"private_key_jwt needs the client's public keys: send jwks (a JWK Set); jwks_uri is not supported here")
		}
		return nil, nil
	}
	raw, _ := json.Marshal(v)
	keys, err := clientKeys(raw)
	if err != nil || len(keys) == 0 {
		return nil, badRequest(errInvalidClientMetadata, "jwks is not a JWK Set of public keys: %v", err)
	}
	if strings.Contains(string(raw), `"d"`) {
		return nil, badRequest(errInvalidClientMetadata, "jwks holds a private key: register only the public keys")
	}
	return raw, nil
}

// authMethod reads token_endpoint_auth_method; the default is
// client_secret_basic (RFC 7591 §2).
func authMethod(md map[string]any) (string, *oauthError) {
	m, present, e := stringValue(md, "token_endpoint_auth_method")
	switch {
	case e != nil:
		return "", e
	case !present:
		return AuthClientSecretBasic, nil
	case !slices.Contains(registeredMethods, m):
		return "", badRequest(errInvalidClientMetadata, "token_endpoint_auth_method '%s' is not supported; use %s",
			m, strings.Join(registeredMethods, ", "))
	}
	return m, nil
}

// registeredScopes reads scope: known scopes only; none means the defaults.
func (s *Server) registeredScopes(md map[string]any) ([]string, *oauthError) {
	scope, _, e := stringValue(md, "scope")
	if e != nil {
		return nil, e
	}
	return s.knownScopes(strings.Fields(scope), errInvalidClientMetadata)
}

// knownScopes checks asked against the scopes the server knows; none
// asked means DefaultScopes.
func (s *Server) knownScopes(asked []string, code string) ([]string, *oauthError) {
	if len(asked) == 0 {
		return slices.Clone(DefaultScopes), nil
	}
	known := s.allScopes()
	for _, sc := range asked {
		if !slices.Contains(known, sc) {
			return nil, badRequest(code, "scope '%s' is unknown here (known: %s)", sc, strings.Join(known, " "))
		}
	}
	return slices.Compact(slices.Clone(asked)), nil
}

// stringValue reads an optional string member.
func stringValue(md map[string]any, key string) (string, bool, *oauthError) {
	v, ok := md[key]
	if !ok || v == nil {
		return "", false, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", true, badRequest(errInvalidClientMetadata, "%s must be a string", key)
	}
	return s, true, nil
}

// stringList reads an optional array of strings.
func stringList(md map[string]any, key, code string) ([]string, bool, *oauthError) {
	v, ok := md[key]
	if !ok || v == nil {
		return nil, false, nil
	}
	arr, ok := v.([]any)
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		s, isStr := x.(string)
		ok = ok && isStr
		out = append(out, s)
	}
	if !ok {
		return nil, true, badRequest(code, "%s must be an array of strings", key)
	}
	return out, true, nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// nowUnix is the server's clock in seconds.
func nowUnix(s *Server) int64 { return s.now().Unix() }
