package flows

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
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

// The resource diagnoses carry the fix that sends the metadata's resource
// exactly (FixResource, its --json action "resource=URI"); a resource the
// metadata gives that cannot be sent (not an absolute URI, a fragment, a
// space or an escape sequence) gets advice only, shown sanitised.
func TestDiagnose_ResourceFix(t *testing.T) {
	const api = "https://api.example.com/mcp"
	for _, tc := range []struct {
		name, want string
		sent       []string
		code       Code
		text       string
	}{
		{"not sent", api, nil, CodeResourceNotSent, "send resource=" + api},
		{"trailing slash", api, []string{api + "/"}, CodeResourceTrailingSlash,
			"send the resource exactly as the API's metadata says it: " + api},
		{"the metadata's slash", api + "/", []string{api}, CodeResourceTrailingSlash,
			"send the resource exactly as the API's metadata says it: " + api + "/"},
		{"a urn", "urn:example:api", nil, CodeResourceNotSent, "send resource=urn:example:api"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := resourceDiagnosis(t, tc.want, tc.sent, tc.code)
			f := d.Fixes[0]
			if f.Kind != FixResource || f.Value != tc.want || f.Text != tc.text {
				t.Errorf("fix %+v, want kind resource, value %q, text %q", f, tc.want, tc.text)
			}
			b, err := json.Marshal(f)
			if err != nil || string(b) != `{"text":"`+tc.text+`","action":"resource=`+tc.want+`"}` {
				t.Errorf("--json %s (%v)", b, err)
			}
		})
	}
	for _, bad := range []string{"/mcp", "api.example.com/mcp", api + "#frag", "https://api.example.com/a b",
		api + "\x1b[31m", "https:", ""} {
		sent := []string{}
		if bad != "" {
			sent = []string{bad + "/"}
		}
		ds := resourceDiagnoses(Context{Resource: &ResourceMetadata{Resource: bad},
			Request: &TokenRequest{Resource: sent}})
		for _, d := range ds {
			for _, f := range d.Fixes {
				if f.Kind != FixNone || strings.Contains(f.Text, "\x1b") {
					t.Errorf("resource %q: fix %+v offered", bad, f)
				}
			}
		}
		if bad == api+"#frag" && (len(ds) == 0 || !strings.Contains(ds[0].Fixes[0].Text, "fragment")) {
			t.Errorf("resource %q: the advice does not say why: %+v", bad, ds)
		}
	}
}

// resourceDiagnosis is the diagnosis code of a request sending sent when
// the API's metadata names want.
func resourceDiagnosis(t *testing.T, want string, sent []string, code Code) Diagnosis {
	t.Helper()
	ds := resourceDiagnoses(Context{Resource: &ResourceMetadata{Resource: want},
		Request: &TokenRequest{Resource: sent}})
	if len(ds) != 1 || ds[0].Code != code || len(ds[0].Fixes) != 1 {
		t.Fatalf("diagnoses %+v, want one %s with one fix", ds, code)
	}
	return ds[0]
}

func TestCheckResourceIndicator(t *testing.T) {
	for s, ok := range map[string]bool{
		"https://api.example.com/mcp": true, "https://api.example.com/": true, "urn:example:api": true,
		"https://api.example.com/v1?x=1": true, "https://api.example.com/%7Euser": true,
		"": false, "/mcp": false, "api.example.com": false, "https:": false, "https://a/#": false,
		"https://a/b#c": false, "https://a/b c": false, "https://a/\x1b[2J": false, "https://ä.example/": false,
		" https://a/": false, "https://a/\"": false,
	} {
		if err := CheckResourceIndicator(s); (err == nil) != ok {
			t.Errorf("%q: err %v, want ok %v", s, err, ok)
		}
	}
}
