package demo

import "net/http"

// metadata is the authorization server metadata (RFC 8414 §2), with the
// OpenID Connect Discovery 1.0 §3 members set only in the OIDC document.
type metadata struct {
	Issuer                string `json:"issuer"`
	TokenEndpoint         string `json:"token_endpoint"`
	JWKSURI               string `json:"jwks_uri"`
	IntrospectionEndpoint string `json:"introspection_endpoint"`
	RevocationEndpoint    string `json:"revocation_endpoint"`
	RegistrationEndpoint  string `json:"registration_endpoint"`

	ScopesSupported     []string `json:"scopes_supported"`
	GrantTypesSupported []string `json:"grant_types_supported"`
	// ResponseTypesSupported is required by RFC 8414: ["code"].
	ResponseTypesSupported []string `json:"response_types_supported"`

	TokenAuthMethods         []string `json:"token_endpoint_auth_methods_supported"`
	TokenAuthSigningAlgs     []string `json:"token_endpoint_auth_signing_alg_values_supported,omitempty"`
	DPoPSigningAlgs          []string `json:"dpop_signing_alg_values_supported,omitempty"` // RFC 9449 §5.1
	IntrospectionAuthMethods []string `json:"introspection_endpoint_auth_methods_supported"`
	RevocationAuthMethods    []string `json:"revocation_endpoint_auth_methods_supported"`

	IDTokenSigningAlgs    []string `json:"id_token_signing_alg_values_supported,omitempty"`
	SubjectTypesSupported []string `json:"subject_types_supported,omitempty"`

	// CIMDSupported: client ids may be URLs of client metadata documents (cimd.go).
	CIMDSupported bool `json:"client_id_metadata_document_supported"`

	userMetadata // the grants with a user: authorization, device, PAR endpoints
}

// serverMetadata builds the RFC 8414 document for the request's issuer.
func (s *Server) serverMetadata(r *http.Request) metadata {
	iss := issuerOf(r)
	methods := []string{AuthClientSecretBasic, AuthClientSecretPost, AuthPrivateKeyJWT, AuthClientSecretJWT, AuthNone}
	md := metadata{
		Issuer:                   iss,
		TokenEndpoint:            iss + "/token",
		JWKSURI:                  iss + "/jwks",
		IntrospectionEndpoint:    iss + "/introspect",
		RevocationEndpoint:       iss + "/revoke",
		RegistrationEndpoint:     iss + registrationPath,
		ScopesSupported:          s.allScopes(),
		GrantTypesSupported:      supportedGrants(),
		ResponseTypesSupported:   []string{},
		TokenAuthMethods:         methods,
		IntrospectionAuthMethods: methods,
		RevocationAuthMethods:    methods,
		TokenAuthSigningAlgs:     s.signingAlgs(),
		DPoPSigningAlgs:          assertionAlgs,
		CIMDSupported:            true,
	}
	md.userMetadata, md.ResponseTypesSupported = userMetadataFor(iss), []string{"code"}
	s.adjustMetadata(&md)
	return md
}

// handleAuthServerMetadata serves /.well-known/oauth-authorization-server.
// The issuer has no path, so RFC 8414's path-insertion form and the
// appended form are the same URL.
func (s *Server) handleAuthServerMetadata(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	writeJSON(w, http.StatusOK, s.serverMetadata(r))
}

// handleOpenIDConfiguration serves /.well-known/openid-configuration: the
// same metadata plus the OIDC members.
func (s *Server) handleOpenIDConfiguration(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	md := s.serverMetadata(r)
	md.IDTokenSigningAlgs = []string{"RS256"}
	md.SubjectTypesSupported = []string{"public"}
	writeJSON(w, http.StatusOK, md)
}
