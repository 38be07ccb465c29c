package flows

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const (
	leakSecret  = "s3cr3t-VALUE"
	leakAccess  = "at-9f8e7d6c5b4a"
	leakRefresh = "rt-0a1b2c3d4e5f"
)

// leakyTokenServer answers a client credentials grant with an access and a
// refresh token, and echoes the client secret in a response header, as a
// careless server might.
func leakyTokenServer(t *testing.T, secret string) string {
	t.Helper()
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		id, sec, ok := r.BasicAuth()
		if !ok {
			id, sec = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		} else {
			sec, _ = url.QueryUnescape(sec)
		}
		if id != "client-1" || sec != secret {
			t.Errorf("credentials: got %q/%q, want %q/%q", id, sec, "client-1", secret)
		}
		w.Header().Set("X-Debug-Echo", "secret was "+sec)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(
			w,
			`{"access_token": "`+leakAccess+`", "token_type": "Bearer", "expires_in": 3600, "refresh_token":"`+leakRefresh+`"}`,
		)
	})
	return srv.URL + "/token"
}

func TestRender_NoSecretLeaks(t *testing.T) {
	tests := []struct {
		name   string
		method AuthMethod
		secret string
	}{
		{"basic", AuthBasic, leakSecret},
		{"post", AuthPost, leakSecret},
		{"post, secret needing encoding", AuthPost, "s3cr3t VALUE/+%&="},
		{"basic, secret needing encoding", AuthBasic, "s3cr3t VALUE/+%&="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokenURL := leakyTokenServer(t, tt.secret)
			_, ex, err := RequestToken(context.Background(), nil, TokenRequest{TokenURL: tokenURL,
				ClientID: "client-1", ClientSecret: tt.secret, AuthMethod: tt.method})
			if err != nil {
				t.Fatal(err)
			}
			leaks := map[string]string{
				"secret":             tt.secret,
				"query-escaped":      url.QueryEscape(tt.secret),
				"path-escaped":       url.PathEscape(tt.secret),
				"basic credentials":  BasicCredentials("client-1", tt.secret),
				"base64 raw pair":    base64.StdEncoding.EncodeToString([]byte("client-1:" + tt.secret)),
				"access token":       leakAccess,
				"refresh token":      leakRefresh,
				"secret after colon": ":" + tt.secret,
			}
			renders := map[string]string{
				"RawRequest":  ex.RawRequest(false),
				"RawResponse": ex.RawResponse(false),
				"Raw":         ex.Raw(false),
				"Curl":        ex.Curl(false),
			}
			for rname, out := range renders {
				for lname, leak := range leaks {
					if strings.Contains(out, leak) {
						t.Errorf("%s(false) leaks the %s %q:\n%s", rname, lname, leak, out)
					}
				}
			}
			revealed := map[string]string{"Raw": ex.Raw(true), "Curl": ex.Curl(true)}
			wantIn := []string{leakAccess, leakRefresh}
			if tt.method == AuthBasic {
				wantIn = append(wantIn, BasicCredentials("client-1", tt.secret))
			} else {
				wantIn = append(wantIn, url.QueryEscape(tt.secret))
			}
			for _, want := range wantIn {
				if !strings.Contains(revealed["Raw"], want) {
					t.Errorf("Raw(true): got\n%s\nwant it to contain %q", revealed["Raw"], want)
				}
			}
			if !strings.Contains(revealed["Curl"], wantIn[2]) && !strings.Contains(revealed["Curl"], tt.secret) {
				t.Errorf("Curl(true): got %s, want the credentials in it", revealed["Curl"])
			}
		})
	}
}

func TestRawRequest_Masking(t *testing.T) {
	ex := Exchange{Method: http.MethodPost, URL: "https://auth.example.com/connect/token?x=1", HeaderWritten: true,
		RequestHeader: []HeaderField{
			{"Host", "auth.example.com"},
			{"Authorization", "Basic Y2xpZW50OnNlY3JldA=="},
			{"Content-Type", "application/x-www-form-urlencoded"},
			{"X-Api-Key", "key-123456"},
			{"X-Tenant-Key", "tenant-abcdef"},
			{"Cookie", "session=abc"},
		},
		RequestBody:   []byte("grant_type=client_credentials&client_id=c1&client_secret=p%3Aa%2Bs&scope=a+b"),
		SecretHeaders: []string{"x-tenant-key"},
	}
	want := "POST /connect/token?x=1 HTTP/1.1\n" +
		"Host: auth.example.com\n" +
		"Authorization: Basic " + Mask + "\n" +
		"Content-Type: application/x-www-form-urlencoded\n" +
		"X-Api-Key: " + Mask + "\n" +
		"X-Tenant-Key: " + Mask + "\n" +
		"Cookie: " + Mask + "\n" +
		"\ngrant_type=client_credentials&client_id=c1&client_secret=" + Mask + "&scope=a+b\n"
	if got := ex.RawRequest(false); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := ex.RawRequest(true); !strings.Contains(got, "client_secret=p%3Aa%2Bs") ||
		!strings.Contains(got, "tenant-abcdef") {
		t.Errorf("RawRequest(true): got %q, want the secrets shown", got)
	}
}

func TestRawResponse_MasksTokenFields(t *testing.T) {
	tests := []struct{ name, contentType, body, want string }{
		{"JSON", "application/json",
			"{\n  \"access_token\" : \"eyJhbGciOi.x.y\",\n  \"token_type\": \"Bearer\",\n  \"refresh_token\":\"r\\\"t\",\n  \"id_token\":\"z\",\"expires_in\":60\n}",
			"{\n  \"access_token\" : \"" + Mask + "\",\n  \"token_type\": \"Bearer\",\n  \"refresh_token\":\"" + Mask + "\",\n  \"id_token\":\"" + Mask + "\",\"expires_in\":60\n}"},
		{"vendor client creation", "application/json",
			`{"client":{"clientId":"abc"},"newSecret":"shown-once-1234"}`,
			`{"client":{"clientId":"abc"},"newSecret":"` + Mask + `"}`},
		{"form", "application/x-www-form-urlencoded", "access_token=abc&token_type=bearer&refresh_token=def",
			"access_token=" + Mask + "&token_type=bearer&refresh_token=" + Mask},
		{"empty access_token kept", "application/json", `{"access_token":""}`, `{"access_token":""}`},
		{
			"body cut inside the token",
			"application/json",
			`{"token_type":"Bearer","access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln`,
			`{"token_type":"Bearer","access_token":"` + Mask,
		},
		{"body cut after a backslash", "application/json", `{"refresh_token":"abc\`, `{"refresh_token":"` + Mask},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := Exchange{Status: 200, StatusText: "200 OK", Proto: "HTTP/1.1",
				ResponseHeader: http.Header{
					"Content-Type": {tt.contentType},
					"Set-Cookie":   {"sid=1"},
				}, ResponseBody: []byte(tt.body)}
			want := "HTTP/1.1 200 OK\nContent-Type: " + tt.contentType + "\nSet-Cookie: " + Mask + "\n\n" + tt.want
			if got := ex.RawResponse(false); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if got := ex.RawResponse(true); !strings.HasSuffix(got, tt.body) {
				t.Errorf("RawResponse(true): got %q, want the body %q", got, tt.body)
			}
		})
	}
}

func TestRawResponse_StripsEscapeSequences(t *testing.T) {
	hostile := "{\"error\":\"invalid_client\x1b[2J\x1b[H\",\"error_description\":\"\x1b]52;c;cm0gLXJmIH4=\x07copied\u202eevil\u009b31m\r\"}"
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, hostile)
	})
	_, ex, err := RequestToken(
		context.Background(),
		srv.Client(),
		TokenRequest{TokenURL: srv.URL, ClientID: "id", ClientSecret: "s"},
	)
	if err == nil {
		t.Fatal("error: got nil, want invalid_client")
	}
	for name, out := range map[string]string{"RawResponse": ex.RawResponse(false), "Raw(true)": ex.Raw(true), "Error": err.Error()} {
		if strings.ContainsAny(out, "\x1b\x07\r\u202e\u009b") {
			t.Errorf("%s keeps control characters: %q", name, out)
		}
	}
	if got := ex.RawResponse(false); !strings.Contains(got, `"error_description":"copiedevil"}`) {
		t.Errorf("RawResponse: got %q, want the text kept without the sequences", got)
	}
}

func TestRawResponse_NoResponse(t *testing.T) {
	ex := Exchange{Err: "dial tcp 127.0.0.1:1: connect: connection refused\x1b[2J"}
	if got, want := ex.RawResponse(false), "# no response: dial tcp 127.0.0.1:1: connect: connection refused\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRawRequest_HTTP2StatusLine(t *testing.T) {
	ex := Exchange{
		Method:        "GET",
		URL:           "https://x.example/a/b?c=d#frag",
		Proto:         "HTTP/2.0",
		Status:        200,
		HeaderWritten: true,
	}
	if got, want := ex.RawRequest(false), "GET /a/b?c=d HTTP/2\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRaw_JoinsRequestAndResponse(t *testing.T) {
	ex := Exchange{
		Method:        "GET",
		URL:           "https://x.example/",
		HeaderWritten: true,
		Status:        204,
		StatusText:    "204 No Content",
		Proto:         "HTTP/1.1",
	}
	if got, want := ex.Raw(false), "GET / HTTP/1.1\n\nHTTP/1.1 204 No Content\n\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOAuthError_Error(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html"}}
	long := strings.Repeat("é", 100) // 200 bytes: the cut must not split a rune
	tests := []struct {
		name string
		err  OAuthError
		want string
	}{
		{
			"code and description",
			OAuthError{
				Step:        "token",
				Code:        "invalid_client",
				Description: "bad secret",
				StatusCode:  401,
				Status:      "401 Unauthorized",
			},
			"token failed: HTTP 401 Unauthorized, invalid_client: bad secret",
		},
		{"code only", OAuthError{Step: "token", Code: "invalid_scope", StatusCode: 400, Status: "400 Bad Request"},
			"token failed: HTTP 400 Bad Request, invalid_scope"},
		{"no status text", OAuthError{Code: "invalid_grant", StatusCode: 400}, "HTTP 400, invalid_grant"},
		{"no step, no status", OAuthError{Code: "invalid_token", Description: "expired"}, "invalid_token: expired"},
		{
			"multi-line description",
			OAuthError{Code: "x", Description: "line one\n\tline\x1b[2J two", StatusCode: 400},
			"HTTP 400, x: line one line two",
		},
		{"escape in code", OAuthError{Code: "bad\x1b]52;c;AAAA\x07code", StatusCode: 400},
			`HTTP 400, bad\x1b]52;c;AAAA\acode`},
		{"CRLF in code", OAuthError{Code: "bad\r\nSignature verified", StatusCode: 400},
			`HTTP 400, bad\r\nSignature verified`},
		{
			"HTML page",
			OAuthError{
				Step:       "token",
				StatusCode: 502,
				Status:     "502 Bad Gateway",
				Header:     html,
				Body:       []byte("<html><title> Bad\n Gateway </title></html>"),
			},
			`token failed: HTTP 502 Bad Gateway: an HTML page ("Bad Gateway") instead of JSON`,
		},
		{
			"HTML without title",
			OAuthError{StatusCode: 500, Body: []byte("<html><body>x</body></html>")},
			"HTTP 500: an HTML page instead of JSON",
		},
		{
			"HTML with invalid UTF-8 before the title",
			OAuthError{StatusCode: 500, Header: html, Body: []byte("\xff\xff\xff\xff\xff\xff<title>Down</title>")},
			`HTTP 500: an HTML page ("Down") instead of JSON`,
		},
		{
			"HTML with length-changing case before the title",
			OAuthError{StatusCode: 500, Header: html, Body: []byte("<p>İİİİİİİİ</p><title>Down</title>")},
			`HTTP 500: an HTML page ("Down") instead of JSON`,
		},
		{
			"empty body",
			OAuthError{Step: "token", StatusCode: 401, Status: "401 Unauthorized"},
			"token failed: HTTP 401 Unauthorized: empty body",
		},
		{"text body", OAuthError{StatusCode: 403, Body: []byte("  denied\r\n by WAF ")}, "HTTP 403: denied by WAF"},
		{
			"long body cut on a rune",
			OAuthError{StatusCode: 400, Body: []byte(long)},
			"HTTP 400: " + strings.Repeat("é", 60) + "…",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsSecretHeaderAndField(t *testing.T) {
	for _, h := range []string{"Authorization", "proxy-authorization", "Set-Cookie", "X-Api-Key",
		"X-Client-Token", "X-Vendor-Secret", "X-Session-Id", "X-Auth"} {
		if !IsSecretHeader(h) {
			t.Errorf("IsSecretHeader(%q): got false", h)
		}
	}
	for _, f := range []string{"client_secret", "Access_Token", "password", "client_assertion"} {
		if !IsSecretField(f) {
			t.Errorf("IsSecretField(%q): got false", f)
		}
	}
	for _, h := range []string{"Accept", "WWW-Authenticate", "Proxy-Authenticate", "Authentication-Info"} {
		if IsSecretHeader(h) {
			t.Errorf("IsSecretHeader(%q): got true", h)
		}
	}
	if IsSecretField("scope") {
		t.Error("scope reported secret")
	}
}

func TestExchange_TargetIsTheRequestLinesTarget(t *testing.T) {
	ex := Exchange{
		Method:  "GET",
		URL:     "https://api.example/v1/me?key=s3cr3t-key&x=1",
		Secrets: []Secret{{Name: "K", Value: "s3cr3t-key"}},
	}
	first, _, _ := strings.Cut(ex.RawRequest(false), "\n")
	if got := ex.Target(false); !strings.Contains(first, " "+got+" ") || strings.Contains(got, "s3cr3t") {
		t.Errorf("got %q, want the masked target of %q", got, first)
	}
	if got := ex.Target(true); got != "/v1/me?key=s3cr3t-key&x=1" {
		t.Errorf("revealed: got %q", got)
	}
}
