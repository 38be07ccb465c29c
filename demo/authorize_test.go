package demo

import (
	"crypto/sha256"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// authorizeURL is an authorization request URL to the demo.
func authorizeURL(base string, extra url.Values) string {
	q := url.Values{"response_type": {"code"}, "client_id": {ClientID}, "state": {"st"},
		"redirect_uri": {"http://127.0.0.1:1/cb"}}
	for k, v := range extra {
		q[k] = v
	}
	return base + authorizePath + "?" + q.Encode()
}

// noFollow gets u without following a redirect.
func noFollow(t *testing.T, u string) *http.Response {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestAuthorize_PKCEAndRedirectChecks(t *testing.T) {
	s, ts := newTestServer(t, Config{Clients: []Client{DefaultClient,
		{ID: "app", Scopes: DefaultScopes, AuthMethods: []string{AuthNone}}}})
	if resp := noFollow(t, authorizeURL(ts.URL, nil)); resp.StatusCode != 200 {
		t.Fatalf("confidential client without PKCE: got %d", resp.StatusCode)
	}
	resp := noFollow(t, authorizeURL(ts.URL, url.Values{"client_id": {"app"}}))
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != 302 || loc.Query().Get("error") != errInvalidRequest || loc.Query().Get("state") != "st" ||
		!strings.Contains(loc.Query().Get("error_description"), "PKCE") {
		t.Fatalf("public client without PKCE: got %d %s", resp.StatusCode, loc)
	}
	_ = s.SetFaults(string(FaultPKCERequired))
	resp = noFollow(t, authorizeURL(ts.URL, nil))
	if loc, _ := url.Parse(resp.Header.Get("Location")); loc.Query().Get("error") != errInvalidRequest {
		t.Errorf("pkce-required: got %d %s", resp.StatusCode, loc)
	}
	_ = s.SetFaults(string(FaultRedirectMismatch))
	resp = noFollow(t, authorizeURL(ts.URL, url.Values{"code_challenge": {"x"}, "code_challenge_method": {"S256"}}))
	if resp.StatusCode != 400 || resp.Header.Get("Location") != "" {
		t.Errorf("redirect-mismatch must show a page, never redirect: got %d %s", resp.StatusCode,
			resp.Header.Get("Location"))
	}
	_ = s.SetFaults()
	resp = noFollow(t, authorizeURL(ts.URL, url.Values{"redirect_uri": {"https://evil.example/cb"}}))
	if resp.StatusCode != 400 || resp.Header.Get("Location") != "" {
		t.Errorf("a non-loopback redirect_uri: got %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestAuthorize_CodeChecks(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	verifier := "v-0123456789-0123456789-0123456789-0123"
	code := issueCode(t, s, ts.URL, verifier)
	tokenWith := func(form url.Values) reply {
		f := url.Values{
			"grant_type":    {grantAuthorizationCode},
			"code":          {code},
			"redirect_uri":  {"http://127.0.0.1:1/cb"},
			"code_verifier": {verifier},
		}
		for k, v := range form {
			f[k] = v
		}
		return post(t, ts.URL+"/token", f, basic(ClientID, ClientSecret))
	}
	if got := tokenWith(url.Values{"code_verifier": {"wrong"}}); !strings.Contains(got.str("error_description"),
		"does not match") {
		t.Errorf("wrong verifier: got %s", got.raw)
	}
	if got := tokenWith(url.Values{"redirect_uri": {"http://127.0.0.1:2/cb"}}); got.str("error") != errInvalidGrant {
		t.Errorf("other redirect_uri: got %s", got.raw)
	}
	if got := tokenWith(nil); got.status != 200 {
		t.Fatalf("token: got %s", got.raw)
	}
	if got := tokenWith(nil); !strings.Contains(got.str("error_description"), "already used") {
		t.Errorf("second use: got %s", got.raw)
	}
}

// issueCode approves an authorization request for the default client and
// returns its code.
func issueCode(t *testing.T, s *Server, base, verifier string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(verifier))
	ch := b64(sum[:])
	page := get(t, authorizeURL(base, url.Values{"code_challenge": {ch}, "code_challenge_method": {"S256"},
		"scope": {"openid"}, "nonce": {"n-1"}}), "")
	i := strings.Index(page.raw, `name="authz" value="`)
	if i < 0 {
		t.Fatalf("no authz field:\n%s", page.raw)
	}
	id := page.raw[i+len(`name="authz" value="`):]
	id = id[:strings.Index(id, `"`)]
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(base+authorizePath, url.Values{"authz": {id}, "username": {UserName},
		"password": {UserPassword}, "action": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Query().Get("iss") != base || loc.Query().Get("state") != "st" {
		t.Errorf("redirect: %s", loc)
	}
	return loc.Query().Get("code")
}
