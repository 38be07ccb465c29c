package ui

import (
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// discoveredMsg is the result of discoverCmd.
type discoveredMsg struct {
	seq  int
	disc flows.Discovery
	exs  []flows.Exchange
	err  error
}

// tokenFetchedMsg is the result of fetchTokenCmd: the token, and for a JWT
// the decoded parts and the signature check against the JWKS.
type tokenFetchedMsg struct {
	seq   int
	tok   flows.Token
	ex    flows.Exchange
	err   error
	check tokenCheck
	sent  *walk.Plan // the plan sent (resolved); nil in tests that make the message
	// probes are the follow-ups of a refusal of the client (walk.Probe);
	// nil when none ran.
	probes *walk.Probes
	// resource is the API's resource metadata looked up for the diagnosis
	// of a failure (walk.FindResource, resource.go).
	resource walk.Resource
	// disc is the discovery the token step made itself (step 1 not run).
	disc discoveredInStep3
}

// tokenCheck is what oauthlens found out about an access token.
type tokenCheck struct {
	jwt      flows.DecodedJWT
	jwtErr   error // flows.ErrNotJWT for opaque tokens
	jwksURL  string
	jwks     []byte
	jwksEx   *flows.Exchange
	jwksErr  error
	ver      flows.Verification
	verified bool // VerifyJWT ran
}

// calledMsg is the result of callCmd. check is set when the token was
// re-acquired during the call.
type calledMsg struct {
	seq   int
	res   flows.CallResult
	exs   []flows.Exchange
	err   error
	check *tokenCheck
	sent  *walk.Plan // the plan sent (resolved)
	// resource is the API's resource metadata looked up for the diagnosis
	// of a failure (walk.FindResource, resource.go).
	resource walk.Resource
	// rotation is set when the token was re-acquired by a refresh.
	rotation *flows.Rotation
}

// tickMsg is the one clock of the program: a second has passed.
type tickMsg time.Time

// introspectedMsg is the result of introspectCmd (RFC 7662).
type introspectedMsg struct {
	seq int
	in  flows.Introspection
	ex  flows.Exchange
	err error
}

// revokedMsg is the result of revokeCmd (RFC 7009).
type revokedMsg struct {
	seq int
	ex  flows.Exchange
	err error
}
