package flows

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// tokenEndpoint is an RFC 6749 §4.4 token endpoint for tests: it checks
// the parts of the request every client credentials grant must have, then
// hands over to check (which may answer itself) or answers with a token.
func tokenEndpoint(t *testing.T, check func(w http.ResponseWriter, r *http.Request) bool) *httptest.Server {
	t.Helper()
	return startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			t.Errorf("method: got %q, want POST", r.Method)
		}
		if got := r.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type: got %q, want %q", got, "application/x-www-form-urlencoded")
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept: got %q, want %q", got, "application/json")
		}
		if err := r.ParseForm(); err != nil {
			t.Errorf("ParseForm: %v", err)
		}
		if got := r.PostForm.Get("grant_type"); got != "client_credentials" {
			t.Errorf("grant_type: got %q, want %q", got, "client_credentials")
		}
		if check != nil && check(w, r) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-1","token_type":"Bearer","expires_in":3600}`)
	})
}

// decodeBasic decodes client_secret_basic as RFC 6749 §2.3.1 says a
// server must: base64, then form-urlencoding of each part.
func decodeBasic(t *testing.T, r *http.Request) (id, secret string, ok bool) {
	t.Helper()
	rawID, rawSecret, ok := r.BasicAuth()
	if !ok {
		return "", "", false
	}
	id, err1 := url.QueryUnescape(rawID)
	secret, err2 := url.QueryUnescape(rawSecret)
	if err1 != nil || err2 != nil {
		t.Errorf("Basic credentials not form-urlencoded: %q %q", rawID, rawSecret)
	}
	return id, secret, true
}

func TestRequestToken_ClientSecretBasic(t *testing.T) {
	const id, secret = "client 1:a", "p:a+s/s%w rd"
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		gotID, gotSecret, ok := decodeBasic(t, r)
		if !ok || gotID != id || gotSecret != secret {
			t.Errorf("Basic credentials: got %q/%q (ok %v), want %q/%q", gotID, gotSecret, ok, id, secret)
			flowReply(w, http.StatusUnauthorized, "application/json", `{"error":"invalid_client"}`)
			return true
		}
		for _, k := range []string{"client_id", "client_secret"} {
			if _, present := r.PostForm[k]; present {
				t.Errorf("form field %s sent with client_secret_basic", k)
			}
		}
		return false
	})
	tok, ex, err := RequestToken(context.Background(), srv.Client(), TokenRequest{TokenURL: srv.URL + "/token",
		ClientID: id, ClientSecret: secret, AuthMethod: "basic"})
	if err != nil {
		t.Fatalf("RequestToken: %v", err)
	}
	if tok.AccessToken != "at-1" || !tok.IsBearer() || tok.ExpiresIn != 3600 || !tok.HasExpiresIn {
		t.Errorf("token: got %+v", tok)
	}
	if got := fieldValues(ex.RequestHeader, "Authorization"); len(got) != 1 ||
		got[0] != "Basic "+BasicCredentials(id, secret) {
		t.Errorf("Authorization on the wire: got %q, want %q", got, "Basic "+BasicCredentials(id, secret))
	}
}

func TestRequestToken_ClientSecretPost(t *testing.T) {
	const id, secret = "client-1", "p:a+s/s%w rd"
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		if got := r.Header.Get("Authorization"); got != "" {
			t.Errorf("Authorization: got %q, want none with client_secret_post", got)
		}
		if got := r.PostForm.Get("client_id"); got != id {
			t.Errorf("client_id: got %q, want %q", got, id)
		}
		if got := r.PostForm.Get("client_secret"); got != secret {
			t.Errorf("client_secret: got %q, want %q", got, secret)
		}
		return false
	})
	for _, method := range []AuthMethod{"post", AuthPost, " POST "} {
		if _, _, err := RequestToken(context.Background(), srv.Client(), TokenRequest{TokenURL: srv.URL,
			ClientID: id, ClientSecret: secret, AuthMethod: method}); err != nil {
			t.Errorf("AuthMethod %q: %v", method, err)
		}
	}
}

func TestRequestToken_FormParameters(t *testing.T) {
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		want := url.Values{
			"grant_type": {"client_credentials"},
			"scope":      {"banking/read https://api.example.com/scopes/x role:app"},
			"audience":   {"https://api.example.com"},
			"resource":   {"https://a.example.com/", "https://b.example.com/"},
			"tenant":     {"t1", "t 2"},
		}
		for k, vs := range want {
			if got := r.PostForm[k]; !slices.Equal(got, vs) {
				t.Errorf("form %s: got %q, want %q", k, got, vs)
			}
		}
		if len(r.PostForm) != len(want) {
			t.Errorf("form: got %v, want exactly %v", r.PostForm, want)
		}
		return false
	})
	_, ex, err := RequestToken(
		context.Background(),
		srv.Client(),
		TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "secret",
			Scopes:   []string{"banking/read", "https://api.example.com/scopes/x", "role:app"},
			Audience: "https://api.example.com", Resource: []string{"https://a.example.com/", "https://b.example.com/"},
			Extra: url.Values{"tenant": {"t1", "t 2"}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	if body := string(ex.RequestBody); !strings.HasPrefix(body, "grant_type=client_credentials&") {
		t.Errorf("body: got %q, want grant_type first", body)
	}
}

func TestRequestToken_ExpiresIn(t *testing.T) {
	tests := []struct {
		name    string
		field   string // the expires_in member, or "" for none
		want    int64
		has     bool
		wantErr string
	}{
		{"number", `,"expires_in":3600`, 3600, true, ""},
		{"string", `,"expires_in":"3600"`, 3600, true, ""},
		{"float", `,"expires_in":3599.7`, 3599, true, ""},
		{"zero", `,"expires_in":0`, 0, true, ""},
		{"absent", ``, 0, false, ""},
		{"words", `,"expires_in":"soon"`, 0, false, "expires_in"},
		{"negative", `,"expires_in":-5`, 0, false, "expires_in"},
		{"null", `,"expires_in":null`, 0, false, "expires_in"},
		{"boolean", `,"expires_in":true`, 0, false, "expires_in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
				flowReply(
					w,
					http.StatusOK,
					"application/json",
					`{"access_token":"at","token_type":"Bearer"`+tt.field+`}`,
				)
				return true
			})
			tok, _, err := RequestToken(
				context.Background(),
				srv.Client(),
				TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s"},
			)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error: got %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok.ExpiresIn != tt.want || tok.HasExpiresIn != tt.has {
				t.Errorf(
					"got ExpiresIn %d (has %v), want %d (has %v)",
					tok.ExpiresIn,
					tok.HasExpiresIn,
					tt.want,
					tt.has,
				)
			}
			wantAt := time.Time{}
			if tt.has {
				wantAt = tok.ReceivedAt.Add(time.Duration(tt.want) * time.Second)
			}
			if !tok.ExpiresAt.Equal(wantAt) || tok.ReceivedAt.IsZero() {
				t.Errorf("ExpiresAt: got %v, want %v (ReceivedAt %v)", tok.ExpiresAt, wantAt, tok.ReceivedAt)
			}
		})
	}
}

func TestRequestToken_LowercaseBearerAndScope(t *testing.T) {
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		flowReply(w, http.StatusOK, "application/json;charset=UTF-8",
			`{"access_token":"at","token_type":"bearer","expires_in":"3600","scope":"a  b","refresh_token":"rt-0001"}`)
		return true
	})
	tok, ex, err := RequestToken(
		context.Background(),
		srv.Client(),
		TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s"},
	)
	if err != nil {
		t.Fatal(err)
	}
	if !tok.IsBearer() {
		t.Errorf("IsBearer for %q: got false, want true", tok.TokenType)
	}
	if got := AuthorizationValue(tok); got != "Bearer at" {
		t.Errorf("AuthorizationValue: got %q, want %q", got, "Bearer at")
	}
	if got := tok.GrantedScopes(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("GrantedScopes: got %q, want %q", got, []string{"a", "b"})
	}
	if tok.RefreshToken != "rt-0001" || tok.Fields["token_type"] != "bearer" {
		t.Errorf("token: got %+v", tok)
	}
	var names []string
	for _, s := range ex.Secrets {
		names = append(names, s.Name)
	}
	want := []string{"CLIENT_SECRET", "BASIC_CREDENTIALS", "BASIC_CREDENTIALS", "ACCESS_TOKEN", "REFRESH_TOKEN"}
	if !slices.Equal(names, want) {
		t.Errorf("exchange secrets: got %q, want %q", names, want)
	}
}

func TestRequestToken_FormEncodedAnswer(t *testing.T) {
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		flowReply(
			w,
			http.StatusOK,
			"application/x-www-form-urlencoded",
			"access_token=a%2Bb&token_type=bearer&expires_in=60&scope=x+y",
		)
		return true
	})
	tok, _, err := RequestToken(
		context.Background(),
		srv.Client(),
		TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s"},
	)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "a+b" || tok.ExpiresIn != 60 || tok.Scope != "x y" || !tok.IsBearer() {
		t.Errorf("token: got %+v", tok)
	}
}

func TestRequestToken_OAuthErrors(t *testing.T) {
	tests := []struct {
		name, contentType, body, wwwAuth string
		status                           int
		code, desc                       string
	}{
		{
			"200 with error",
			"application/json",
			`{"error":"invalid_request","error_description":"missing scope"}`,
			"",
			200,
			"invalid_request",
			"missing scope",
		},
		{
			"invalid_scope",
			"application/json",
			`{"error":"invalid_scope","error_description":"scope x is unknown","error_uri":"https://e.example/x"}`,
			"",
			400,
			"invalid_scope",
			"scope x is unknown",
		},
		{
			"invalid_client",
			"application/json",
			`{"error":"invalid_client"}`,
			`Basic realm="token"`,
			401,
			"invalid_client",
			"",
		},
		{
			"unsupported_grant_type",
			"application/json;charset=utf-8",
			`{"error":"unsupported_grant_type"}`,
			"",
			400,
			"unsupported_grant_type",
			"",
		},
		{
			"invalid_target",
			"application/json",
			`{"error":"invalid_target","error_description":"unknown resource"}`,
			"",
			400,
			"invalid_target",
			"unknown resource",
		},
		{
			"form-encoded error",
			"application/x-www-form-urlencoded",
			`error=invalid_client&error_description=bad+secret`,
			"",
			401,
			"invalid_client",
			"bad secret",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
				if tt.wwwAuth != "" {
					w.Header().Set("WWW-Authenticate", tt.wwwAuth)
				}
				flowReply(w, tt.status, tt.contentType, tt.body)
				return true
			})
			tok, ex, err := RequestToken(
				context.Background(),
				srv.Client(),
				TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s"},
			)
			var oe *OAuthError
			if !errors.As(err, &oe) {
				t.Fatalf("error: got %v (%T), want *OAuthError", err, err)
			}
			if oe.Code != tt.code || oe.Description != tt.desc || oe.StatusCode != tt.status || oe.Step != "token" {
				t.Errorf(
					"got code %q desc %q status %d step %q, want %q %q %d %q",
					oe.Code,
					oe.Description,
					oe.StatusCode,
					oe.Step,
					tt.code,
					tt.desc,
					tt.status,
					"token",
				)
			}
			if got := oe.Header.Get("WWW-Authenticate"); got != tt.wwwAuth {
				t.Errorf("WWW-Authenticate: got %q, want %q", got, tt.wwwAuth)
			}
			if string(oe.Body) != tt.body {
				t.Errorf("Body: got %q, want %q", oe.Body, tt.body)
			}
			if tok.AccessToken != "" || ex.Status != tt.status {
				t.Errorf("token %q, exchange status %d", tok.AccessToken, ex.Status)
			}
			if !strings.Contains(err.Error(), tt.code) {
				t.Errorf("Error(): got %q, want it to contain %q", err.Error(), tt.code)
			}
		})
	}
}

func TestRequestToken_NonOAuthErrorBodies(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		want                    string
	}{
		{
			"HTML 500",
			"text/html; charset=utf-8",
			"<!DOCTYPE html><html><head><TITLE>Upstream Gateway Failure</TITLE></head><body>oops</body></html>",
			500,
			`"Upstream Gateway Failure"`,
		},
		{"empty 401", "", "", 401, "empty body"},
		{"plain text 403", "text/plain", "Forbidden by policy\n", 403, "Forbidden by policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
				flowReply(w, tt.status, tt.contentType, tt.body)
				return true
			})
			_, _, err := RequestToken(
				context.Background(),
				srv.Client(),
				TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s"},
			)
			var oe *OAuthError
			if !errors.As(err, &oe) {
				t.Fatalf("error: got %v (%T), want *OAuthError", err, err)
			}
			if oe.Code != "" || oe.StatusCode != tt.status {
				t.Errorf("got Code %q Status %d, want no code and %d", oe.Code, oe.StatusCode, tt.status)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Error(): got %q, want it to contain %q", err.Error(), tt.want)
			}
		})
	}
}

func TestRequestToken_BadSuccessBodies(t *testing.T) {
	tests := []struct{ name, contentType, body, want string }{
		{"invalid JSON", "application/json", `{"access_token": "at", `, "not valid JSON"},
		{"truncated JSON", "application/json", `{"access_token`, "not valid JSON"},
		{"empty", "application/json", ``, "empty"},
		{"HTML login page", "text/html", `<html><title>Sign in</title></html>`, `HTML page titled "Sign in"`},
		{"JSON array", "application/json", `[{"access_token":"at"}]`, "JSON array"},
		{"missing access_token", "application/json", `{"token_type":"Bearer","expires_in":3600}`, "no access_token"},
		{"JSON null", "application/json", `null`, "no access_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
				flowReply(w, http.StatusOK, tt.contentType, tt.body)
				return true
			})
			tok, ex, err := RequestToken(
				context.Background(),
				srv.Client(),
				TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s"},
			)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error: got %v, want one containing %q", err, tt.want)
			}
			if tok.AccessToken != "" && tt.name != "missing access_token" {
				t.Errorf("AccessToken: got %q, want none", tok.AccessToken)
			}
			if string(ex.ResponseBody) != tt.body {
				t.Errorf("exchange body: got %q, want %q", ex.ResponseBody, tt.body)
			}
		})
	}
}

func TestRequestToken_ConfigErrors(t *testing.T) {
	var hits atomic.Int32
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	tests := []struct {
		name string
		req  TokenRequest
		want string
	}{
		{"no token URL", TokenRequest{ClientID: "id"}, "no token URL"},
		{"relative URL", TokenRequest{TokenURL: "/connect/token", ClientID: "id"}, "not an absolute"},
		{"no host", TokenRequest{TokenURL: "https:///token", ClientID: "id"}, "not an absolute"},
		{"other scheme", TokenRequest{TokenURL: "ftp://x.example/token", ClientID: "id"}, "not an absolute"},
		{"no client id", TokenRequest{TokenURL: srv.URL}, "no client id"},
		{"unknown auth method", TokenRequest{TokenURL: srv.URL, ClientID: "id", AuthMethod: "attest_jwt_client_auth"},
			"unknown auth method"},
		{"private_key_jwt without key", TokenRequest{TokenURL: srv.URL, ClientID: "id", AuthMethod: AuthPrivateKeyJWT},
			"needs the client's private key"},
		{"client_secret_jwt without secret", TokenRequest{TokenURL: srv.URL, ClientID: "id",
			AuthMethod: AuthClientSecretJWT}, "needs the client secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ex, err := RequestToken(context.Background(), srv.Client(), tt.req)
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.Contains(ce.Error(), tt.want) {
				t.Fatalf("error: got %v (%T), want *ConfigError containing %q", err, err, tt.want)
			}
			if ex.Label != "token" || ex.URL != tt.req.TokenURL || ex.Status != 0 {
				t.Errorf("exchange: got %+v", ex)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("requests made: got %d, want 0", n)
	}
}

func TestRequestToken_TransportError(t *testing.T) {
	_, ex, err := RequestToken(
		context.Background(),
		nil,
		TokenRequest{TokenURL: refusedURL(t), ClientID: "id", ClientSecret: "s3cr3t-VALUE"},
	)
	var oe *OAuthError
	if err == nil || errors.As(err, &oe) {
		t.Fatalf("error: got %v, want a transport error that is not an *OAuthError", err)
	}
	if ex.Err == "" || len(ex.RequestHeader) == 0 || len(ex.RequestBody) == 0 {
		t.Errorf("exchange: got %+v, want the request and the error", ex)
	}
}

func TestNormalizeAuth(t *testing.T) {
	tests := []struct {
		in   string
		want AuthMethod
		ok   bool
	}{
		{
			"",
			AuthBasic,
			true,
		}, {"basic", AuthBasic, true}, {"BASIC", AuthBasic, true}, {"client_secret_basic", AuthBasic, true},
		{
			"post",
			AuthPost,
			true,
		}, {"client_secret_post", AuthPost, true}, {"none", AuthNone, true}, {"jwt", "jwt", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeAuth(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeAuth(%q): got %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBasicCredentials(t *testing.T) {
	tests := []struct{ id, secret, want string }{
		// base64("id:secret")
		{"id", "secret", "aWQ6c2VjcmV0"},
		// base64("a%3Ab:p%3Aa%2Bs%2Fs%25w+rd"), RFC 6749 §2.3.1
		{"a:b", "p:a+s/s%w rd", "YSUzQWI6cCUzQWElMkJzJTJGcyUyNXcrcmQ="},
	}
	for _, tt := range tests {
		if got := BasicCredentials(tt.id, tt.secret); got != tt.want {
			t.Errorf("BasicCredentials(%q, %q): got %q, want %q", tt.id, tt.secret, got, tt.want)
		}
	}
}

func ExampleBasicCredentials() {
	fmt.Println(BasicCredentials("a:b", "p:a+s/s%w rd"))
	// Output: YSUzQWI6cCUzQWElMkJzJTJGcyUyNXcrcmQ=
}

func TestToken_At(t *testing.T) {
	when := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	tok := Token{
		ExpiresIn:    3600,
		HasExpiresIn: true,
		ReceivedAt:   time.Now(),
		ExpiresAt:    time.Now().Add(time.Hour),
	}.At(
		when,
	)
	if !tok.ReceivedAt.Equal(when) || !tok.ExpiresAt.Equal(when.Add(time.Hour)) {
		t.Errorf("got received %v expires %v, want %v and an hour later", tok.ReceivedAt, tok.ExpiresAt, when)
	}
	if got := (Token{}).At(when); !got.ExpiresAt.IsZero() {
		t.Errorf("got expires %v for a token without expires_in, want zero", got.ExpiresAt)
	}
}

func TestRequestToken_ErrorNeverQuotesAnEchoedSecret(t *testing.T) {
	const secret = "s3cr3t-Value"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "bad request: %s", b) // a server that echoes the form
	}))
	defer ts.Close()
	_, _, err := RequestToken(
		context.Background(),
		ts.Client(),
		TokenRequest{TokenURL: ts.URL, ClientID: "c", ClientSecret: secret, AuthMethod: AuthPost},
	)
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("got %v, want an error that does not show the secret", err)
	}
}
