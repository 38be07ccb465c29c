package demo

import "net/http"

// resourceMetadataPath is the protected resource metadata (RFC 9728 §3.1)
// of the demo API, whose resource identifier is ISSUER/api: the
// well-known suffix inserted before the path.
const resourceMetadataPath = "/.well-known/oauth-protected-resource/api"

// handleResourceMetadata serves the demo API's protected resource metadata
// (RFC 9728 §2): its identifier, its authorization server (this one), its
// scopes and how it takes a token.
func (s *Server) handleResourceMetadata(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	iss := issuerOf(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"resource":                 apiAudience(iss),
		"authorization_servers":    []string{iss},
		"scopes_supported":         DefaultScopes,
		"bearer_methods_supported": []string{"header"},
		"resource_name":            "oauthlens demo API",
	})
}
