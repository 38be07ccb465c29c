package demo

import (
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
)

// UserToken is a valid bearer token of a demo user who is not the
// account's owner: the admin client API answers it with 403, to show the
// difference from a wrong token (401).
const UserToken = "demo-user-token"

// adminClient is a client of the admin API, as its answers show it.
type adminClient struct {
	ClientID    string   `json:"clientId"`
	Name        string   `json:"name"`
	Scopes      []string `json:"scopes"`
	Permissions []string `json:"permissions"`
	Created     string   `json:"created"`
}

// adminCreateRequest is the body of POST /api/client/.
type adminCreateRequest struct {
	Name        string   `json:"name"`
	Scopes      []string `json:"scopes"`
	Permissions []string `json:"permissions"`
}

// adminCreateResponse is the answer: the client and its secret, which is
// shown this once and never again.
type adminCreateResponse struct {
	Client    adminClient `json:"client"`
	NewSecret string      `json:"newSecret"`
}

// handleAdminClients is a WorkfloPlus-style admin API: POST /api/client/
// with the owner's bearer token creates a client and answers its secret
// once; GET /api/client/{id} shows a client, without its secret.
func (s *Server) handleAdminClients(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	id := strings.Trim(strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(adminClientPath, "/")), "/")
	allowed := http.MethodPost
	if id != "" {
		allowed = http.MethodGet
	}
	if !allowMethod(w, r, allowed) {
		return
	}
	if be := checkAdminToken(r); be != nil {
		writeBearerError(w, be)
		return
	}
	if id == "" {
		s.createAdminClient(w, r)
		return
	}
	c := s.creation()
	c.mu.Lock()
	ac, ok := c.created[id]
	c.mu.Unlock()
	if !ok {
		writeJSON(
			w,
			http.StatusNotFound,
			errorBody{Error: "not_found", Description: "no client '" + sanitize(id) + "'"},
		)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"client": ac})
}

// checkAdminToken accepts AdminToken, answers 403 to UserToken and 401 to
// anything else.
func checkAdminToken(r *http.Request) *bearerError {
	tok, be := bearerToken(r)
	switch {
	case be != nil:
		be.desc = "this API needs the account owner's token: send Authorization: Bearer <admin token>"
		return be
	case subtle.ConstantTimeCompare([]byte(tok), []byte(AdminToken)) == 1:
		return nil
	case subtle.ConstantTimeCompare([]byte(tok), []byte(UserToken)) == 1:
		return &bearerError{status: http.StatusForbidden, code: errInsufficientScope,
			desc: "this token's user is not the account's owner; only owners and administrators may create clients"}
	}
	return &bearerError{status: http.StatusUnauthorized, code: errInvalidToken, desc: "the admin token is not valid"}
}

// createAdminClient makes a client from the JSON body and answers its
// secret.
func (s *Server) createAdminClient(w http.ResponseWriter, r *http.Request) {
	req, e := s.readAdminRequest(w, r)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	secret := randomHex(24)
	ac := adminClient{ClientID: uuidLike(), Name: req.Name, Scopes: req.Scopes,
		Permissions: req.Permissions, Created: s.now().UTC().Format(time.RFC3339)}
	s.AddClient(Client{ID: ac.ClientID, Secret: secret, Scopes: ac.Scopes})
	c := s.creation()
	c.mu.Lock()
	c.created[ac.ClientID] = ac
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, adminCreateResponse{Client: ac, NewSecret: secret})
}

// readAdminRequest decodes and checks the body: a name, known scopes (none
// means the defaults), permissions as given.
func (s *Server) readAdminRequest(w http.ResponseWriter, r *http.Request) (adminCreateRequest, *oauthError) {
	var req adminCreateRequest
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return req, badRequest(
			errInvalidRequest,
			"send the new client as application/json, got Content-Type '%s'",
			r.Header.Get("Content-Type"),
		)
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes)).Decode(&req); err != nil {
		return req, badRequest(
			errInvalidRequest,
			"the body is not a JSON object {\"name\", \"scopes\", \"permissions\"}: %v",
			err,
		)
	}
	if strings.TrimSpace(req.Name) == "" {
		return req, badRequest(errInvalidRequest, "name is required")
	}
	scopes, e := s.knownScopes(req.Scopes, errInvalidScope)
	if e != nil {
		return req, e
	}
	req.Scopes = scopes
	if req.Permissions == nil {
		req.Permissions = []string{}
	}
	req.Permissions = slices.Clone(req.Permissions)
	return req, nil
}

// uuidLike returns a random id shaped like a UUID, as vendor APIs use.
func uuidLike() string {
	h := randomHex(16)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
