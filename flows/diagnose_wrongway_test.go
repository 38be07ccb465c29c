package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Issue 16 bug 6: a 404 or 405 from the token URL is the wrong URL, not a
// malformed request; an https:// URL answered in plain HTTP is the
// scheme, not a broken document.
func TestDiagnose_PointsTheRightWay(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/get-only" {
			w.Header().Set("Allow", "GET")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	for _, path := range []string{"/nope", "/get-only"} {
		r := TokenRequest{TokenURL: srv.URL + path, ClientID: "a", ClientSecret: "b", AuthMethod: AuthBasic}
		_, ex, err := RequestToken(context.Background(), srv.Client(), r)
		ds := Diagnose(err, Context{Step: StepToken, Request: &r, Exchanges: []Exchange{ex}})
		if len(ds) == 0 || ds[0].Code != CodeTokenWrongURL {
			t.Errorf("%s: got %v; want %s first", path, codesOf(ds), CodeTokenWrongURL)
		}
	}
	https := "https://" + srv.Listener.Addr().String()
	r := TokenRequest{TokenURL: https + "/token", ClientID: "a", ClientSecret: "b", AuthMethod: AuthBasic}
	_, _, err := RequestToken(context.Background(), http.DefaultClient, r)
	if ds := Diagnose(err, Context{Step: StepToken, Request: &r}); len(ds) == 0 || ds[0].Code != CodeNetworkNotTLS {
		t.Errorf("token over https to plain HTTP: got %v; want %s", codesOf(ds), CodeNetworkNotTLS)
	}
	_, _, err = Discover(context.Background(), http.DefaultClient, https, StyleAuto)
	if ds := Diagnose(err, Context{Step: StepDiscovery}); len(ds) == 0 || ds[0].Code != CodeNetworkNotTLS {
		t.Errorf("discovery over https to plain HTTP: got %v; want %s", codesOf(ds), CodeNetworkNotTLS)
	}
}

func codesOf(ds []Diagnosis) []Code {
	var out []Code
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

// Issue 16: request ids (headers, and Entra's trace_id and correlation_id
// in the body) are evidence of every error answer.
func TestDiagnose_RequestIDsAsEvidence(t *testing.T) {
	e := &OAuthError{Step: "token", StatusCode: 401, Status: "401 Unauthorized", Code: "invalid_client",
		Header: http.Header{"X-Request-Id": {"req-42"}, "Traceparent": {"00-abc-def-01"}},
		Body:   []byte(`{"error":"invalid_client","trace_id":"t-1","correlation_id":"c-2"}`)}
	ds := Diagnose(e, Context{Step: StepToken, Request: &TokenRequest{AuthMethod: AuthBasic}})
	if len(ds) == 0 {
		t.Fatal("no diagnosis")
	}
	ev := strings.Join(ds[0].Evidence, "\n")
	for _, want := range []string{"X-Request-Id: req-42", "Traceparent: 00-abc-def-01", "trace_id: t-1", "correlation_id: c-2"} {
		if !strings.Contains(ev, want) {
			t.Errorf("evidence lacks %q:\n%s", want, ev)
		}
	}
}
