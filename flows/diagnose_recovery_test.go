package flows

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// resourceFailure asks an httptest token endpoint that refuses the resource
// and diagnoses the answer knowing the API's metadata resource.
func resourceFailure(t *testing.T, metaResource string, sent []string) []Diagnosis {
	t.Helper()
	ts := httptest.NewServer(answer(400, jsonCT, `{"error":"invalid_target"}`))
	defer ts.Close()
	r := TokenRequest{TokenURL: ts.URL, ClientID: "client", ClientSecret: "secret", Resource: sent}
	_, ex, err := RequestToken(context.Background(), ts.Client(), r)
	if err == nil {
		t.Fatal("the token request succeeded")
	}
	return Diagnose(err, Context{Step: StepToken, Request: &r, Exchanges: []Exchange{ex},
		Resource: &ResourceMetadata{Resource: metaResource}})
}

func TestDiagnose_ResourceTrailingSlashAndNotSent(t *testing.T) {
	ds := resourceFailure(t, "https://api.example.com/mcp", []string{"https://api.example.com/mcp/"})
	if ds[0].Code != CodeResourceTrailingSlash ||
		!strings.Contains(ds[0].Fixes[0].Text, "https://api.example.com/mcp") {
		t.Errorf("trailing slash: got %v", codes(ds))
	}
	ds = resourceFailure(t, "https://api.example.com/mcp", nil)
	if ds[0].Code != CodeResourceNotSent {
		t.Errorf("not sent: got %v", codes(ds))
	}
	ds = resourceFailure(t, "https://api.example.com/mcp", []string{"https://api.example.com/mcp"})
	if _, ok := findDiagnosis(ds, string(CodeResourceTrailingSlash)); ok || ds[0].Code == CodeResourceNotSent {
		t.Errorf("exact resource: got %v", codes(ds))
	}
}

func TestDiagnose_InvalidGrantForAStaleClient(t *testing.T) {
	h := answer(400, jsonCT, `{"error":"invalid_grant","error_description":"unknown client 'c-123'"}`)
	ds := tokenFailure(t, h, TokenRequest{ClientID: "c-123"}, nil)
	if ds[0].Code != CodeTokenStaleClient || !strings.Contains(ds[0].Fixes[0].Text, "register the client again") {
		t.Errorf("got %v", codes(ds))
	}
	h = answer(400, jsonCT, `{"error":"invalid_grant","error_description":"the code expired"}`)
	if ds := tokenFailure(t, h, TokenRequest{}, nil); ds[0].Code == CodeTokenStaleClient {
		t.Errorf("an expired code was called a stale client")
	}
}

func TestRegister_ServerErrorAndEmptyBody(t *testing.T) {
	for _, c := range []struct {
		status     int
		body, want string
	}{
		{500, "", "failed (HTTP 500) with an empty body"},
		{503, `{"error":"temporarily_unavailable"}`, "a server error, not your client metadata"},
		{201, "", "HTTP 201 with an empty body"},
		{201, "  \n", "HTTP 201 with an empty body"},
	} {
		ts := regServer(t, c.status, c.body, nil)
		_, _, err := Register(context.Background(), nil, RegistrationRequest{Endpoint: ts.URL, ClientName: "x"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d %q: got %v, want %q", c.status, c.body, err, c.want)
		}
		var ce *CreationError
		if c.status >= 500 && !errors.As(err, &ce) {
			t.Errorf("%d: got %T, want a *CreationError", c.status, err)
		}
	}
	_ = http.StatusOK
}
