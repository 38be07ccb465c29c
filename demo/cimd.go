package demo

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ClientMetadataDocumentPath is where the demo serves its one Client ID
// Metadata Document (draft-ietf-oauth-client-id-metadata-document, which
// MCP's 2025-11-25 authorization spec prefers to RFC 7591): the client id
// is the document's own URL, ISSUER + this path.
const ClientMetadataDocumentPath = "/client-metadata.json"

// maxClientDocument bounds a fetched client metadata document.
const maxClientDocument = 16 << 10

// handleClientMetadataDocument serves the demo's client metadata document:
// a public client (token_endpoint_auth_method none) with a loopback
// redirect URI (RFC 8252 §7.3: any port).
func (s *Server) handleClientMetadataDocument(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"client_id":                  issuerOf(r) + ClientMetadataDocumentPath,
		"client_name":                "oauthlens (client ID metadata document)",
		"redirect_uris":              []string{"http://127.0.0.1/callback"},
		"grant_types":                []string{"authorization_code", "refresh_token"},
		"response_types":             []string{"code"},
		"token_endpoint_auth_method": AuthNone,
		"scope":                      strings.Join(DefaultScopes, " "),
	})
}

// isDocumentClientID reports whether a client id is a URL the server may
// fetch as a client metadata document: https with a path, or (for the
// demo) http on a loopback address.
func isDocumentClientID(id string) bool {
	u, err := url.Parse(id)
	if err != nil || u.Host == "" || u.Path == "" || u.Path == "/" || u.Fragment != "" || u.User != nil {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return u.Scheme == "http" && (u.Hostname() == "localhost" || ip != nil && ip.IsLoopback())
}

// documentClient fetches the client metadata document a client id names
// and makes it a public client; the document's client_id must be its URL.
func documentClient(id string) (Client, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, id, nil)
	if err != nil {
		return Client{}, false
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		return Client{}, false
	}
	defer resp.Body.Close()
	var doc struct {
		ClientID string `json:"client_id"`
		Scope    string `json:"scope"`
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxClientDocument))
	if err != nil || resp.StatusCode != http.StatusOK || json.Unmarshal(body, &doc) != nil || doc.ClientID != id {
		return Client{}, false
	}
	scopes := strings.Fields(doc.Scope)
	if len(scopes) == 0 {
		scopes = DefaultScopes
	}
	return Client{ID: id, Scopes: scopes, AuthMethods: []string{AuthNone}}, true
}
