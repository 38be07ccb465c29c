package flows

import (
	"net"
	"net/url"
)

// RegistrationPath is how a client came to be known to the authorization
// server.
type RegistrationPath string

// The registration paths, in the order MCP's 2025-11-25 authorization spec
// prefers them when none is pre-registered: a Client ID Metadata Document
// (draft-ietf-oauth-client-id-metadata-document), then dynamic
// registration (RFC 7591).
const (
	PathPreRegistered RegistrationPath = "pre-registered"
	PathCIMD          RegistrationPath = "CIMD"
	PathRFC7591       RegistrationPath = "RFC 7591"
)

// IsClientMetadataDocumentID reports whether a client id is the URL of a
// client metadata document: https with a path (the draft's §3), or http on
// a loopback address, which only a local test server (the demo) accepts.
func IsClientMetadataDocumentID(id string) bool {
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

// RegistrationPaths are the paths a server's metadata offers, preferred
// first: CIMD when client_id_metadata_document_supported is true, RFC 7591
// when it names a registration_endpoint, and always pre-registration.
func RegistrationPaths(md Metadata) []RegistrationPath {
	var out []RegistrationPath
	if md.ClientIDMetadataDocumentSupported {
		out = append(out, PathCIMD)
	}
	if md.RegistrationEndpoint != "" {
		out = append(out, PathRFC7591)
	}
	return append(out, PathPreRegistered)
}

// RegistrationPathOf is the path a client id came by: CIMD for a document
// URL, RFC 7591 when it was registered in this run, else pre-registered.
func RegistrationPathOf(clientID string, registered bool) RegistrationPath {
	switch {
	case IsClientMetadataDocumentID(clientID):
		return PathCIMD
	case registered:
		return PathRFC7591
	}
	return PathPreRegistered
}
