package interop

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// testCall drives flows.Call against GET /api/whoami, server.mjs's small
// protected API, which accepts opaque tokens of resource
// urn:oauthlens:opaque with scope api:read and answers RFC 6750 errors.
func testCall(t *testing.T, s *server) {
	api := flows.CallRequest{URL: s.issuer + "/api/whoami"}
	opaque := func(scopes ...string) flows.TokenRequest {
		r := s.tokenRequest(ccBasic, scopes...)
		r.Resource = []string{resourceOpaque}
		return r
	}
	reacquire := func(r flows.TokenRequest) flows.Reacquirer {
		return func(ctx context.Context) (flows.Token, flows.Exchange, error) {
			return flows.RequestToken(ctx, s.hc, r)
		}
	}

	good, _ := s.token(t, opaque("api:read"))
	res, exs, err := flows.Call(t.Context(), s.hc, api, good, nil)
	var body struct{ ClientID, Scope, Aud string }
	_ = json.Unmarshal(res.Body, &body)
	if err != nil || res.Status != http.StatusOK || body.Aud != resourceOpaque || len(exs) != 1 {
		t.Errorf(
			"call with a good token: got %d %s (err %v, %d exchanges), want 200 for %s",
			res.Status,
			res.Body,
			err,
			len(exs),
			resourceOpaque,
		)
	}

	// 403 insufficient_scope, then a re-acquired token with api:read works.
	writeOnly, _ := s.token(t, opaque("api:write"))
	res, exs, err = flows.Call(t.Context(), s.hc, api, writeOnly, reacquire(opaque("api:read")))
	if err != nil || !res.Retried || res.Status != http.StatusOK || len(exs) != 3 ||
		exs[0].Status != http.StatusForbidden {
		t.Errorf(
			"call with api:write only, re-acquiring api:read: got %d, retried %v, %d exchanges, err %v; want 403, token, 200",
			res.Status,
			res.Retried,
			len(exs),
			err,
		)
	}

	// A JWT is refused with 401 invalid_token; re-acquiring the same kind of
	// token does not help, and the API's error reaches the person.
	jwt, _ := s.token(t, s.tokenRequest(ccBasic, "api:read"))
	res, _, err = flows.Call(t.Context(), s.hc, api, jwt, reacquire(s.tokenRequest(ccBasic, "api:read")))
	oe := wantOAuthError(
		t,
		err,
		http.StatusUnauthorized,
		"invalid_token",
		"unknown, expired or revoked token, or not for "+resourceOpaque,
	)
	if oe != nil && !res.Retried {
		t.Errorf("call with a JWT: got retried %v, want a retry with a fresh token", res.Retried)
	}
}
