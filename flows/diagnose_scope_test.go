package flows

import (
	"slices"
	"strings"
	"testing"
)

// The demo's refusal "scope 'openid' is not allowed for client … (allowed:
// api:read api:write)" names openid as refused, not the allowed api:read
// (doctor with --scope "openid api:read" said "not supported: openid
// api:read", though api:read is in scopes_supported).
func TestInvalidScope_RefusedIsTheQuotedOne(t *testing.T) {
	e := &OAuthError{Code: "invalid_scope",
		Description: "scope 'openid' is not allowed for client 'demo-client' (allowed: api:read api:write)"}
	md := &Metadata{ScopesSupported: []string{"openid", "api:read", "api:write"}}
	c := Context{Request: &TokenRequest{Scopes: []string{"openid", "api:read"}}, Metadata: md}
	d := invalidScope(e, c)
	ev := strings.Join(d.Evidence, "\n")
	if !slices.Contains(d.Evidence, "refused: openid") || strings.Contains(ev, "refused: openid api:read") {
		t.Errorf("evidence:\n%s", ev)
	}
	// Not listed wins over named: a scope the metadata lacks is the one.
	c.Request.Scopes = []string{"api:read", "files:read"}
	if d := invalidScope(&OAuthError{Code: "invalid_scope", Description: "api:read files:read"}, c); !slices.Contains(
		d.Evidence, "refused: files:read") {
		t.Errorf("evidence: %v", d.Evidence)
	}
}
