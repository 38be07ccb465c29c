package interop

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// noResponseTypes is the metadata a client credentials client needs at
// oidc-provider, whose response_types default to ["code"].
var noResponseTypes = map[string]any{"response_types": []any{}}

// registration is an RFC 7591 request for a client credentials client at
// the discovered registration endpoint.
func (s *server) registration(method flows.AuthMethod, scopes ...string) flows.RegistrationRequest {
	return flows.RegistrationRequest{Endpoint: s.md.RegistrationEndpoint, ClientName: "interop " + string(method),
		Scopes: scopes, AuthMethod: method, Metadata: noResponseTypes}
}

// register performs r and fails the test unless a client came back.
func (s *server) register(t *testing.T, r flows.RegistrationRequest) (flows.Registration, flows.Exchange) {
	t.Helper()
	reg, ex, err := flows.Register(t.Context(), s.hc, r)
	if err != nil {
		t.Fatalf("registration at %s: %v", r.Endpoint, err)
	}
	return reg, ex
}

// registered is the new client as a fixture client.
func registered(reg flows.Registration) client {
	return client{reg.ClientID, reg.ClientSecret, flows.AuthMethod(reg.TokenEndpointAuthMethod)}
}

// testRegistration: open RFC 7591 registration of a client credentials
// client with each auth method, then a token with the new credentials,
// limited to the registered scope. The new secrets are masked in the
// exchange as rendered.
func testRegistration(t *testing.T, s *server) {
	for _, method := range []flows.AuthMethod{flows.AuthBasic, flows.AuthPost} {
		t.Run(string(method), func(t *testing.T) {
			reg, ex := s.register(t, s.registration(method, "api:read"))
			got := []any{
				ex.Status,
				reg.TokenEndpointAuthMethod,
				reg.Scope,
				reg.RegistrationClientURI,
				reg.SecretExpiresAt.IsZero(),
			}
			want := []any{
				http.StatusCreated,
				string(method),
				"api:read",
				s.md.RegistrationEndpoint + "/" + reg.ClientID,
				true,
			}
			if !slices.Equal(got, want) || reg.ClientSecret == "" || reg.RegistrationAccessToken == "" {
				t.Errorf("registration: got %v, want %v, and a secret and registration access token", got, want)
			}
			if since := time.Since(reg.IssuedAt); since < -time.Minute || since > time.Minute {
				t.Errorf("client_id_issued_at: got %s, want now", reg.IssuedAt)
			}
			for _, secret := range []string{reg.ClientSecret, reg.RegistrationAccessToken} {
				if strings.Contains(ex.Raw(false), secret) {
					t.Errorf("the rendered exchange shows a new secret unmasked:\n%s", ex.Raw(false))
				}
			}
			c := registered(reg)
			tok, _ := s.token(t, s.tokenRequest(c, "api:read"))
			checkBearer(t, tok)
			_, _, err := flows.RequestToken(t.Context(), s.hc, s.tokenRequest(c, "api:write"))
			wantOAuthError(t, err, http.StatusBadRequest, "invalid_scope", "requested scope is not allowed")
		})
	}
}

// testRegistrationErrors: each registration error of oidc-provider reaches
// the person as a *flows.CreationError with the server's code and
// description, plus what to do about it.
func testRegistrationErrors(t *testing.T, s *server) {
	withMetadata := func(r flows.RegistrationRequest, md map[string]any) flows.RegistrationRequest {
		r.Metadata = md
		return r
	}
	for _, c := range []struct {
		name        string
		req         flows.RegistrationRequest
		code, desc  string
		field, hint string
	}{
		{"no response_types", withMetadata(s.registration(flows.AuthBasic), nil), "invalid_redirect_uri", "redirect_uris is mandatory property",
			"redirect_uris", `add a placeholder to the client metadata: {"redirect_uris":["https://localhost/cb"]}`},
		{"unknown scope", s.registration(flows.AuthBasic, "api:read", "api:nope"), "invalid_client_metadata",
			"scope must only contain Authorization Server supported scope values", "", "the server refused the value of scope that was sent"},
		{"another grant type", withMetadata(s.registration(flows.AuthBasic), map[string]any{"response_types": []any{}, "grant_types": []any{"password"}}),
			"invalid_client_metadata", "grant_types can only contain 'implicit', 'authorization_code', " +
				"'refresh_token', 'client_credentials', or 'urn:ietf:params:oauth:grant-type:device_code'",
			"", "the server refused the value of grant_types that was sent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			reg, ex, err := flows.Register(t.Context(), s.hc, c.req)
			wantOAuthError(t, err, http.StatusBadRequest, c.code, c.desc)
			var ce *flows.CreationError
			if !errors.As(err, &ce) {
				t.Fatalf("got %T, want *flows.CreationError", err)
			}
			if ce.Field != c.field || !strings.Contains(ce.Hint, c.hint) || !strings.Contains(err.Error(), c.hint) {
				t.Errorf(
					"got field %q, message %q; want field %q and %q in the message",
					ce.Field,
					err,
					c.field,
					c.hint,
				)
			}
			if reg.ClientID != "" || ex.Status != http.StatusBadRequest {
				t.Errorf("got client %q, HTTP %d; want none, 400", reg.ClientID, ex.Status)
			}
		})
	}
}

// testRegistrationHintFollowed pins what happens when the person follows
// flows' hint for invalid_redirect_uri and adds a placeholder
// redirect_uris: oidc-provider registers the client, but with its
// response_types default ["code"] it also adds authorization_code to the
// grant types. "response_types": [] is the cleaner fix for a client
// credentials client.
func testRegistrationHintFollowed(t *testing.T, s *server) {
	_, _, err := flows.Register(t.Context(), s.hc, flows.RegistrationRequest{Endpoint: s.md.RegistrationEndpoint})
	var ce *flows.CreationError
	if !errors.As(err, &ce) || ce.Example == "" {
		t.Fatalf("got %v, want a *flows.CreationError with an example", err)
	}
	md, err := flows.ParseExtraMetadata(ce.Example)
	if err != nil {
		t.Fatalf("the example %s: %v", ce.Example, err)
	}
	reg, _ := s.register(t, flows.RegistrationRequest{Endpoint: s.md.RegistrationEndpoint, Metadata: md})
	got := []any{reg.Fields["grant_types"], reg.Fields["response_types"]}
	want := []any{[]any{"client_credentials", "authorization_code"}, []any{"code"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("grant_types, response_types: got %v, want %v", got, want)
	}
	s.token(t, s.tokenRequest(registered(reg), "api:read"))
}

// testRegistrationAuthNone pins a quirk of open registration: oidc-provider
// accepts token_endpoint_auth_method "none" for a client credentials
// client, returns no secret, and then issues tokens to anyone who sends
// the client_id alone.
func testRegistrationAuthNone(t *testing.T, s *server) {
	r := s.registration(flows.AuthBasic)
	r.Metadata = map[string]any{"response_types": []any{}, "token_endpoint_auth_method": "none"}
	reg, _ := s.register(t, r)
	if reg.ClientSecret != "" || reg.TokenEndpointAuthMethod != "none" {
		t.Errorf("got secret %q, method %q; want none, none", reg.ClientSecret, reg.TokenEndpointAuthMethod)
	}
	req := s.tokenRequest(ccPost).TokenHTTPRequest()
	req.Body = []byte("grant_type=client_credentials&client_id=" + url.QueryEscape(reg.ClientID))
	ex, err := flows.Send(t.Context(), s.hc, req)
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := flows.ParseTokenResponse(ex); err != nil || tok.AccessToken == "" {
		t.Errorf("token with the client_id alone: got %v, want a token (oidc-provider allows it)", err)
	}
}
