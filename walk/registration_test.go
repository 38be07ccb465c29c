package walk

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// demoMetadata starts the demo with faults and returns it with its
// discovered metadata.
func demoMetadata(t *testing.T, faults ...string) (*httptest.Server, flows.Metadata) {
	t.Helper()
	ts := httptest.NewServer(demo.New(demo.Config{Faults: faults}).Handler())
	t.Cleanup(ts.Close)
	d, _, err := flows.Discover(context.Background(), ts.Client(), ts.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	return ts, d.Metadata
}

// Without a client id, the demo's metadata (CIMD supported) takes its
// client metadata document, and the authorization code grant then works
// with the document's URL as the client id.
func TestChooseRegistration_CIMDOverTheDemo(t *testing.T) {
	ts, md := demoMetadata(t)
	r := ChooseRegistration(context.Background(), ts.Client(), md, "", ts.URL+demo.ClientMetadataDocumentPath)
	if r.Path != flows.PathCIMD || r.ClientID != ts.URL+demo.ClientMetadataDocumentPath || r.Err != nil {
		t.Fatalf("got %+v", r)
	}
	pl := Plan{Issuer: ts.URL, GrantPlan: GrantPlan{Name: "authorization_code"},
		Token: flows.TokenRequest{ClientID: r.ClientID, AuthMethod: flows.AuthNone, Scopes: []string{"api:read"}}}
	if run := runAuthCodePlan(t, ts, &pl, AuthCodeOptions{}, "approve"); run.err != nil {
		t.Fatalf("the CIMD client got no token: %v", run.err)
	}
}

// The metadata variants: a client id given wins; CIMD said but the
// document cannot be fetched (or names another client id) falls to RFC
// 7591; neither path leaves a pre-registered client as the only way.
func TestChooseRegistration_Variants(t *testing.T) {
	ts, md := demoMetadata(t)
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/other" {
			_, _ = w.Write([]byte(`{"client_id":"https://evil.example/doc"}`))
			return
		}
		http.Error(w, "<html>down</html>", http.StatusBadGateway)
	}))
	defer bad.Close()
	noCIMD, none := md, md
	noCIMD.ClientIDMetadataDocumentSupported = false
	none.ClientIDMetadataDocumentSupported, none.RegistrationEndpoint = false, ""
	doc := ts.URL + demo.ClientMetadataDocumentPath
	for _, tc := range []struct {
		name      string
		md        flows.Metadata
		id, doc   string
		want      flows.RegistrationPath
		why       string
		needsPrer bool
	}{
		{"given id", md, "my-client", doc, flows.PathPreRegistered, "client id given", false},
		{"given document id", md, doc, "", flows.PathCIMD, "client id given", false},
		{"CIMD fetch fails", md, "", bad.URL + "/doc", flows.PathRFC7591, "502 Bad Gateway", false},
		{"CIMD other id", md, "", bad.URL + "/other", flows.PathRFC7591, "is not its URL", false},
		{"no CIMD", noCIMD, "", doc, flows.PathRFC7591, "does not take client metadata documents", false},
		{"neither", none, "", doc, flows.PathPreRegistered, "no registration_endpoint", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ChooseRegistration(context.Background(), ts.Client(), tc.md, tc.id, tc.doc)
			if r.Path != tc.want || !strings.Contains(r.Why, tc.why) || (r.Err != nil) != tc.needsPrer {
				t.Errorf("got %s (%q, %v), want %s (%q)", r.Path, r.Why, r.Err, tc.want, tc.why)
			}
		})
	}
}

// RFC 7591 over the demo: a public client registered; a registration
// answered with 500 or an empty body fails with words that say so.
func TestChooseRegistration_RFC7591AndItsFailures(t *testing.T) {
	for _, tc := range []struct {
		fault, want string
	}{
		{"", ""},
		{string(demo.FaultRegistration500), "failed (HTTP 500) with an empty body"},
		{string(demo.FaultRegistrationEmpty), "HTTP 201 with an empty body"},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			var faults []string
			if tc.fault != "" {
				faults = []string{tc.fault}
			}
			ts, md := demoMetadata(t, faults...)
			md.ClientIDMetadataDocumentSupported = false
			r := ChooseRegistration(context.Background(), ts.Client(), md, "", "")
			if r.Path != flows.PathRFC7591 {
				t.Fatalf("path %s, want RFC 7591", r.Path)
			}
			c, _, err := Create(context.Background(), ts.Client(), r.Creation("mcp client", []string{"api:read"}, ""))
			if tc.want == "" && (err != nil || c.ClientID == "") || tc.want != "" &&
				(err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("got %q, %v; want %q", c.ClientID, err, tc.want)
			}
		})
	}
}

// A plan with a fixed redirect URI registers that one (the server matches
// it exactly); without one, the loopback URI whose port is ignored.
func TestRegistrationCreation_RedirectURI(t *testing.T) {
	for _, tc := range []struct{ fixed, want string }{
		{"http://127.0.0.1:8400/callback", "http://127.0.0.1:8400/callback"},
		{"", "http://127.0.0.1/callback"},
	} {
		md := Registration{}.Creation("c", nil, tc.fixed).Registration.Metadata
		if got, _ := md["redirect_uris"].([]string); len(got) != 1 || got[0] != tc.want {
			t.Errorf("fixed %q: registered %v, want [%s]", tc.fixed, md["redirect_uris"], tc.want)
		}
	}
}
