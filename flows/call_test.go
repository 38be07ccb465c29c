package flows

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func TestAuthorizationValue(t *testing.T) {
	tests := []struct{ typ, want string }{
		{"Bearer", "Bearer tok"},
		{"bearer", "Bearer tok"},
		{"BEARER", "Bearer tok"},
		{"", "Bearer tok"},
		// RFC 6749 §7.1: the type says how to use the token, so a DPoP
		// (RFC 9449 §7.1) or MAC token is sent with its own scheme.
		{"DPoP", "DPoP tok"},
		{"mac", "mac tok"},
	}
	for _, tt := range tests {
		if got := AuthorizationValue(Token{AccessToken: "tok", TokenType: tt.typ}); got != tt.want {
			t.Errorf("AuthorizationValue(type %q): got %q, want %q", tt.typ, got, tt.want)
		}
	}
}

func TestCall_SendsTokenAndHeaders(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		want := map[string]string{
			"Authorization": "Bearer at-1",
			"X-Api-Key":     "key-123456",
			"Accept":        "application/json, */*;q=0.5",
			"Content-Type":  "application/json",
		}
		for k, v := range want {
			if got := r.Header.Get(k); got != v {
				t.Errorf("%s: got %q, want %q", k, got, v)
			}
		}
		if r.Method != http.MethodPost || r.URL.Path != "/apps/organizations" {
			t.Errorf("request: got %s %s, want POST /apps/organizations", r.Method, r.URL.Path)
		}
		if b, _ := io.ReadAll(r.Body); string(b) != `{"q":1}` {
			t.Errorf("body: got %q, want %q", b, `{"q":1}`)
		}
		flowReply(w, http.StatusOK, "application/json", `{"organizations":[]}`)
	})
	hdr := http.Header{"X-Api-Key": {"key-123456"}, "Content-Type": {"application/json"}}
	res, exs, err := Call(
		context.Background(),
		srv.Client(),
		CallRequest{Method: http.MethodPost, URL: srv.URL + "/apps/organizations",
			Header: hdr, Body: []byte(`{"q":1}`)},
		Token{AccessToken: "at-1", TokenType: "bearer"},
		nil,
	)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || string(res.Body) != `{"organizations":[]}` || res.Retried ||
		res.Token.AccessToken != "at-1" {
		t.Errorf("result: got %+v", res)
	}
	if len(exs) != 1 || exs[0].Label != "call" {
		t.Errorf("exchanges: got %d, want one labelled call", len(exs))
	}
	if hdr.Get("Authorization") != "" {
		t.Error("Call changed the caller's header map")
	}
}

func TestCall_DefaultsToGETAndKeepsAccept(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Accept") != "text/csv" {
			t.Errorf("got %s with Accept %q, want GET with %q", r.Method, r.Header.Get("Accept"), "text/csv")
		}
	})
	if _, _, err := Call(context.Background(), srv.Client(), CallRequest{URL: srv.URL, Header: http.Header{"Accept": {"text/csv"}}},
		Token{AccessToken: "t"}, nil); err != nil {
		t.Fatal(err)
	}
}

// reacquireAPI is a protected API that accepts only the token "new", and a
// token endpoint at /token that issues it.
func reacquireAPI(t *testing.T, apiStatus int, tokenAnswer string) (url string, calls *atomic.Int32) {
	calls = &atomic.Int32{}
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			if tokenAnswer == "" {
				flowReply(
					w,
					http.StatusUnauthorized,
					"application/json",
					`{"error":"invalid_client","error_description":"secret rotated"}`,
				)
				return
			}
			flowReply(w, http.StatusOK, "application/json", tokenAnswer)
			return
		}
		calls.Add(1)
		if r.Header.Get("Authorization") != "Bearer new" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="expired"`)
			flowReply(w, apiStatus, "", "")
			return
		}
		flowReply(w, http.StatusOK, "application/json", `{"me":"client-1"}`)
	})
	return srv.URL, calls
}

func tokenReacquirer(hc *http.Client, tokenURL string) Reacquirer {
	return func(ctx context.Context) (Token, Exchange, error) {
		return RequestToken(ctx, hc, TokenRequest{TokenURL: tokenURL, ClientID: "c1", ClientSecret: leakSecret})
	}
}

func TestCall_ReacquiresOnceAndRetries(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			base, calls := reacquireAPI(t, status, `{"access_token":"new","token_type":"bearer","expires_in":60}`)
			res, exs, err := Call(context.Background(), nil, CallRequest{URL: base + "/api/v5/me"},
				Token{AccessToken: "old", TokenType: "Bearer"}, tokenReacquirer(nil, base+"/token"))
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if !res.Retried || res.Status != 200 || res.Token.AccessToken != "new" ||
				string(res.Body) != `{"me":"client-1"}` {
				t.Errorf("result: got %+v", res)
			}
			var labels []string
			for _, ex := range exs {
				labels = append(labels, ex.Label)
			}
			if want := []string{"call", "token", "call (retry)"}; !slices.Equal(labels, want) {
				t.Fatalf("exchanges: got %q, want %q", labels, want)
			}
			if exs[0].Status != status || exs[2].Status != 200 {
				t.Errorf("statuses: got %d then %d, want %d then 200", exs[0].Status, exs[2].Status, status)
			}
			if got := fieldValues(exs[2].RequestHeader, "Authorization"); !slices.Equal(got, []string{"Bearer new"}) {
				t.Errorf("retry Authorization: got %q, want %q", got, []string{"Bearer new"})
			}
			if got := fieldValues(exs[0].RequestHeader, "Authorization"); !slices.Equal(got, []string{"Bearer old"}) {
				t.Errorf("first Authorization: got %q, want %q", got, []string{"Bearer old"})
			}
			if raw := exs[2].Raw(false); strings.Contains(raw, "Bearer new") {
				t.Errorf("retry Raw(false) shows the new token:\n%s", raw)
			}
			if n := calls.Load(); n != 2 {
				t.Errorf("API calls: got %d, want 2", n)
			}
		})
	}
}

func TestCall_NoReacquire(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		reacquireOn []int
	}{
		{"empty ReacquireOn", http.StatusUnauthorized, []int{}},
		{"status not listed", http.StatusUnauthorized, []int{http.StatusForbidden}},
		{"500 with the defaults", http.StatusInternalServerError, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, calls := reacquireAPI(t, tt.status, `{"access_token":"new"}`)
			var reacquired atomic.Bool
			re := func(ctx context.Context) (Token, Exchange, error) {
				reacquired.Store(true)
				return Token{}, Exchange{}, errors.New("not expected")
			}
			res, exs, err := Call(
				context.Background(),
				nil,
				CallRequest{URL: base + "/api", ReacquireOn: tt.reacquireOn},
				Token{AccessToken: "old"},
				re,
			)
			var oe *OAuthError
			if !errors.As(err, &oe) || oe.StatusCode != tt.status || oe.Step != "API call" {
				t.Fatalf("error: got %v (%T), want *OAuthError with %d", err, err, tt.status)
			}
			if reacquired.Load() || res.Retried || len(exs) != 1 || calls.Load() != 1 {
				t.Errorf(
					"reacquired %v, Retried %v, %d exchanges, %d calls; want no retry",
					reacquired.Load(),
					res.Retried,
					len(exs),
					calls.Load(),
				)
			}
		})
	}
}

func TestCall_ReacquireFails(t *testing.T) {
	base, calls := reacquireAPI(t, http.StatusUnauthorized, "")
	res, exs, err := Call(
		context.Background(),
		nil,
		CallRequest{URL: base + "/api"},
		Token{AccessToken: "old"},
		tokenReacquirer(nil, base+"/token"),
	)
	var oe *OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_client" || oe.Step != "token" {
		t.Fatalf("error: got %v, want one wrapping the token endpoint's invalid_client", err)
	}
	if !strings.Contains(err.Error(), "401 Unauthorized") || !strings.Contains(err.Error(), "secret rotated") {
		t.Errorf("Error(): got %q, want the API status and the token error", err.Error())
	}
	if len(exs) != 2 || exs[1].Label != "token" || res.Status != http.StatusUnauthorized || res.Retried ||
		calls.Load() != 1 {
		t.Errorf("got %d exchanges, result %+v, %d calls", len(exs), res, calls.Load())
	}
}

func TestCall_InsufficientScope(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().
			Set("WWW-Authenticate", `Bearer realm="api", error="insufficient_scope", error_description="needs catalog:write", scope="catalog:read catalog:write"`)
		flowReply(w, http.StatusForbidden, "application/json", `{"message":"forbidden"}`)
	})
	res, _, err := Call(
		context.Background(),
		srv.Client(),
		CallRequest{URL: srv.URL},
		Token{AccessToken: "t", TokenType: "Bearer"},
		nil,
	)
	var oe *OAuthError
	if !errors.As(err, &oe) {
		t.Fatalf("error: got %v (%T), want *OAuthError", err, err)
	}
	if oe.Code != "insufficient_scope" || oe.Description != "needs catalog:write" || oe.StatusCode != 403 ||
		string(oe.Body) != `{"message":"forbidden"}` {
		t.Errorf("got %+v", oe)
	}
	c, ok := BearerChallenge(res.Challenges)
	if !ok || c.Params["scope"] != "catalog:read catalog:write" || c.Params["realm"] != "api" {
		t.Errorf("challenges: got %+v", res.Challenges)
	}
}

func TestCall_ErrorStatuses(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		wantErr                 bool
		code                    string
	}{
		{
			"OAuth error in the body",
			"application/json",
			`{"error":"invalid_request","error_description":"bad id"}`,
			400,
			true,
			"invalid_request",
		},
		{"plain 404", "text/plain", "not found", 404, true, ""},
		{"redirect is not an error", "", "", 302, false, ""},
		{"204", "", "", 204, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.status == 302 {
					w.Header().Set("Location", "/login")
				}
				flowReply(w, tt.status, tt.contentType, tt.body)
			})
			res, _, err := Call(
				context.Background(),
				srv.Client(),
				CallRequest{URL: srv.URL},
				Token{AccessToken: "t"},
				nil,
			)
			var oe *OAuthError
			if got := errors.As(err, &oe); got != tt.wantErr {
				t.Fatalf("error: got %v, want an *OAuthError: %v", err, tt.wantErr)
			}
			if res.Status != tt.status || (oe != nil && oe.Code != tt.code) {
				t.Errorf("got status %d, error %v; want %d, code %q", res.Status, err, tt.status, tt.code)
			}
		})
	}
}

func TestCall_TransportError(t *testing.T) {
	res, exs, err := Call(
		context.Background(),
		nil,
		CallRequest{URL: refusedURL(t)},
		Token{AccessToken: "at-123456"},
		nil,
	)
	if err == nil || len(exs) != 1 || exs[0].Err == "" || res.Token.AccessToken != "at-123456" {
		t.Errorf("got %v, %d exchanges, result %+v", err, len(exs), res)
	}
}

func TestCall_SecretHeadersMasked(t *testing.T) {
	const token, apiKey, tenantKey = "at-5e3f1a2b9c", "key-7d6c5b4a", "tk-0f9e8d7c"
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != apiKey || r.Header.Get("X-Tenant-Key") != tenantKey {
			t.Errorf("headers: got %v", r.Header)
		}
		w.Header().Set("X-Echo", "key was "+apiKey)
		flowReply(w, http.StatusOK, "application/json", `{"tenant":"`+tenantKey+`"}`)
	})
	_, exs, err := Call(context.Background(), srv.Client(), CallRequest{URL: srv.URL + "/apps",
		Header:        http.Header{"X-Api-Key": {apiKey}, "X-Tenant-Key": {tenantKey}, "X-Request-Id": {"r-1"}},
		SecretHeaders: []string{"X-Api-Key", "x-tenant-key"}}, Token{AccessToken: token, TokenType: "Bearer"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ex := exs[0]
	for name, out := range map[string]string{"RawRequest": ex.RawRequest(false), "Raw": ex.Raw(false), "Curl": ex.Curl(false)} {
		for _, secret := range []string{token, apiKey, tenantKey} {
			if strings.Contains(out, secret) {
				t.Errorf("%s(false) leaks %q:\n%s", name, secret, out)
			}
		}
		if !strings.Contains(out, "r-1") {
			t.Errorf("%s(false) hides the non-secret X-Request-Id:\n%s", name, out)
		}
	}
	curl := ex.Curl(false)
	for _, want := range []string{`'Authorization: Bearer '"$ACCESS_TOKEN"`, `'X-Api-Key: '"$X_API_KEY"`, `'X-Tenant-Key: '"$X_TENANT_KEY"`} {
		if !strings.Contains(curl, want) {
			t.Errorf("Curl(false): got %s, want it to contain %s", curl, want)
		}
	}
	if raw := ex.RawRequest(false); !strings.Contains(raw, "X-Tenant-Key: "+Mask) ||
		!strings.Contains(raw, "Authorization: Bearer "+Mask) {
		t.Errorf("RawRequest(false): got\n%s", raw)
	}
	if raw := ex.Raw(true); !strings.Contains(raw, token) || !strings.Contains(raw, tenantKey) {
		t.Errorf("Raw(true): got\n%s, want the secrets shown", raw)
	}
}

// A 403 with error="insufficient_scope" for a token from a grant with a
// person is not re-acquired: the re-acquire is a refresh, which cannot
// widen the scope (RFC 6749 §6); the diagnosis offers step-up instead.
// Before, it cost a refresh and a retry first.
func TestCall_NoReacquireForInsufficientScope(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="api:write"`)
		w.WriteHeader(http.StatusForbidden)
	}))
	defer ts.Close()
	called := 0
	again := func(context.Context) (Token, Exchange, error) {
		called++
		return Token{AccessToken: "new", TokenType: "Bearer"}, Exchange{}, nil
	}
	res, exs, err := Call(context.Background(), ts.Client(), CallRequest{URL: ts.URL, ScopeNeedsGrant: true},
		Token{AccessToken: "old", TokenType: "Bearer"}, again)
	if called != 0 || res.Retried || len(exs) != 1 || err == nil {
		t.Errorf("re-acquired %d times, retried %v, %d exchanges, err %v", called, res.Retried, len(exs), err)
	}
	// A client credentials token is re-acquired: a permission granted since
	// shows in a new one (the interop suite's call does this).
	if res, _, _ := Call(context.Background(), ts.Client(), CallRequest{URL: ts.URL},
		Token{AccessToken: "old", TokenType: "Bearer"}, again); called != 1 || !res.Retried {
		t.Errorf("without ScopeNeedsGrant: re-acquired %d times, retried %v", called, res.Retried)
	}
}
