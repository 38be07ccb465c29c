package interop

import (
	"maps"
	"net"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// testDiscovery: oidc-provider serves the same document at both well-known
// URLs; every style of flows.Discover finds it, with no problems.
func testDiscovery(t *testing.T, s *server) {
	docs := map[string]flows.Discovery{}
	for style, form := range map[string]string{
		flows.StyleOIDC:    flows.FormOIDC,
		flows.StyleRFC8414: flows.FormPathInsertion, // with no path, insertion and appended are one URL
		flows.StyleAuto:    flows.FormOIDC,
	} {
		d, exs, err := flows.Discover(t.Context(), s.hc, s.issuer, style)
		if err != nil {
			t.Fatalf("style %s: %v", style, err)
		}
		if d.Form != form || len(exs) != 1 || len(d.Problems) != 0 {
			t.Errorf("style %s: got form %q after %d request(s), problems %+v; want %q, 1 request, no problems",
				style, d.Form, len(exs), d.Problems, form)
		}
		docs[style] = d
	}
	oidc, rfc := docs[flows.StyleOIDC].Metadata, docs[flows.StyleRFC8414].Metadata
	if !reflect.DeepEqual(oidc.Raw, rfc.Raw) {
		t.Errorf("the two well-known documents differ:\n%v\n%v", oidc.Raw, rfc.Raw)
	}
	checkEndpoints(t, oidc, s.issuer)
}

// checkEndpoints compares the metadata with what server.mjs configures.
func checkEndpoints(t *testing.T, md flows.Metadata, issuer string) {
	t.Helper()
	got := map[string]string{"issuer": md.Issuer, "token": md.TokenEndpoint, "jwks": md.JWKSURI,
		"registration": md.RegistrationEndpoint, "introspection": md.IntrospectionEndpoint, "revocation": md.RevocationEndpoint}
	want := map[string]string{"issuer": issuer, "token": issuer + "/token", "jwks": issuer + "/jwks",
		"registration": issuer + "/reg", "introspection": issuer + "/token/introspection", "revocation": issuer + "/token/revocation"}
	if !maps.Equal(got, want) {
		t.Errorf("endpoints: got %v, want %v", got, want)
	}
	if !slices.Contains(md.GrantTypesSupported, "client_credentials") {
		t.Errorf("grant_types_supported: got %q, want client_credentials among them", md.GrantTypesSupported)
	}
	for _, m := range []string{string(flows.AuthBasic), string(flows.AuthPost)} {
		if !slices.Contains(md.TokenEndpointAuthMethodsSupported, m) {
			t.Errorf(
				"token_endpoint_auth_methods_supported: got %q, want %s among them",
				md.TokenEndpointAuthMethodsSupported,
				m,
			)
		}
	}
	for _, sc := range []string{"api:read", "api:write"} {
		if !slices.Contains(md.ScopesSupported, sc) {
			t.Errorf("scopes_supported: got %q, want %s among them", md.ScopesSupported, sc)
		}
	}
}

// testDiscoveryIssuerWithPath: for an issuer with a path, oidc-provider
// serves RFC 8414 metadata only in the appended form
// ({issuer}/.well-known/oauth-authorization-server), not at the RFC's
// path-insertion URL, which answers 404. flows falls back to the appended
// form, and the tenant issues tokens for its own issuer.
func testDiscoveryIssuerWithPath(t *testing.T, s *server) {
	tenant := s.issuer + tenantPath
	d, _, err := flows.Discover(t.Context(), s.hc, tenant, flows.StyleRFC8414)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Attempts) != 2 || d.Attempts[0].Form != flows.FormPathInsertion || d.Attempts[0].Status != 404 ||
		d.Form != flows.FormAppended {
		t.Errorf("attempts: got %+v, form %q; want path insertion 404, then the appended form", d.Attempts, d.Form)
	}
	if len(d.Problems) != 0 {
		t.Errorf("problems: got %+v, want none", d.Problems)
	}
	checkEndpoints(t, d.Metadata, tenant)
	oidc, _, err := flows.Discover(t.Context(), s.hc, tenant, flows.StyleOIDC)
	if err != nil || oidc.Metadata.Issuer != tenant {
		t.Errorf("OpenID discovery of %s: got issuer %q, err %v", tenant, oidc.Metadata.Issuer, err)
	}
	r := s.tokenRequest(ccBasic, "api:read")
	r.TokenURL = d.Metadata.TokenEndpoint
	tok, _ := s.token(t, r)
	if jwt, err := flows.DecodeJWT(tok.AccessToken); err != nil || jwt.Claims["iss"] != tenant {
		t.Errorf("tenant token: got iss %v (err %v), want %q", jwt.Claims["iss"], err, tenant)
	}
}

// testDiscoveryHostHeader pins a quirk: oidc-provider builds the endpoint
// URLs from the request's Host, but the issuer from its configuration.
// Asked through "localhost", the document names localhost endpoints and
// the 127.0.0.1 issuer, and flows reports the issuer mismatch.
func testDiscoveryHostHeader(t *testing.T, s *server) {
	if addrs, err := net.LookupHost("localhost"); err != nil || !slices.Contains(addrs, "127.0.0.1") {
		t.Skipf("localhost does not resolve to 127.0.0.1 here (%v, %v)", addrs, err)
	}
	u, _ := url.Parse(s.issuer)
	viaLocalhost := "http://localhost:" + u.Port()
	d, _, err := flows.Discover(t.Context(), s.hc, viaLocalhost, flows.StyleOIDC)
	if err != nil {
		t.Fatal(err)
	}
	if d.Metadata.Issuer != s.issuer || !strings.HasPrefix(d.Metadata.TokenEndpoint, viaLocalhost+"/") {
		t.Errorf("got issuer %q, token endpoint %q; want %q and an endpoint under %s",
			d.Metadata.Issuer, d.Metadata.TokenEndpoint, s.issuer, viaLocalhost)
	}
	if !slices.ContainsFunc(
		d.Problems,
		func(p flows.Problem) bool { return p.Code == "issuer_mismatch" && p.Severity == "error" },
	) {
		t.Errorf("problems: got %+v, want an issuer_mismatch error", d.Problems)
	}
}
