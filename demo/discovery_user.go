package demo

// userMetadata are the metadata members of the grants with a user
// (RFC 8414 §2, RFC 8628 §4, RFC 7636 §6.2, RFC 9207 §3, RFC 9126 §5).
type userMetadata struct {
	DeviceAuthorizationEndpoint string   `json:"device_authorization_endpoint,omitempty"`
	CodeChallengeMethods        []string `json:"code_challenge_methods_supported,omitempty"`
	AuthorizationEndpoint       string   `json:"authorization_endpoint,omitempty"`
	PAREndpoint                 string   `json:"pushed_authorization_request_endpoint,omitempty"`
	UserinfoEndpoint            string   `json:"userinfo_endpoint,omitempty"`
	IssParameterSupported       bool     `json:"authorization_response_iss_parameter_supported,omitempty"`
}

// userMetadataFor returns the members for an issuer.
func userMetadataFor(iss string) userMetadata {
	return userMetadata{
		DeviceAuthorizationEndpoint: iss + deviceAuthPath,
		CodeChallengeMethods:        []string{"S256"},
		AuthorizationEndpoint:       iss + authorizePath,
		PAREndpoint:                 iss + parPath,
		UserinfoEndpoint:            iss + userinfoPath,
		IssParameterSupported:       true,
	}
}
