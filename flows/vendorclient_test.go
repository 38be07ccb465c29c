package flows

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// adminAPI is a WorkfloPlus-style client-creation endpoint for tests: it
// wants "Bearer Admin-Token-1" and answers body.
func adminAPI(t *testing.T, body string, seen func(r *http.Request, body string)) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if seen != nil {
			seen(r, string(b))
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.Header.Get("Authorization") {
		case "Bearer Admin-Token-1":
			io.WriteString(w, body)
		case "Bearer User-Token-2":
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"not an owner"}`)
		default:
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_token"}`)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

const wfpAnswer = `{"client":{"clientId":"abc-123","name":"sched"},"newSecret":"One-Time-Secret-9"}`

func vendorReq(url, token string) VendorClientRequest {
	return VendorClientRequest{URL: url, AdminToken: token,
		Header:        http.Header{"X-Tenant-Key": {"Tenant-Key-7"}, "X-Trace": {"t1"}},
		SecretHeaders: []string{"X-Tenant-Key"},
		Body:          []byte(`{"name": "sched", "scopes": ["a"], "permissions": ["admin"]}`),
		ClientIDPath:  "client.clientId", ClientSecretPath: "newSecret"}
}

func TestCreateVendorClient_WorkfloPlusShape(t *testing.T) {
	var req *http.Request
	var body string
	ts := adminAPI(t, wfpAnswer, func(r *http.Request, b string) { req, body = r, b })
	vc, ex, err := CreateVendorClient(context.Background(), nil, vendorReq(ts.URL+"/api/client/", "Admin-Token-1"))
	if err != nil {
		t.Fatal(err)
	}
	if vc.ClientID != "abc-123" || vc.ClientSecret != "One-Time-Secret-9" || vc.Fields["client"] == nil {
		t.Errorf("got %+v", vc)
	}
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" ||
		req.Header.Get("X-Tenant-Key") != "Tenant-Key-7" || !strings.Contains(body, `"permissions": ["admin"]`) {
		t.Errorf("got %s %v %s", req.Method, req.Header, body)
	}
	shown := ex.Raw(false) + ex.Curl(false)
	for _, s := range []string{"Admin-Token-1", "One-Time-Secret-9", "Tenant-Key-7"} {
		if strings.Contains(shown, s) {
			t.Errorf("the masked exchange shows %q:\n%s", s, shown)
		}
	}
	if !strings.Contains(shown, "t1") {
		t.Errorf("an ordinary header is masked:\n%s", shown)
	}
}

func TestCreateVendorClient_OtherPaths(t *testing.T) {
	ts := adminAPI(t, `{"id":42,"secrets":[{"value":"S-1"}]}`, nil)
	r := vendorReq(ts.URL, "Admin-Token-1")
	r.ClientIDPath, r.ClientSecretPath, r.Method = "id", "secrets.0.value", "put"
	vc, ex, err := CreateVendorClient(context.Background(), nil, r)
	if err != nil || vc.ClientID != "42" || vc.ClientSecret != "S-1" || ex.Method != http.MethodPut {
		t.Fatalf("got %+v, %s, %v", vc, ex.Method, err)
	}
}

func TestCreateVendorClient_AdminTokenRefused(t *testing.T) {
	ts := adminAPI(t, wfpAnswer, nil)
	cases := []struct {
		token  string
		status int
		hint   string
	}{
		{"", 401, "no admin token was sent"},
		{"Wrong-Token", 401, "wrong or expired"},
		{"User-Token-2", 403, "may not create clients"},
	}
	for _, c := range cases {
		_, ex, err := CreateVendorClient(context.Background(), nil, vendorReq(ts.URL, c.token))
		var ce *CreationError
		var oe *OAuthError
		if !errors.As(err, &ce) || !errors.As(err, &oe) || !ce.NeedsToken || oe.StatusCode != c.status {
			t.Fatalf("token %q: got %T %v, want a *CreationError with status %d", c.token, err, err, c.status)
		}
		if !strings.Contains(err.Error(), c.hint) || !strings.Contains(err.Error(), "client creation failed") {
			t.Errorf("token %q: got %q, want it to say %q", c.token, err, c.hint)
		}
		if c.token != "" && strings.Contains(ex.Raw(false)+err.Error(), c.token) {
			t.Errorf("token %q is shown", c.token)
		}
	}
}

func TestCreateVendorClient_AnswerWithoutThePaths(t *testing.T) {
	ts := adminAPI(t, `{"client":{"clientId":"abc-123"},"secret":"Hidden-Secret-5"}`, nil)
	vc, _, err := CreateVendorClient(context.Background(), nil, vendorReq(ts.URL, "Admin-Token-1"))
	var pe *PathError
	if !errors.As(err, &pe) || pe.Field != "client_secret_path" || pe.Path != "newSecret" {
		t.Fatalf("got %v, want a *PathError for client_secret_path", err)
	}
	if vc.ClientID != "abc-123" {
		t.Errorf("got id %q, want it found all the same", vc.ClientID)
	}
	msg := err.Error()
	for _, want := range []string{"no newSecret", "client, secret", "probably created"} {
		if !strings.Contains(msg, want) {
			t.Errorf("got %q, want it to say %q", msg, want)
		}
	}
	if strings.Contains(msg, "Hidden-Secret-5") {
		t.Errorf("the error shows a value from the answer: %q", msg)
	}
	ts2 := adminAPI(t, `{"client":{},"newSecret":"Found-Secret-6"}`, nil)
	vc, _, err = CreateVendorClient(context.Background(), nil, vendorReq(ts2.URL, "Admin-Token-1"))
	if !errors.As(err, &pe) || pe.Field != "client_id_path" || vc.ClientSecret != "Found-Secret-6" {
		t.Errorf("no id: got %+v, %v; want the secret kept and a client_id_path error", vc, err)
	}
	ts3 := adminAPI(t, `ok`, nil)
	if _, _, err = CreateVendorClient(context.Background(), nil, vendorReq(ts3.URL, "Admin-Token-1")); !errors.As(
		err,
		&pe,
	) {
		t.Errorf("not JSON: got %v, want a *PathError", err)
	}
}

func TestCreateVendorClient_ConfigErrors(t *testing.T) {
	good := vendorReq("https://example.com/api/client/", "t")
	bad := []func(*VendorClientRequest){
		func(r *VendorClientRequest) { r.URL = "" },
		func(r *VendorClientRequest) { r.ClientIDPath = "" },
		func(r *VendorClientRequest) { r.ClientSecretPath = "" },
		func(r *VendorClientRequest) { r.Body = []byte("{") },
	}
	for i, f := range bad {
		r := good
		f(&r)
		var ce *ConfigError
		if _, _, err := CreateVendorClient(context.Background(), nil, r); !errors.As(err, &ce) {
			t.Errorf("case %d: got %v, want a *ConfigError", i, err)
		}
	}
}
