package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// The secrets of the flows with a user, as the user echo server issues
// them.
const (
	leakDeviceCode = "device-code-0123456789abcdef"
	leakCode       = "auth-code-0123456789abcdef"
	leakRefresh    = "refresh-token-given-0123456789"
	leakRefresh2   = "refresh-token-new-0123456789"
	leakIDToken    = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.aWQtdG9rZW4tc2lnbmF0dXJl"
	leakAccess     = "access-token-user-0123456789"
)

// userEchoServer is an authorization server for the flows with a user
// that echoes every request back: in a success's debug member (mode "ok")
// or as a 400 in JSON, text or HTML. Its pages redirect at once with a
// code. It records the PKCE verifier it receives.
func userEchoServer(t *testing.T, mode string) (string, func() string) {
	var mu sync.Mutex
	var verifier string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if v := r.PostForm.Get("code_verifier"); v != "" {
			mu.Lock()
			verifier = v
			mu.Unlock()
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/openid-configuration"):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"issuer":%q,"token_endpoint":%q,"authorization_endpoint":%q,`+
				`"device_authorization_endpoint":%q,"userinfo_endpoint":%q}`, srv.URL, srv.URL+"/token",
				srv.URL+"/authorize", srv.URL+"/device", srv.URL+"/userinfo")
		case r.URL.Path == "/authorize":
			q := r.URL.Query()
			http.Redirect(w, r, q.Get("redirect_uri")+"?code="+leakCode+"&state="+url.QueryEscape(q.Get("state"))+
				"&iss="+url.QueryEscape(srv.URL), http.StatusFound)
		case r.URL.Path == "/device":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(
				w,
				`{"device_code":%q,"user_code":"WDJB-MJHT","verification_uri":%q,"expires_in":60,"interval":1}`,
				leakDeviceCode,
				srv.URL+"/verify",
			)
		default:
			writeEcho(w, r, mode)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() string { mu.Lock(); defer mu.Unlock(); return verifier }
}

// writeEcho answers with the request echoed, as a success or an error.
func writeEcho(w http.ResponseWriter, r *http.Request, mode string) {
	var dump strings.Builder
	fmt.Fprintf(&dump, "%s %s\n", r.Method, r.URL.RequestURI())
	for k, vs := range r.Header {
		fmt.Fprintf(&dump, "%s: %s\n", k, strings.Join(vs, ", "))
	}
	dump.WriteString(r.PostForm.Encode())
	debug := dump.String() + " issued " + leakIDToken + " " + leakRefresh2
	switch mode {
	case "ok":
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": leakAccess, "token_type": "Bearer",
			"refresh_token": leakRefresh2, "id_token": leakIDToken, "sub": "alice", "debug": debug})
	case "json":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]any{"error": "invalid_grant", "error_description": debug})
	case "html":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "<html><pre>%s</pre></html>", debug)
	default:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, debug)
	}
}

// openerBrowser plays a browser that follows the authorization URL's
// redirects to the loopback listener.
func openerBrowser(t *testing.T) {
	urlFile := fakeBrowser(t)
	go func() {
		for i := 0; i < 250; i++ {
			if b, err := readFileIfAny(urlFile); err == nil && len(b) > 0 {
				if resp, err := http.Get(string(b)); err == nil {
					resp.Body.Close()
				}
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
}

// TestNoSecretLeaks_UserFlows runs the device, refresh and authorization
// code grants against servers that echo every request and put the tokens
// in odd places, and looks for the device code, the code, the PKCE
// verifier, the refresh tokens and the ID token in everything printed
// (stdout may show only the access token).
func TestNoSecretLeaks_UserFlows(t *testing.T) {
	for _, mode := range []string{"ok", "json", "text", "html"} {
		iss, verifier := userEchoServer(t, mode)
		auth := []string{"token", "-v", "--curl", "--issuer", iss, "--client-id", "cid", "--client-secret", "env:S"}
		runs := map[string][]string{
			"device":  append(auth, "--grant", "device"),
			"refresh": append(auth, "--grant", "refresh_token", "--refresh-token", "env:R"),
			"code":    append(auth, "--grant", "authorization_code", "--scope", "openid"),
		}
		for name, args := range runs {
			if name == "code" {
				openerBrowser(t)
			}
			r := runCLI(t, []string{"S=secret-0123456789", "R=" + leakRefresh}, "", args...)
			if (r.code == 0) != (mode == "ok") {
				t.Errorf("%s %s: exit %d\n%s", mode, name, r.code, r.stderr)
			}
			forms := []string{leakDeviceCode, leakCode, leakRefresh}
			if mode == "ok" { // the new tokens are secrets of the run only once they came as tokens
				forms = append(forms, leakRefresh2, leakIDToken)
			}
			if v := verifier(); v != "" {
				forms = append(forms, v)
			}
			for _, f := range forms {
				if strings.Contains(r.stdout, f) || strings.Contains(r.stderr, f) {
					t.Errorf("%s %s shows %q:\nstdout: %s\nstderr: %s", mode, name, f, r.stdout, r.stderr)
				}
			}
			if strings.Contains(r.stderr, leakAccess) {
				t.Errorf("%s %s shows the access token on stderr", mode, name)
			}
		}
	}
}
