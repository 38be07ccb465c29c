package walk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// From the demo's API URL alone: its resource metadata, its authorization
// server, CIMD with the demo's document, and the overrides of the walk.
func TestStartFromAPI_Demo(t *testing.T) {
	ts := httptest.NewServer(demo.New(demo.Config{}).Handler())
	defer ts.Close()
	doc := ts.URL + demo.ClientMetadataDocumentPath
	a, err := StartFromAPI(context.Background(), ts.Client(), ts.URL+"/api/me",
		APIOptions{Documents: map[string]string{ts.URL: doc}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Server != ts.URL || a.Discovery == nil || a.Resource.Metadata.Resource != ts.URL+"/api" {
		t.Fatalf("got server %q, resource %q", a.Server, a.Resource.Metadata.Resource)
	}
	if a.Registration.Path != flows.PathCIMD || a.Registration.ClientID != doc {
		t.Errorf("registration %+v", a.Registration)
	}
	ov := a.Overrides(ts.URL + "/api/me")
	if ov.Issuer != ts.URL || !slices.Equal(ov.Resource, []string{ts.URL + "/api"}) || ov.Auth != "none" ||
		ov.Grant != "authorization_code" || ov.Scope != strings.Join(demo.DefaultScopes, " ") {
		t.Errorf("overrides %+v", ov)
	}
	if _, err := StartFromAPI(context.Background(), ts.Client(), ts.URL+"/api/me", APIOptions{Pick: 1}); err == nil {
		t.Error("a second authorization server that is not there was picked")
	}
}

// APIs that lie about their metadata: a resource naming another API, a
// 2 MiB document, an HTML page, a fetch that stalls until esc.
func TestStartFromAPI_LyingServers(t *testing.T) {
	stall := make(chan struct{})
	defer close(stall)
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		md := ts.URL + "/.well-known/oauth-protected-resource" + r.URL.Path
		switch {
		case strings.HasPrefix(r.URL.Path, "/.well-known/oauth-protected-resource/other"):
			_, _ = w.Write([]byte(`{"resource":"https://evil.example/api","authorization_servers":["https://as"]}`))
		case strings.HasPrefix(r.URL.Path, "/.well-known/oauth-protected-resource/big"):
			_, _ = w.Write([]byte(`{"resource":"` + strings.Repeat("a", 2<<20) + `"}`))
		case strings.HasPrefix(r.URL.Path, "/.well-known/oauth-protected-resource/html"):
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>sign in</html>"))
		case strings.HasPrefix(r.URL.Path, "/.well-known/oauth-protected-resource/stall"):
			select {
			case <-stall:
			case <-r.Context().Done():
			}
		default:
			w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="`+md+`"`)
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer ts.Close()
	for path, want := range map[string]string{"/other": "does not name the API", "/big": "too large",
		"/html": "not a JSON document"} {
		a, err := StartFromAPI(context.Background(), ts.Client(), ts.URL+path, APIOptions{})
		var ae *APIError
		if !errors.As(err, &ae) || ae.Step != StepResource || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", path, err, want)
		}
		if a.Server != "" || len(a.Exchanges) != 2 {
			t.Errorf("%s: went on to server %q after %d exchanges", path, a.Server, len(a.Exchanges))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel) // esc
	if _, err := StartFromAPI(ctx, ts.Client(), ts.URL+"/stall", APIOptions{}); !errors.Is(err, context.Canceled) &&
		(err == nil || !strings.Contains(err.Error(), "cancel")) {
		t.Errorf("a cancelled lookup ended with %v", err)
	}
}

// No document is guessed: without one offered, a server that takes CIMD is
// not sent a request at a path of the demo's, and RFC 7591 is chosen.
func TestStartFromAPI_NoDocumentGuessed(t *testing.T) {
	var asked []string
	d := demo.New(demo.Config{}).Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Path)
		d.ServeHTTP(w, r)
	}))
	defer ts.Close()
	a, err := StartFromAPI(context.Background(), ts.Client(), ts.URL+"/api/me", APIOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Registration.Path != flows.PathRFC7591 || slices.Contains(asked, demo.ClientMetadataDocumentPath) {
		t.Errorf("registration %+v after asking %v", a.Registration, asked)
	}
}
