package walk

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// TestAcquire_MTLSAlias: with a client certificate the token request goes
// to mtls_endpoint_aliases.token_endpoint (RFC 8705 §5), and there the
// certificate is presented; without one, to token_endpoint.
func TestAcquire_MTLSAlias(t *testing.T) {
	var sawCert atomic.Bool
	alias := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		sawCert.Store(r.TLS != nil && len(r.TLS.PeerCertificates) == 1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-mtls-0123456789","token_type":"Bearer"}`)
	}))
	alias.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	alias.StartTLS()
	defer alias.Close()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/openid-configuration") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"issuer":%q,"token_endpoint":%q,"mtls_endpoint_aliases":{"token_endpoint":%q}}`,
				srv.URL, srv.URL+"/token", alias.URL+"/token")
			return
		}
		io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-plain-0123456789","token_type":"Bearer"}`)
	}))
	defer srv.Close()
	cert := alias.TLS.Certificates[0] // any certificate with its key will do
	for _, withCert := range []bool{true, false} {
		pl := Plan{Issuer: srv.URL, Token: flows.TokenRequest{ClientID: "c", AuthMethod: flows.AuthSelfSignedTLS}}
		want := "at-plain-0123456789"
		if withCert {
			pl.Token.Cert, want = &cert, "at-mtls-0123456789"
		} else {
			pl.Token.AuthMethod = flows.AuthNone
		}
		res, err := Acquire(context.Background(), alias.Client(), &pl, Guards{})
		if err != nil || res.Token.AccessToken != want {
			t.Fatalf("cert %v: got %q, %v; want %q", withCert, res.Token.AccessToken, err, want)
		}
		if withCert && !sawCert.Load() {
			t.Errorf("the alias saw no client certificate")
		}
	}
}
