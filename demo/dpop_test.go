package demo_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// TestDPoP_WithNonce: under the nonce fault the first token request gets
// use_dpop_nonce, the walk retries with the nonce as its own exchange, the
// token is DPoP-bound (token_type DPoP, cnf.jkt), and the API call sends a
// proof with ath, retried once with the API's nonce.
func TestDPoP_WithNonce(t *testing.T) {
	for _, fault := range []string{"", string(demo.FaultDPoPNonce)} {
		t.Run("fault="+fault, func(t *testing.T) {
			_, ts := demoServer(t, fault)
			d, err := flows.NewDPoP("ES256")
			if err != nil {
				t.Fatal(err)
			}
			pl := walk.Plan{Token: flows.TokenRequest{TokenURL: ts.URL + "/token", ClientID: demo.ClientID,
				ClientSecret: demo.ClientSecret, DPoP: d}}
			res, err := walk.Acquire(context.Background(), http.DefaultClient, &pl, walk.Guards{})
			if err != nil {
				t.Fatalf("%v", err)
			}
			wantExchanges := 1
			if fault != "" {
				wantExchanges = 2
			}
			if len(res.Exchanges) != wantExchanges {
				t.Fatalf("got %d exchanges, want %d", len(res.Exchanges), wantExchanges)
			}
			if why := d.DPoPBinding(res.Token); why != "" {
				t.Fatalf("binding: %s", why)
			}
			call := flows.CallRequest{URL: ts.URL + "/api/me", DPoP: d}
			cr, exs, err := flows.Call(context.Background(), http.DefaultClient, call, res.Token, nil)
			if err != nil || cr.Status != 200 || len(exs) != wantExchanges {
				t.Fatalf("call: %v %d, %d exchanges: %s", err, cr.Status, len(exs), cr.Body)
			}
			proof := exs[len(exs)-1].RequestHeader
			for _, h := range proof {
				if h.Name == "Dpop" || h.Name == "DPoP" {
					if dec, _ := flows.DecodeJWT(h.Value); dec.Claims["ath"] == nil {
						t.Errorf("the API proof has no ath")
					}
				}
			}
			bearer := flows.Token{AccessToken: res.Token.AccessToken, TokenType: "Bearer"}
			cr, _, _ = flows.Call(context.Background(), http.DefaultClient, flows.CallRequest{URL: ts.URL + "/api/me"},
				bearer, nil)
			if cr.Status != 401 || !strings.Contains(string(cr.Body), "DPoP-bound") {
				t.Errorf("a DPoP token sent as Bearer: got %d %s", cr.Status, cr.Body)
			}
		})
	}
}
