package walk

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// The demo takes a client id that is the URL of its client metadata
// document (CIMD): it fetches the document and runs the authorization code
// grant for that public client; the walk names the path.
func TestCIMD_AuthorizationCodeWithADocumentClientID(t *testing.T) {
	ts := httptest.NewServer(demo.New(demo.Config{}).Handler())
	defer ts.Close()
	id := ts.URL + demo.ClientMetadataDocumentPath
	pl := Plan{Issuer: ts.URL, GrantPlan: GrantPlan{Name: "authorization_code"},
		Token: flows.TokenRequest{ClientID: id, AuthMethod: flows.AuthNone, Scopes: []string{"openid", "api:read"}}}
	run := runAuthCodePlan(t, ts, &pl, AuthCodeOptions{}, "approve")
	if run.err != nil {
		t.Fatal(run.err)
	}
	if run.res.Token.AccessToken == "" {
		t.Fatal("no access token")
	}
	if !run.start.Discovery.Metadata.ClientIDMetadataDocumentSupported {
		t.Error("the demo's metadata does not say client_id_metadata_document_supported")
	}
	if got := pl.RegistrationPath(false); got != flows.PathCIMD {
		t.Errorf("registration path %q", got)
	}
	// a client id naming no document is refused at the authorization endpoint
	bad := Plan{Issuer: ts.URL, Token: flows.TokenRequest{ClientID: ts.URL + "/nothing-here.json",
		AuthMethod: flows.AuthNone}}
	st, err := StartAuthCode(t.Context(), ts.Client(), &bad, AuthCodeOptions{RedirectURI: "http://127.0.0.1:1/cb"},
		Guards{})
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(st.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown document client: HTTP %d, want 400", resp.StatusCode)
	}
}
