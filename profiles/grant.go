package profiles

import "github.com/oauthlens/oauthlens/flows"

// GrantFields are a profile's grant (flows.GrantNames: client_credentials
// when empty, token_exchange, jwt_bearer) and the references of its tokens.
type GrantFields struct {
	Grant string `yaml:"grant,omitempty"`
	// SubjectToken and ActorToken are references to RFC 8693 tokens; the
	// types are short names (access_token, jwt, …) or URIs.
	SubjectToken       string `yaml:"subject_token,omitempty"`
	SubjectTokenType   string `yaml:"subject_token_type,omitempty"`
	ActorToken         string `yaml:"actor_token,omitempty"`
	ActorTokenType     string `yaml:"actor_token_type,omitempty"`
	RequestedTokenType string `yaml:"requested_token_type,omitempty"`
	// Assertion is a reference to a JWT-bearer assertion (RFC 7523 §2.1);
	// without one the assertion is signed with Key, for AssertionSubject.
	Assertion        string `yaml:"assertion,omitempty"`
	AssertionSubject string `yaml:"assertion_subject,omitempty"`
	// DPoP asks for DPoP-bound tokens (RFC 9449).
	DPoP bool `yaml:"dpop,omitempty"`
	// RedirectURI is the authorization code grant's redirect URI, for
	// servers that register exact URIs (a fixed loopback port, RFC 8252 §7.3).
	RedirectURI string `yaml:"redirect_uri,omitempty"`
	// DeviceURL is the device authorization endpoint (RFC 8628 §3.1) of a
	// server whose metadata names none (GitHub publishes no metadata).
	DeviceURL string `yaml:"device_url,omitempty"`
}

// validateKeysAndGrant checks the key, certificate and grant fields: the
// key and certificate only as references (a PEM never goes in a profile).
func (p Profile) validateKeysAndGrant(add func(field, msg string)) {
	for _, f := range []struct{ field, ref string }{{"key", p.Key}, {"cert", p.Cert}} {
		if kind, _ := ParseRef(f.ref); kind == KindLiteral || kind == KindStdin {
			add(f.field, "must be a reference (file:PATH, keyring:NAME, cmd:COMMAND, env:NAME), never the PEM itself")
		}
		checkRef(add, f.field, f.ref)
	}
	checkOneOf(add, "assertion_aud", p.AssertionAud, "token", "issuer")
	checkOneOf(add, "grant", p.Grant, flows.GrantNames()...)
	checkRef(add, "subject_token", p.SubjectToken)
	checkRef(add, "actor_token", p.ActorToken)
	checkRef(add, "assertion", p.Assertion)
	checkURL(add, "device_url", p.DeviceURL)
}
