package interop

import (
	"encoding/base64"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// TestOIDCProvider starts one oidc-provider and runs every interop check
// against it, in parallel.
func TestOIDCProvider(t *testing.T) {
	srv := startServer(t)
	for _, c := range []struct {
		name string
		run  func(*testing.T, *server)
	}{
		{"Discovery", testDiscovery},
		{"DiscoveryIssuerWithPath", testDiscoveryIssuerWithPath},
		{"DiscoveryHostHeader", testDiscoveryHostHeader},
		{"TokenBasic", testTokenBasic},
		{"TokenPost", testTokenPost},
		{"SpecialSecret", testSpecialSecret},
		{"AuthMethodsInterchangeable", testAuthMethodsInterchangeable},
		{"Scopes", testScopes},
		{"TokenErrors", testTokenErrors},
		{"InvalidClientChallenge", testInvalidClientChallenge},
		{"WrongSecretProbes", testWrongSecretProbes},
		{"HandBuiltRequests", testHandBuiltRequests},
		{"JWT", testJWT},
		{"JWTChecksBite", testJWTChecksBite},
		{"AudienceIgnored", testAudienceIgnored},
		{"Call", testCall},
		{"Introspection", testIntrospection},
		{"IntrospectionErrors", testIntrospectionErrors},
		{"Revocation", testRevocation},
		{"RevocationErrors", testRevocationErrors},
		{"Registration", testRegistration},
		{"RegistrationErrors", testRegistrationErrors},
		{"RegistrationHintFollowed", testRegistrationHintFollowed},
		{"RegistrationAuthNone", testRegistrationAuthNone},
		{"RegistrationManagement", testRegistrationManagement},
		{"RegistrationManagementErrors", testRegistrationManagementErrors},
		{"CLI", testCLI},
		{"PrivateKeyJWT", testPrivateKeyJWT},
		{"ClientSecretJWT", testClientSecretJWT},
		{"AuthNone", testAuthNone},
		{"DPoPWithNonce", testDPoPWithNonce},
		{"CLIPrivateKeyJWT", testCLIPrivateKeyJWT},
		{"AuthCodePKCE", testAuthCodePKCE},
		{"RefreshRotation", testRefreshRotation},
		{"Device", testDevice},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, srv)
		})
	}
}

func testTokenBasic(t *testing.T, s *server) {
	tok, ex := s.token(t, s.tokenRequest(ccBasic, "api:read", "api:write"))
	checkBearer(t, tok)
	if got, want := tok.GrantedScopes(), []string{"api:read", "api:write"}; !slices.Equal(got, want) {
		t.Errorf("granted scopes: got %q, want %q", got, want)
	}
	if auth := wroteHeader(ex, "Authorization"); !strings.HasPrefix(auth, "Basic ") {
		t.Errorf("Authorization header: got %q, want Basic credentials", auth)
	}
	if form := requestForm(t, ex); form.Has("client_secret") || form.Get("grant_type") != "client_credentials" {
		t.Errorf("form: got %q, want grant_type=client_credentials and no client_secret", form)
	}
}

func testTokenPost(t *testing.T, s *server) {
	tok, ex := s.token(t, s.tokenRequest(ccPost, "api:read"))
	checkBearer(t, tok)
	if got := tok.Scope; got != "api:read" {
		t.Errorf("scope: got %q, want %q", got, "api:read")
	}
	if auth := wroteHeader(ex, "Authorization"); auth != "" {
		t.Errorf("Authorization header: got %q, want none with client_secret_post", auth)
	}
	form := requestForm(t, ex)
	if form.Get("client_id") != ccPost.id || form.Get("client_secret") != ccPost.secret {
		t.Errorf("form: got %q, want client_id and client_secret", form)
	}
}

// testSpecialSecret: a secret with ':', '+', '/', '%' and a space works with
// both methods, because flows form-encodes Basic credentials (RFC 6749
// §2.3.1); the same secret sent unencoded is refused, which shows that
// oidc-provider really decodes them.
func testSpecialSecret(t *testing.T, s *server) {
	s.token(t, s.tokenRequest(ccSpecial, "api:read"))
	post := s.tokenRequest(ccSpecial, "api:read")
	post.AuthMethod = flows.AuthPost
	s.token(t, post)

	raw := s.tokenRequest(ccSpecial).TokenHTTPRequest()
	raw.Header.Set(
		"Authorization",
		"Basic "+base64.StdEncoding.EncodeToString([]byte(ccSpecial.id+":"+ccSpecial.secret)),
	)
	ex, err := flows.Send(t.Context(), s.hc, raw)
	if err != nil {
		t.Fatal(err)
	}
	_, err = flows.ParseTokenResponse(ex)
	wantOAuthError(t, err, http.StatusUnauthorized, "invalid_client", "client authentication failed")
}

// testAuthMethodsInterchangeable pins a quirk: oidc-provider accepts
// client_secret_post from a client registered for client_secret_basic and
// the other way round.
func testAuthMethodsInterchangeable(t *testing.T, s *server) {
	for _, c := range []client{ccBasic, ccPost} {
		other := s.tokenRequest(c, "api:read")
		other.AuthMethod = map[flows.AuthMethod]flows.AuthMethod{flows.AuthBasic: flows.AuthPost, flows.AuthPost: flows.AuthBasic}[c.auth]
		if _, _, err := flows.RequestToken(t.Context(), s.hc, other); err != nil {
			t.Errorf("%s registered for %s, sent with %s: got %v, want a token (oidc-provider treats the two as one)",
				c.id, c.auth, other.AuthMethod, err)
		}
	}
}

// testScopes compares the scope granted with the scope asked: unknown and
// OpenID scopes are dropped without an error, and no scope asked means
// none granted (not the client's registered scopes).
func testScopes(t *testing.T, s *server) {
	for _, c := range []struct {
		client client
		asked  []string
		want   string
	}{
		{ccBasic, nil, ""},
		{ccBasic, []string{"api:write"}, "api:write"},
		{ccBasic, []string{"api:read", "unknown:scope"}, "api:read"},
		{ccBasic, []string{"openid", "offline_access", "api:read"}, "api:read"},
		{ccReadonly, []string{"api:read"}, "api:read"},
		{ccReadonly, nil, ""},
	} {
		tok, _ := s.token(t, s.tokenRequest(c.client, c.asked...))
		_, sent := tok.Fields["scope"]
		if tok.Scope != c.want || sent != (c.want != "") {
			t.Errorf(
				"%s asking %q: got scope %q (field sent: %v), want %q",
				c.client.id,
				c.asked,
				tok.Scope,
				sent,
				c.want,
			)
		}
	}
}

// testTokenErrors checks that each error reaches the person with the
// server's own code and description.
func testTokenErrors(t *testing.T, s *server) {
	wrong := ccBasic
	wrong.secret = "not-the-secret"
	wrongPost := ccPost
	wrongPost.secret = "not-the-secret"
	unknown := client{"no-such-client", "x", flows.AuthBasic}
	withResource := func(r flows.TokenRequest, res ...string) flows.TokenRequest { r.Resource = res; return r }
	for _, c := range []struct {
		name   string
		req    flows.TokenRequest
		status int
		code   string
		desc   string
	}{
		{"readonly asks api:write", s.tokenRequest(ccReadonly, "api:write"), 400, "invalid_scope", "requested scope is not allowed"},
		{"wrong secret, basic", s.tokenRequest(wrong), 401, "invalid_client", "client authentication failed"},
		{"wrong secret, post", s.tokenRequest(wrongPost), 401, "invalid_client", "client authentication failed"},
		{"unknown client", s.tokenRequest(unknown), 401, "invalid_client", "client authentication failed"},
		{"unknown resource", withResource(s.tokenRequest(ccBasic), "urn:oauthlens:nope"), 400, "invalid_target", "resource indicator is missing, or unknown"},
		{"relative resource", withResource(s.tokenRequest(ccBasic), "api"), 400, "invalid_target", "resource indicator must be an absolute URI"},
		{"two resources", withResource(s.tokenRequest(ccBasic), resourceAPI, resourceOpaque), 400, "invalid_target",
			"only a single resource indicator value is supported for this grant type"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, ex, err := flows.RequestToken(t.Context(), s.hc, c.req)
			oe := wantOAuthError(t, err, c.status, c.code, c.desc)
			if oe != nil && ex.Status != c.status {
				t.Errorf("exchange status: got %d, want %d", ex.Status, c.status)
			}
		})
	}
}

// testInvalidClientChallenge: with Basic credentials the 401 carries a
// Basic challenge repeating the error; with client_secret_post it has none.
func testInvalidClientChallenge(t *testing.T, s *server) {
	wrong := s.tokenRequest(ccBasic)
	wrong.ClientSecret = "not-the-secret"
	_, _, err := flows.RequestToken(t.Context(), s.hc, wrong)
	oe := wantOAuthError(t, err, http.StatusUnauthorized, "invalid_client", "client authentication failed")
	if oe == nil {
		return
	}
	cs := flows.ParseWWWAuthenticate(oe.Header.Values("WWW-Authenticate"))
	want := map[string]string{
		"realm":             s.issuer,
		"error":             "invalid_client",
		"error_description": "client authentication failed",
	}
	if len(cs) != 1 || !strings.EqualFold(cs[0].Scheme, "Basic") || !maps.Equal(cs[0].Params, want) {
		t.Errorf("WWW-Authenticate: got %+v, want one Basic challenge with %v", cs, want)
	}
	wrong.AuthMethod = flows.AuthPost
	_, _, err = flows.RequestToken(t.Context(), s.hc, wrong)
	if oe := wantOAuthError(t, err, http.StatusUnauthorized, "invalid_client", "client authentication failed"); oe != nil {
		if h := oe.Header.Values("WWW-Authenticate"); len(h) != 0 {
			t.Errorf("WWW-Authenticate with client_secret_post: got %q, want none", h)
		}
	}
}

// testHandBuiltRequests covers what TokenRequest can't express: another
// grant_type (Extra adds a second grant_type rather than replacing it) and
// a JSON body. The requests go through flows.Send and the answer through
// flows.ParseTokenResponse, as RequestToken does.
func testHandBuiltRequests(t *testing.T, s *server) {
	for _, c := range []struct {
		name, contentType, body, code, desc string
	}{
		{"grant_type=password", "application/x-www-form-urlencoded", "grant_type=password&username=u&password=p",
			"unsupported_grant_type", "unsupported grant_type requested"},
		{"JSON body", "application/json", `{"grant_type":"client_credentials"}`,
			"invalid_request", "only application/x-www-form-urlencoded content-type bodies are supported on POST /token"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := s.tokenRequest(ccBasic).TokenHTTPRequest()
			req.Header.Set("Content-Type", c.contentType)
			req.Body = []byte(c.body)
			ex, err := flows.Send(t.Context(), s.hc, req)
			if err != nil {
				t.Fatal(err)
			}
			_, err = flows.ParseTokenResponse(ex)
			wantOAuthError(t, err, http.StatusBadRequest, c.code, c.desc)
		})
	}
}

// wantOAuthError checks that err is an *flows.OAuthError with the server's
// status, code and description, and that its one-line message (what the
// person reads) contains the code and the description. It returns the
// error, or nil after reporting a failure.
func wantOAuthError(t *testing.T, err error, status int, code, desc string) *flows.OAuthError {
	t.Helper()
	var oe *flows.OAuthError
	if !errors.As(err, &oe) {
		t.Errorf("got error %v (%T), want *flows.OAuthError %s", err, err, code)
		return nil
	}
	if oe.StatusCode != status || oe.Code != code || oe.Description != desc {
		t.Errorf("got HTTP %d %q %q, want HTTP %d %q %q", oe.StatusCode, oe.Code, oe.Description, status, code, desc)
		return nil
	}
	if msg := err.Error(); !strings.Contains(msg, code) || !strings.Contains(msg, desc) {
		t.Errorf("message %q: want it to contain %q and %q", msg, code, desc)
	}
	return oe
}

func checkBearer(t *testing.T, tok flows.Token) {
	t.Helper()
	if !tok.IsBearer() || tok.AccessToken == "" || !tok.HasExpiresIn || tok.ExpiresIn != tokenTTL {
		t.Errorf("token: got type %q, expires_in %d (sent: %v), want a Bearer token for %ds",
			tok.TokenType, tok.ExpiresIn, tok.HasExpiresIn, tokenTTL)
	}
	if got := tok.ExpiresAt.Sub(tok.ReceivedAt); got.Seconds() != tokenTTL {
		t.Errorf("ExpiresAt - ReceivedAt: got %s, want %ds", got, tokenTTL)
	}
}

// wroteHeader returns the value of a header field as written on the wire.
func wroteHeader(ex flows.Exchange, name string) string {
	for _, f := range ex.RequestHeader {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

func requestForm(t *testing.T, ex flows.Exchange) url.Values {
	t.Helper()
	form, err := url.ParseQuery(string(ex.RequestBody))
	if err != nil {
		t.Fatalf("request body %q: %v", ex.RequestBody, err)
	}
	return form
}
