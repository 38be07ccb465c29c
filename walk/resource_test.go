package walk

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// diagnoseAcquire gets a token for pl from ts and diagnoses the failure
// with the resource metadata FindResource found.
func diagnoseAcquire(t *testing.T, ts *httptest.Server, pl Plan) ([]flows.Diagnosis, Resource) {
	t.Helper()
	res, err := Acquire(context.Background(), ts.Client(), &pl, Guards{})
	if err == nil {
		t.Fatal("the demo's resource-strict fault gave a token")
	}
	r := FindResource(context.Background(), ts.Client(), pl, res.Exchanges)
	return flows.Diagnose(err, flows.Context{Step: flows.StepToken, Request: &pl.Token, Exchanges: res.Exchanges,
		Resource: r.Metadata}), r
}

// The demo's resource-strict fault (the token endpoint wants resource
// exactly as the API's metadata says): the walk finds the metadata from the
// API URL (or from the resource sent) and the diagnosis names the mistake.
func TestFindResource_DiagnosesDemoResourceFaults(t *testing.T) {
	ts := httptest.NewServer(demo.New(demo.Config{Faults: []string{string(demo.FaultResourceStrict)}}).Handler())
	defer ts.Close()
	base := Plan{Issuer: ts.URL, Token: flows.TokenRequest{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret}}
	for _, tc := range []struct {
		name     string
		api      string
		resource []string
		want     flows.Code
	}{
		{"not sent, API URL", ts.URL + "/api/me", nil, flows.CodeResourceNotSent},
		{"trailing slash, API URL", ts.URL + "/api/me", []string{ts.URL + "/api/"}, flows.CodeResourceTrailingSlash},
		{"trailing slash, no API URL", "", []string{ts.URL + "/api/"}, flows.CodeResourceTrailingSlash},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := base
			pl.API.URL, pl.Token.Resource = tc.api, tc.resource
			ds, r := diagnoseAcquire(t, ts, pl)
			if r.Metadata == nil || r.Metadata.Resource != ts.URL+"/api" {
				t.Fatalf("metadata %+v (%v), want resource %s/api", r.Metadata, r.Err, ts.URL)
			}
			if len(ds) == 0 || ds[0].Code != tc.want {
				t.Errorf("diagnoses %v, want %s first", ds, tc.want)
			}
		})
	}
}

// A plan with no API URL and no resource sends nothing.
func TestFindResource_NothingToLookUp(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("sent %s %s", r.Method, r.URL)
	}))
	defer ts.Close()
	if r := FindResource(context.Background(), ts.Client(), Plan{Issuer: ts.URL}, nil); len(r.Exchanges) > 0 {
		t.Errorf("exchanges %v", r.Exchanges)
	}
}

// An API whose challenge points at metadata naming another resource: the
// document is not used (RFC 9728 §3.3), so no resource diagnosis rests on it.
func TestFindResource_ChallengeNamingAnotherResource(t *testing.T) {
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/md" {
			_, _ = w.Write([]byte(`{"resource":"https://other.example/api","authorization_servers":["x"]}`))
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="`+ts.URL+`/md"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer ts.Close()
	call, _ := flows.Send(context.Background(), ts.Client(), flows.Request{Method: "GET", URL: ts.URL + "/api"})
	r := FindResource(context.Background(), ts.Client(), Plan{}, []flows.Exchange{call})
	if r.Metadata != nil || r.Err == nil || r.URL != ts.URL+"/md" || r.Via != "WWW-Authenticate resource_metadata" {
		t.Errorf("got %+v, want the document refused", r)
	}
}
