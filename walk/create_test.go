package walk

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

func demoServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(demo.New(demo.Config{}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// TestCreate_BothKindsGetATokenWithTheNewClient creates a client each way
// on the demo server, then uses it for a token: the one path both
// front-ends take.
func TestCreate_BothKindsGetATokenWithTheNewClient(t *testing.T) {
	srv := demoServer(t)
	p := profiles.DemoProfile(srv.URL)
	t.Setenv("DEMO_ADMIN_TOKEN", demo.AdminToken)
	vendor, err := VendorRequest(context.Background(), *p.ClientCreation, "made-by-test", p.Scopes,
		p.ClientCreation.Permissions, demo.AdminToken, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	creations := []Creation{
		{Name: "by-rfc7591", Scopes: p.Scopes, AuthMethod: flows.AuthBasic, Issuer: srv.URL,
			Registration: &flows.RegistrationRequest{ClientName: "by-rfc7591", Scopes: p.Scopes,
				AuthMethod: flows.AuthBasic}},
		{Name: "made-by-test", Scopes: p.Scopes, AuthMethod: flows.AuthBasic, Vendor: &vendor},
	}
	for _, c := range creations {
		got, exs, err := Create(context.Background(), srv.Client(), c)
		if err != nil {
			t.Fatalf("%s: %v", c.Kind(), err)
		}
		if got.Kind != c.Kind() || got.ClientID == "" || got.Secret == "" || len(got.OneTime()) == 0 {
			t.Errorf("%s: got %+v", c.Kind(), got)
		}
		if c.Kind() == CreateRFC7591 && (len(exs) != 2 || got.TokenURL == "") {
			t.Errorf("rfc7591 without an endpoint discovers it first: %d exchanges, token URL %q",
				len(exs), got.TokenURL)
		}
		pl := Plan{Issuer: srv.URL}
		pl.Token.ClientID, pl.Token.ClientSecret, pl.Token.AuthMethod = got.ClientID, got.Secret, got.AuthMethod
		if _, err := Acquire(context.Background(), srv.Client(), &pl, Guards{}); err != nil {
			t.Errorf("%s: a token with the new client: %v", c.Kind(), err)
		}
	}
}

func TestCreate_IssuerMismatchStopsRegistration(t *testing.T) {
	srv, _ := mixupServer(t, func(string) string { return "https://evil.example" })
	c := Creation{Name: "x", Issuer: srv.URL, Registration: &flows.RegistrationRequest{ClientName: "x",
		InitialAccessToken: "initial-token-secret"}}
	_, exs, err := Create(context.Background(), srv.Client(), c)
	if _, ok := err.(*IssuerMismatchError); !ok || len(exs) != 1 {
		t.Fatalf("got %v after %d exchanges, want the issuer check to stop it after discovery", err, len(exs))
	}
}
