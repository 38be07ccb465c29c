package walk

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// demoPlan is the demo's client on ts.
func demoPlan(ts *httptest.Server) Plan {
	return Plan{Issuer: ts.URL, Token: flows.TokenRequest{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: flows.AuthBasic}}
}

// demoToken gets a token from a demo server with the given faults.
func demoToken(t *testing.T, faults ...string) (*httptest.Server, Plan, string) {
	t.Helper()
	ts := httptest.NewServer(demo.New(demo.Config{Faults: faults}).Handler())
	t.Cleanup(ts.Close)
	pl := demoPlan(ts)
	res, err := Acquire(context.Background(), ts.Client(), &pl, Guards{})
	if err != nil {
		t.Fatal(err)
	}
	return ts, demoPlan(ts), res.Token.AccessToken
}

// rowOf is the row named name.
func rowOf(t *testing.T, in Inspection, name string) flows.CheckRow {
	t.Helper()
	i := slices.IndexFunc(in.Rows, func(r flows.CheckRow) bool { return r.Name == name })
	if i < 0 {
		t.Fatalf("no %s row in %+v", name, in.Rows)
	}
	return in.Rows[i]
}

func codes(ds []flows.Diagnosis) []flows.Code {
	var out []flows.Code
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func TestInspect_DemoTokenVerifies(t *testing.T) {
	ts, pl, tok := demoToken(t)
	in := Inspect("  Bearer "+tok[:40]+"\n"+tok[40:]+"\n", Expect{Issuer: pl.Issuer})
	if in.Kind != PasteJWT || in.Token != tok {
		t.Fatalf("kind %s, token cleaned %v; problem %q", in.Kind, in.Token == tok, in.Problem)
	}
	in.Verify(context.Background(), ts.Client(), pl, nil, Guards{})
	for _, name := range []string{"signature", "iss", "exp", "alg"} {
		if r := rowOf(t, in, name); r.Status != flows.CheckPass {
			t.Errorf("%s: got %s (%s), want pass", name, r.Status, r.Detail)
		}
	}
	if len(in.Diagnoses) != 0 {
		t.Errorf("a good token has diagnoses: %v", codes(in.Diagnoses))
	}
	if len(in.Exchanges) < 2 || !slices.ContainsFunc(in.Secrets(), func(s flows.Secret) bool { return s.Value == tok }) {
		t.Errorf("want the discovery and JWKS exchanges and the token as a secret: %d exchanges", len(in.Exchanges))
	}
}

// forge signs claims with a new RSA key under kid.
func forge(t *testing.T, kid string, claims jwt.MapClaims) (string, *rsa.PrivateKey) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tk := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tk.Header["kid"] = kid
	s, err := tk.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s, key
}

func TestInspect_OtherKeyFails(t *testing.T) {
	ts, pl, tok := demoToken(t)
	d, _ := flows.DecodeJWT(tok)
	forged, _ := forge(t, d.KID(), jwt.MapClaims(d.Claims))
	in := Inspect(forged, Expect{Issuer: pl.Issuer})
	in.Verify(context.Background(), ts.Client(), pl, nil, Guards{})
	if r := rowOf(t, in, "signature"); r.Status != flows.CheckFail || !strings.Contains(r.Detail, "signature invalid") {
		t.Errorf("signature row: %+v", r)
	}
	if !slices.Contains(codes(in.Diagnoses), flows.CodeJWTSignatureInvalid) {
		t.Errorf("diagnoses %v, want %s", codes(in.Diagnoses), flows.CodeJWTSignatureInvalid)
	}
}

func TestInspect_Expired(t *testing.T) {
	ts, pl, tok := demoToken(t, string(demo.FaultExpiredToken))
	in := Inspect(tok, Expect{Issuer: pl.Issuer, Now: time.Now()})
	in.Verify(context.Background(), ts.Client(), pl, nil, Guards{})
	if r := rowOf(t, in, "exp"); r.Status != flows.CheckFail || !strings.Contains(r.Detail, "expired") {
		t.Errorf("exp row: %+v", r)
	}
	if !slices.Contains(codes(in.Diagnoses), flows.CodeJWTExpired) {
		t.Errorf("diagnoses %v, want %s", codes(in.Diagnoses), flows.CodeJWTExpired)
	}
	if r := rowOf(t, in, "signature"); r.Status != flows.CheckPass {
		t.Errorf("an expired token still shows its good signature: %+v", r)
	}
}

// hostileIssuer serves discovery and a JWKS for key, counting requests.
func hostileIssuer(t *testing.T, key *rsa.PrivateKey, kid string) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.URL.Path, "jwks") {
			n := base64.RawURLEncoding.EncodeToString(key.N.Bytes())
			e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes())
			fmt.Fprintf(w, `{"keys":[{"kty":"RSA","kid":%q,"n":%q,"e":%q}]}`, kid, n, e)
			return
		}
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q,"token_endpoint":%q}`, srv.URL, srv.URL+"/jwks", srv.URL+"/token")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// A token whose iss names a hostile server is verified with the walk's
// issuer's keys only: the hostile server is never asked (RFC 9700 §4.4).
func TestInspect_HostileIssNeverFetched(t *testing.T) {
	ts, pl, _ := demoToken(t)
	hostileKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	hostile, hits := hostileIssuer(t, hostileKey, "evil")
	tk := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": hostile.URL, "sub": "x",
		"exp": time.Now().Add(time.Hour).Unix()})
	tk.Header["kid"] = "evil"
	raw, _ := tk.SignedString(hostileKey)
	in := Inspect(raw, Expect{Issuer: pl.Issuer})
	in.Verify(context.Background(), ts.Client(), pl, nil, Guards{})
	if hits.Load() != 0 {
		t.Fatalf("the hostile issuer got %d requests; want none", hits.Load())
	}
	if in.Verification == nil || in.Verification.Verified || in.KeysFrom != ts.URL {
		t.Errorf("verified %+v with keys from %q; want not verified, keys from %s", in.Verification, in.KeysFrom, ts.URL)
	}
	if r := rowOf(t, in, "iss"); r.Status != flows.CheckFail || !strings.Contains(r.Detail, "expected issuer only") {
		t.Errorf("iss row: %+v", r)
	}
	if !slices.Contains(codes(in.Diagnoses), flows.CodeTokenIssMismatch) {
		t.Errorf("diagnoses %v, want %s", codes(in.Diagnoses), flows.CodeTokenIssMismatch)
	}
}

func TestInspect_IntrospectsWithTheWalksClient(t *testing.T) {
	ts, pl, tok := demoToken(t)
	in := Inspect(tok, Expect{Issuer: pl.Issuer})
	in.Introspect(context.Background(), ts.Client(), pl, nil, Guards{}, false)
	if in.IntrospectErr != nil || in.Introspection == nil || !in.Introspection.Active {
		t.Fatalf("introspection: %+v, %v", in.Introspection, in.IntrospectErr)
	}
	opaque := Inspect("'"+strings.Repeat("Zm9vYmFy", 4)+"'", Expect{})
	if opaque.Kind != PasteOpaque || !strings.Contains(opaque.Problem, "introspect") {
		t.Errorf("opaque: %s %q", opaque.Kind, opaque.Problem)
	}
	opaque.Introspect(context.Background(), ts.Client(), pl, nil, Guards{}, false)
	if opaque.Introspection == nil || opaque.Introspection.Active {
		t.Errorf("an unknown opaque token is inactive: %+v, %v", opaque.Introspection, opaque.IntrospectErr)
	}
}

func TestInspect_JWEAndAlgNone(t *testing.T) {
	jwe := Inspect("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d", Expect{})
	if jwe.Kind != PasteJWE || !strings.Contains(jwe.Summary, "encrypted") {
		t.Errorf("jwe: %s %q", jwe.Kind, jwe.Summary)
	}
	none := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": "x", "exp": time.Now().Add(time.Hour).Unix()})
	raw, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	in := Inspect(raw, Expect{})
	if r := rowOf(t, in, "alg"); r.Status != flows.CheckFail {
		t.Errorf("alg row: %+v", r)
	}
	if !slices.Contains(codes(in.Diagnoses), flows.CodeJWTAlgNotAllowed) {
		t.Errorf("diagnoses %v, want %s", codes(in.Diagnoses), flows.CodeJWTAlgNotAllowed)
	}
}
