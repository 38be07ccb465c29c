package demo

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// testClock is a settable clock for Config.Now.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestServer starts s.Handler() under httptest.
func newTestServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	s := New(cfg)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// reply is a response with its body read and, when JSON, decoded.
type reply struct {
	status int
	header http.Header
	raw    string
	json   map[string]any
}

func (r reply) str(key string) string {
	s, _ := r.json[key].(string)
	return s
}

// do sends req and reads the reply.
func do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	rep := reply{status: resp.StatusCode, header: resp.Header, raw: string(body)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(body, &rep.json); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v\n%s", req.Method, req.URL, err, body)
		}
	}
	return rep
}

// get sends a GET with an optional Authorization header.
func get(t *testing.T, u, authz string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	return do(t, req)
}

// post sends a form POST with an optional Authorization header.
func post(t *testing.T, u string, form url.Values, authz string) reply {
	t.Helper()
	return postAs(t, u, "application/x-www-form-urlencoded", form.Encode(), authz)
}

// postAs sends a POST with the given content type and body.
func postAs(t *testing.T, u, contentType, body, authz string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	return do(t, req)
}

// basic returns client_secret_basic credentials encoded per RFC 6749 §2.3.1.
func basic(id, secret string) string {
	return rawBasic(url.QueryEscape(id) + ":" + url.QueryEscape(secret))
}

// rawBasic base64-encodes s as Basic credentials without form-urlencoding.
func rawBasic(s string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(s))
}

// form builds url.Values from key, value pairs.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// fetchToken gets an access token for the default client with basic auth
// and the extra parameters kv.
func fetchToken(t *testing.T, base string, kv ...string) string {
	t.Helper()
	f := form(append([]string{"grant_type", "client_credentials"}, kv...)...)
	rep := post(t, base+"/token", f, basic(ClientID, ClientSecret))
	if rep.status != http.StatusOK {
		t.Fatalf("token: got status %d, want 200: %s", rep.status, rep.raw)
	}
	return rep.str("access_token")
}

func bearer(tok string) string { return "Bearer " + tok }
