package interop

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// Error descriptions of oidc-provider's introspection and revocation
// endpoints.
const (
	descIntrospectJWT = "Structured JWT Tokens cannot be introspected via the introspection_endpoint"
	descRevokeJWT     = "Structured JWT Tokens cannot be revoked via the revocation_endpoint"
	descRevokeOther   = "client is not authorized to revoke the presented token"
	descNoToken       = "missing required parameter 'token'"
	descClientAuth    = "client authentication failed"
)

// clientAuth is c's credentials for the introspection and revocation endpoints.
func (c client) clientAuth() flows.ClientAuth {
	return flows.ClientAuth{ID: c.id, Secret: c.secret, Method: c.auth}
}

// opaqueToken gets an opaque access token (resource urn:oauthlens:opaque)
// for c.
func (s *server) opaqueToken(t *testing.T, c client, scopes ...string) flows.Token {
	t.Helper()
	r := s.tokenRequest(c, scopes...)
	r.Resource = []string{resourceOpaque}
	tok, _ := s.token(t, r)
	return tok
}

// introspect introspects token as c and fails the test on an error.
func (s *server) introspect(t *testing.T, c client, token string) flows.Introspection {
	t.Helper()
	in, _, err := flows.Introspect(t.Context(), s.hc, s.md.IntrospectionEndpoint, c.clientAuth(), token, "")
	if err != nil {
		t.Fatalf("introspection as %s: %v", c.id, err)
	}
	return in
}

// testIntrospection: an opaque token is recognised as such by DecodeJWT,
// and any client (even one with fewer scopes, or using client_secret_post)
// may introspect it (RFC 7662) and sees its client, scope, audience,
// issuer and expiry.
func testIntrospection(t *testing.T, s *server) {
	tok := s.opaqueToken(t, ccBasic, "api:read", "api:write")
	if _, err := flows.DecodeJWT(tok.AccessToken); !errors.Is(err, flows.ErrNotJWT) {
		t.Errorf("DecodeJWT of an opaque token: got %v, want ErrNotJWT", err)
	}
	for _, c := range []client{ccBasic, ccPost, ccReadonly} {
		for _, hint := range []string{"", "access_token"} {
			in, ex, err := flows.Introspect(
				t.Context(),
				s.hc,
				s.md.IntrospectionEndpoint,
				c.clientAuth(),
				tok.AccessToken,
				hint,
			)
			if err != nil || ex.Status != http.StatusOK {
				t.Fatalf("introspection as %s (hint %q): got HTTP %d, %v", c.id, hint, ex.Status, err)
			}
			got := []any{in.Active, in.ClientID, in.Scope, in.TokenType, in.Fields["aud"], in.Fields["iss"]}
			want := []any{true, ccBasic.id, "api:read api:write", "Bearer", resourceOpaque, s.issuer}
			if !slices.Equal(got, want) {
				t.Errorf("introspection as %s (hint %q): got %v, want %v", c.id, hint, got, want)
			}
			if d := in.ExpiresAt.Sub(tok.ExpiresAt); d < -2*time.Second || d > 2*time.Second {
				t.Errorf(
					"introspection as %s: exp %s, want about %s (the token response's expires_in)",
					c.id,
					in.ExpiresAt,
					tok.ExpiresAt,
				)
			}
		}
	}
	if in := s.introspect(t, ccBasic, "no-such-token"); in.Active || len(in.Fields) != 1 {
		t.Errorf("unknown token: got %v, want only {\"active\": false}", in.Fields)
	}
}

// testIntrospectionErrors: each error of the introspection endpoint
// reaches the person with the server's code and description.
func testIntrospectionErrors(t *testing.T, s *server) {
	jwt, _ := s.token(t, s.tokenRequest(ccBasic, "api:read"))
	wrong := ccBasic
	wrong.secret = "not-the-secret"
	for _, c := range []struct {
		name   string
		as     client
		token  string
		status int
		code   string
		desc   string
	}{
		{"a JWT", ccBasic, jwt.AccessToken, 400, "unsupported_token_type", descIntrospectJWT},
		{"no token", ccBasic, "", 400, "invalid_request", descNoToken},
		{"wrong secret", wrong, "x", 401, "invalid_client", descClientAuth},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, _, err := flows.Introspect(
				t.Context(),
				s.hc,
				s.md.IntrospectionEndpoint,
				c.as.clientAuth(),
				c.token,
				"",
			)
			if oe := wantOAuthError(t, err, c.status, c.code, c.desc); oe != nil && oe.Step != "introspection" {
				t.Errorf("step: got %q, want introspection", oe.Step)
			}
			if in.Active {
				t.Errorf("got active with an error")
			}
		})
	}
}

// testRevocation: a client revokes its own opaque token (RFC 7009), after
// which the API refuses it and introspection says inactive. Revoking an
// unknown or already revoked token is 200 too (§2.2).
func testRevocation(t *testing.T, s *server) {
	tok := s.opaqueToken(t, ccBasic, "api:read")
	api := flows.CallRequest{URL: s.issuer + "/api/whoami"}
	if _, _, err := flows.Call(t.Context(), s.hc, api, tok, nil); err != nil {
		t.Fatalf("API call before revocation: %v", err)
	}
	for i := range 2 {
		ex, err := flows.Revoke(
			t.Context(),
			s.hc,
			s.md.RevocationEndpoint,
			ccBasic.clientAuth(),
			tok.AccessToken,
			"access_token",
		)
		if err != nil || ex.Status != http.StatusOK || len(ex.ResponseBody) != 0 {
			t.Errorf(
				"revocation %d: got HTTP %d %q, %v; want 200 with an empty body",
				i+1,
				ex.Status,
				ex.ResponseBody,
				err,
			)
		}
	}
	_, _, err := flows.Call(t.Context(), s.hc, api, tok, nil)
	wantOAuthError(
		t,
		err,
		http.StatusUnauthorized,
		"invalid_token",
		"unknown, expired or revoked token, or not for "+resourceOpaque,
	)
	if in := s.introspect(t, ccBasic, tok.AccessToken); in.Active || len(in.Fields) != 1 {
		t.Errorf("introspection after revocation: got %v, want only {\"active\": false}", in.Fields)
	}
	if ex, err := flows.Revoke(t.Context(), s.hc, s.md.RevocationEndpoint, ccPost.clientAuth(), "no-such-token", ""); err != nil ||
		ex.Status != http.StatusOK {
		t.Errorf("revoking an unknown token: got HTTP %d, %v; want 200", ex.Status, err)
	}
}

// testRevocationErrors: revoking another client's token or a JWT is
// refused with the server's code and description, and the token stays
// active.
func testRevocationErrors(t *testing.T, s *server) {
	opaque := s.opaqueToken(t, ccBasic, "api:read")
	jwt, _ := s.token(t, s.tokenRequest(ccBasic, "api:read"))
	for _, c := range []struct {
		name  string
		as    client
		token string
		code  string
		desc  string
	}{
		{"another client's token", ccPost, opaque.AccessToken, "invalid_request", descRevokeOther},
		{"a JWT", ccBasic, jwt.AccessToken, "unsupported_token_type", descRevokeJWT},
		{"no token", ccBasic, "", "invalid_request", descNoToken},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := flows.Revoke(t.Context(), s.hc, s.md.RevocationEndpoint, c.as.clientAuth(), c.token, "")
			if oe := wantOAuthError(t, err, http.StatusBadRequest, c.code, c.desc); oe != nil &&
				oe.Step != "revocation" {
				t.Errorf("step: got %q, want revocation", oe.Step)
			}
		})
	}
	if in := s.introspect(t, ccPost, opaque.AccessToken); !in.Active {
		t.Errorf("after another client's failed revocation: got inactive, want the token still active")
	}
}
