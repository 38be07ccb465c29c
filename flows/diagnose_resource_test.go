package flows

import (
	"context"
	"net/http/httptest"
	"testing"
)

// A resource diagnosis comes first only where a resource can be the
// cause: a refused client (invalid_client), a refused scope or a 403
// insufficient_scope from the API are not about the resource, even when
// the API's metadata is known and no resource was sent.
func TestDiagnose_ResourceOnlyWhereItCanExplain(t *testing.T) {
	md := &ResourceMetadata{Resource: "https://api.example.com/mcp"}
	for _, tc := range []struct {
		body string
		want bool
	}{
		{`{"error":"invalid_client"}`, false},
		{`{"error":"invalid_scope"}`, false},
		{`{"error":"invalid_target"}`, true},
		{`{"error":"invalid_request"}`, true},
	} {
		ts := httptest.NewServer(answer(400, jsonCT, tc.body))
		r := TokenRequest{TokenURL: ts.URL, ClientID: "client", ClientSecret: "secret"}
		_, ex, err := RequestToken(context.Background(), ts.Client(), r)
		ts.Close()
		ds := Diagnose(err, Context{Step: StepToken, Request: &r, Exchanges: []Exchange{ex}, Resource: md})
		if got := len(ds) > 0 && ds[0].Code == CodeResourceNotSent; got != tc.want {
			t.Errorf("%s: resource_not_sent first is %v, want %v (%v)", tc.body, got, tc.want, codes(ds))
		}
	}
	for status, want := range map[int]bool{401: true, 403: false, 400: false} {
		e := &OAuthError{Step: callStep, StatusCode: status}
		switch status {
		case 403:
			e.Code = "insufficient_scope"
		case 400:
			e.Code = "invalid_request" // the API's own, not the token endpoint's
		}
		ds := Diagnose(e, Context{Step: StepCall, Request: &TokenRequest{}, Resource: md})
		if got := len(ds) > 0 && ds[0].Code == CodeResourceNotSent; got != want {
			t.Errorf("API %d: resource_not_sent first is %v, want %v (%v)", status, got, want, codes(ds))
		}
	}
}
