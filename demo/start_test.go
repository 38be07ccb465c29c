package demo

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestStart(t *testing.T) {
	s, err := Start("127.0.0.1:0", Config{})
	if err != nil {
		t.Fatal(err)
	}
	iss := s.Issuer()
	if !strings.HasPrefix(iss, "http://127.0.0.1:") || strings.HasSuffix(iss, ":0") {
		t.Fatalf("Issuer: got %q, want http://127.0.0.1:PORT", iss)
	}
	md := get(t, iss+"/.well-known/openid-configuration", "")
	if got := md.str("issuer"); got != iss {
		t.Errorf("discovery issuer: got %q, want %q", got, iss)
	}
	rep := get(t, iss+"/api/me", bearer(fetchToken(t, iss)))
	if rep.status != http.StatusOK {
		t.Errorf("/api/me: got %d, want 200: %s", rep.status, rep.raw)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := http.Get(iss + "/jwks"); err == nil {
		t.Errorf("the server still answers after Close")
	}
}

func TestStart_FixedIssuer(t *testing.T) {
	s, err := Start("127.0.0.1:0", Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	localhost := strings.Replace(s.Issuer(), "127.0.0.1", "localhost", 1)
	md := get(t, localhost+"/.well-known/oauth-authorization-server", "")
	if got := md.str("issuer"); got != s.Issuer() {
		t.Errorf("issuer via localhost: got %q, want the fixed %q", got, s.Issuer())
	}
}

func TestStart_AddressInUse(t *testing.T) {
	s, err := Start("127.0.0.1:0", Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Start(strings.TrimPrefix(s.Issuer(), "http://"), Config{}); err == nil {
		t.Errorf("Start on a busy port: got no error")
	}
}

func TestCloseWithoutStart(t *testing.T) {
	if err := New(Config{}).Close(); err != nil {
		t.Errorf("Close: got %v, want nil", err)
	}
}

func TestAddClient_Concurrent(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("client-%d", i)
			s.AddClient(Client{ID: id, Secret: "s", Scopes: []string{"scope:" + id}})
			if err := tokenStatus(ts.URL, id); err != nil {
				t.Errorf("%s: %v", id, err) // Errorf, not Fatal: this is not the test goroutine
			}
			_ = s.allScopes()
		}()
	}
	wg.Wait()
	md := get(t, ts.URL+"/.well-known/openid-configuration", "")
	if n := len(md.json["scopes_supported"].([]any)); n != 2+8 {
		t.Errorf("scopes_supported: got %d scopes, want 10", n)
	}
}

func TestAddClient_CopiesSlices(t *testing.T) {
	scopes := []string{"api:read"}
	s, ts := newTestServer(t, Config{Clients: []Client{{ID: "c", Secret: "s", Scopes: scopes}}})
	scopes[0] = "api:write"
	rep := post(t, ts.URL+"/token", form("grant_type", "client_credentials"), basic("c", "s"))
	if got := rep.str("scope"); got != "api:read" {
		t.Errorf("scope: got %q, want api:read (the caller's slice must not alias)", got)
	}
	if _, ok := s.client(ClientID); ok {
		t.Errorf("the default client exists although Config.Clients was set")
	}
}

// tokenStatus asks for a token for client id (secret "s") and reports any
// failure as an error, so it can run outside the test goroutine.
func tokenStatus(base, id string) error {
	req, err := http.NewRequest(http.MethodPost, base+"/token", strings.NewReader("grant_type=client_credentials"))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", basic(id, "s"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("got status %d, want 200", resp.StatusCode)
	}
	return nil
}

func TestIssuerHost(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9400}, "127.0.0.1:9400"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 9400}, "127.0.0.1:9400"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 9400}, "127.0.0.1:9400"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 9400}, "[::1]:9400"},
	}
	for _, tt := range tests {
		if got := issuerHost(tt.addr); got != tt.want {
			t.Errorf("issuerHost(%v): got %q, want %q", tt.addr, got, tt.want)
		}
	}
}
