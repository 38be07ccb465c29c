package flows

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

type testKeySet struct {
	rsa, otherRSA *rsa.PrivateKey
	ec            *ecdsa.PrivateKey
}

// testKeys generates the signing keys once for all tests.
var testKeys = sync.OnceValue(func() testKeySet {
	r1, err1 := rsa.GenerateKey(rand.Reader, 2048)
	r2, err2 := rsa.GenerateKey(rand.Reader, 2048)
	ec, err3 := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err := errors.Join(err1, err2, err3); err != nil {
		panic(err)
	}
	return testKeySet{rsa: r1, otherRSA: r2, ec: ec}
})

func signJWT(t *testing.T, m jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func publicJWK(t *testing.T, pub any, kid, alg string) jwkset.JWKMarshal {
	t.Helper()
	j, err := jwkset.NewJWKFromKey(
		pub,
		jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid, ALG: jwkset.ALG(alg)}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return j.Marshal()
}

func jwksJSON(t *testing.T, keys ...jwkset.JWKMarshal) []byte {
	t.Helper()
	b, err := json.Marshal(jwkset.JWKSMarshal{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestDecodeJWT_Claims(t *testing.T) {
	k := testKeys()
	raw := signJWT(t, jwt.SigningMethodRS256, k.rsa, "k1", jwt.MapClaims{
		"iss": "https://as.example", "aud": []string{"api-a", "api-b"}, "exp": 1700000000.5, "iat": "1699996400",
		"scope": "read write", "scp": []string{"write", "admin"},
	})
	d, err := DecodeJWT("Bearer " + raw + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if d.Raw != raw || d.Alg() != "RS256" || d.KID() != "k1" || d.Signature != raw[strings.LastIndex(raw, ".")+1:] {
		t.Errorf("got raw/alg/kid/sig %q %q %q %q", d.Raw, d.Alg(), d.KID(), d.Signature)
	}
	if exp, ok := d.Time("exp"); !ok || !exp.Equal(time.Unix(1700000000, 5e8)) {
		t.Errorf("exp: got %v %v", exp, ok)
	}
	if iat, ok := d.Time("iat"); !ok || iat.Unix() != 1699996400 {
		t.Errorf("iat (numeric string): got %v %v", iat, ok)
	}
	if _, ok := d.Time("nbf"); ok {
		t.Error("nbf: got a time for a missing claim")
	}
	if got := strings.Join(d.Audience(), ","); got != "api-a,api-b" {
		t.Errorf("aud: got %q, want %q", got, "api-a,api-b")
	}
	if got := strings.Join(d.Scopes(), ","); got != "read,write,admin" {
		t.Errorf("scopes: got %q, want %q", got, "read,write,admin")
	}
	single := DecodedJWT{Claims: map[string]any{"aud": "api", "scp": "a b", "exp": true}}
	if got := strings.Join(single.Audience(), ",") + "|" + strings.Join(single.Scopes(), ","); got != "api|a,b" {
		t.Errorf("string aud and scp: got %q, want %q", got, "api|a,b")
	}
	if _, ok := single.Time("exp"); ok {
		t.Error("exp true: got a time")
	}
}

func TestDecodeJWT_Errors(t *testing.T) {
	header := b64(`{"alg":"RS256","typ":"JWT"}`)
	tests := []struct {
		name, raw string
		is        error
		want      string
	}{
		{"empty", "  ", ErrNotJWT, "empty"},
		{"opaque", "2YotnFZFEjr1zCsicMWpAA", ErrNotJWT, "opaque"},
		{"opaque with dots", "abc.def.ghi", ErrNotJWT, "opaque"},
		{"two parts", header + "." + b64("{}"), ErrNotJWT, "2 part(s)"},
		{
			"header base64",
			"eyJhbGciOi*JSUzI1NiJ9." + b64("{}") + ".c2ln",
			nil,
			"header (part 1 of 3) is broken: not valid base64url",
		},
		{
			"header not an object",
			b64(`{"alg":`) + "." + b64("{}") + ".c2ln",
			nil,
			"header (part 1 of 3) is broken: not a JSON object",
		},
		{
			"claims json",
			header + "." + b64("{not json") + ".c2ln",
			nil,
			"claims (part 2 of 3) are broken: not a JSON object",
		},
		{"claims base64", header + ".e30!.c2ln", nil, "claims (part 2 of 3) are broken: not valid base64url"},
		{"JWE", b64(`{"alg":"RSA-OAEP","enc":"A256GCM"}`) + ".a.b.c.d", ErrEncryptedJWT, "encrypted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeJWT(tt.raw)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("got %v, want it to wrap %v", err, tt.is)
			}
			if tt.is == nil && (errors.Is(err, ErrNotJWT) || errors.Is(err, ErrEncryptedJWT)) {
				t.Errorf("got %v, want a malformed-JWT error, not an opaque one", err)
			}
		})
	}
}

func TestDecodeJWT_UnknownAlgStillDecodes(t *testing.T) {
	d, err := DecodeJWT(b64(`{"alg":"XS999","kid":"a"}`) + "." + b64(`{"sub":"x"}`) + ".!!")
	if err != nil || d.Alg() != "XS999" || d.Claims["sub"] != "x" {
		t.Fatalf("got %+v, %v", d, err)
	}
}

var (
	validClaims   = jwt.MapClaims{"iss": "https://as.example", "exp": 4102444800.0} // 2100
	expiredClaims = jwt.MapClaims{"iss": "https://as.example", "exp": 1500000000.0} // 2017
)

type verifyCase struct {
	name, raw string
	jwks      []byte
	verified  bool
	keyFound  bool
	wantErr   string
}

// testJWKS is a set with the RSA key as "k-rsa" and the EC key as "k-ec".
func testJWKS(t *testing.T) []byte {
	k := testKeys()
	return jwksJSON(t, publicJWK(t, &k.rsa.PublicKey, "k-rsa", ""), publicJWK(t, &k.ec.PublicKey, "k-ec", ""))
}

func runVerifyCases(t *testing.T, tests []verifyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := VerifyJWT(tt.raw, tt.jwks)
			if v.Verified != tt.verified || v.KeyFound != tt.keyFound || !strings.Contains(v.Err, tt.wantErr) {
				t.Errorf(
					"got %+v, want verified=%v keyFound=%v err containing %q",
					v,
					tt.verified,
					tt.keyFound,
					tt.wantErr,
				)
			}
			if tt.verified && v.Err != "" {
				t.Errorf("verified with an error: %q", v.Err)
			}
		})
	}
}

func TestVerifyJWT_Verifies(t *testing.T) {
	k, set := testKeys(), testJWKS(t)
	runVerifyCases(t, []verifyCase{
		{"RS256", signJWT(t, jwt.SigningMethodRS256, k.rsa, "k-rsa", validClaims), set, true, true, ""},
		{"PS384", signJWT(t, jwt.SigningMethodPS384, k.rsa, "k-rsa", validClaims), set, true, true, ""},
		{"ES256", signJWT(t, jwt.SigningMethodES256, k.ec, "k-ec", validClaims), set, true, true, ""},
		{
			"expired still verifies",
			signJWT(t, jwt.SigningMethodRS256, k.rsa, "k-rsa", expiredClaims),
			set,
			true,
			true,
			"",
		},
		{"no kid, one fitting key", signJWT(t, jwt.SigningMethodES256, k.ec, "", validClaims), set, true, true, ""},
	})
}

func TestVerifyJWT_KeysAndSignatures(t *testing.T) {
	k, set := testKeys(), testJWKS(t)
	pinned := jwksJSON(t, publicJWK(t, &k.rsa.PublicKey, "k-rsa", "RS256"))
	runVerifyCases(t, []verifyCase{
		{
			"wrong key",
			signJWT(t, jwt.SigningMethodRS256, k.otherRSA, "k-rsa", validClaims),
			set,
			false,
			true,
			"signature invalid",
		},
		{
			"no kid, wrong key",
			signJWT(t, jwt.SigningMethodRS256, k.otherRSA, "", validClaims),
			set,
			false,
			true,
			"signature invalid",
		},
		{"kid rotated", signJWT(t, jwt.SigningMethodRS256, k.rsa, "gone", validClaims), set, false, false,
			`no key with kid "gone" in the JWKS (keys: k-rsa, k-ec) — the server may have rotated its keys`},
		{
			"key pinned to RS256",
			signJWT(t, jwt.SigningMethodPS256, k.rsa, "k-rsa", validClaims),
			pinned,
			false,
			true,
			"allows only RS256",
		},
		{"opaque token", "2YotnFZFEjr1zCsicMWpAA", set, false, false, "not a JWT"},
		{
			"JWKS not a set",
			signJWT(t, jwt.SigningMethodRS256, k.rsa, "k-rsa", validClaims),
			[]byte(`{"a":1}`),
			false,
			false,
			"not a usable JWK Set",
		},
	})
}

func TestVerifyJWT_RefusesAlgorithms(t *testing.T) {
	k, set := testKeys(), testJWKS(t)
	der, err := x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	secret := []byte("0123456789abcdef0123456789abcdef")
	octSet := jwksJSON(
		t,
		jwkset.JWKMarshal{KTY: jwkset.KtyOct, KID: "k-oct", K: base64.RawURLEncoding.EncodeToString(secret)},
	)
	runVerifyCases(t, []verifyCase{
		{
			"alg none",
			signJWT(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "k-rsa", validClaims),
			set,
			false,
			false,
			"algorithm none is never accepted",
		},
		{
			"HS256 keyed with the RSA public key PEM",
			signJWT(t, jwt.SigningMethodHS256, pubPEM, "k-rsa", validClaims),
			set,
			false,
			true,
			"the token says HS256 but the key is an RSA key (algorithm confusion refused)",
		},
		{
			"HS256 keyed with the RSA public key DER",
			signJWT(t, jwt.SigningMethodHS256, der, "k-rsa", validClaims),
			set,
			false,
			true,
			"algorithm confusion refused",
		},
		{
			"HS256, no kid",
			signJWT(t, jwt.SigningMethodHS256, pubPEM, "", validClaims),
			set,
			false,
			false,
			"no key in the JWKS allows HS256",
		},
		{"RS256 against the EC key", signJWT(t, jwt.SigningMethodRS256, k.rsa, "k-ec", validClaims), set, false, true,
			"the token says RS256 but the key is an EC P-256 key, which allows only ES256 (algorithm confusion refused)"},
		{
			"HS256 against an oct key",
			signJWT(t, jwt.SigningMethodHS256, secret, "k-oct", validClaims),
			octSet,
			false,
			true,
			"shared secret",
		},
	})
}

func TestVerifyJWT_ReportsHeader(t *testing.T) {
	k := testKeys()
	raw := signJWT(t, jwt.SigningMethodES256, k.ec, "k-\x1b[31mec", jwt.MapClaims{})
	v := VerifyJWT(raw, jwksJSON(t, publicJWK(t, &k.ec.PublicKey, "k-ec", "")))
	if v.KID != `k-\x1b[31mec` || v.Alg != "ES256" || v.Verified || v.KeyFound {
		t.Errorf("got %+v, want the kid escaped on one line, alg ES256, not verified", v)
	}
}

func TestFetchJWKS(t *testing.T) {
	k := testKeys()
	good := jwksJSON(t, publicJWK(t, &k.rsa.PublicKey, "k-rsa", "RS256"))
	srv := httptest.NewServer(jwksHandler(good))
	defer srv.Close()
	tests := []struct {
		path    string
		status  int
		invalid bool // the error wraps ErrInvalidJWKS
		wantErr string
	}{
		{"/ok", 200, false, ""},
		{"/missing", 404, false, "answered 404 Not Found"},
		{"/moved", 301, false, `redirecting to "/ok"`},
		{"/html", 200, true, "HTML page"},
		{"/badjson", 200, true, "not a JSON object"},
		{"/notset", 200, true, `no "keys" member`},
		{"/empty", 200, true, "no keys"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			jwks, ex, err := FetchJWKS(context.Background(), srv.Client(), srv.URL+tt.path)
			if ex.Label != "jwks" || ex.Method != http.MethodGet || ex.Status != tt.status {
				t.Errorf("exchange: got %q %q %d, want jwks GET %d", ex.Label, ex.Method, ex.Status, tt.status)
			}
			if tt.wantErr == "" {
				if err != nil || string(jwks) != string(good) {
					t.Fatalf("got %q, %v; want the JWKS", jwks, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || jwks != nil {
				t.Fatalf("got %q, %v; want an error containing %q", jwks, err, tt.wantErr)
			}
			if errors.Is(err, ErrInvalidJWKS) != tt.invalid {
				t.Errorf("got %v, want errors.Is(ErrInvalidJWKS) = %v", err, tt.invalid)
			}
		})
	}
}

// jwksHandler serves good at /ok and the ways a JWKS endpoint goes wrong.
func jwksHandler(good []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			w.Header().Set("Content-Type", "application/jwk-set+json")
			w.Write(good)
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!doctype html><title>Sign in</title>"))
		case "/badjson":
			w.Write([]byte(`{"keys": [`))
		case "/notset":
			w.Write([]byte(`{"issuer": "https://as.example"}`))
		case "/empty":
			w.Write([]byte(`{"keys": []}`))
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	}
}

func TestFetchJWKS_Unreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/jwks"
	srv.Close()
	_, ex, err := FetchJWKS(context.Background(), srv.Client(), url)
	if err == nil || ex.Err == "" || ex.URL != url {
		t.Errorf("got %v (exchange %+v), want a transport error recorded", err, ex)
	}
}

// claimsAt are clean claims relative to now, with k set to v (removed if nil).
func claimsAt(now time.Time, k string, v any) map[string]any {
	c := map[string]any{"iss": "https://as.example", "aud": []any{"api", "other"},
		"exp": float64(now.Add(time.Hour).Unix()), "iat": float64(now.Add(-time.Minute).Unix())}
	if k != "" {
		c[k] = v
	}
	if v == nil {
		delete(c, k)
	}
	return c
}

func TestCheckClaims(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) float64 { return float64(now.Add(d).Unix()) }
	tests := []struct {
		name, k  string
		v        any
		iss, aud string
		want     string // "code: part of the message", or "" for no error or warning
	}{
		{"clean", "", nil, "https://as.example", "api", ""},
		{"no expectations", "iss", "https://evil.example", "", "", ""},
		{"expired", "exp", at(-3 * time.Hour), "", "", "expired: the token expired 3h ago (exp 2025-06-01T09:00:00Z)"},
		{"expired just now", "exp", at(0), "", "", "expired: expired just now"},
		{
			"nbf in the future",
			"nbf",
			at(5*time.Minute + 12*time.Second),
			"",
			"",
			"not_yet_valid: 5m 12s from now (nbf) (clock skew",
		},
		{"nbf within leeway", "nbf", at(45 * time.Second), "", "", ""},
		{"iat in the future", "iat", at(2 * time.Minute), "", "", "issued_in_future: issued 2m in the future"},
		{
			"iss mismatch",
			"",
			nil,
			"https://as.example/",
			"",
			`iss_mismatch: is "https://as.example", not "https://as.example/"`,
		},
		{"aud mismatch", "", nil, "", "billing", `aud_mismatch: is ["api" "other"], not "billing"`},
		{"aud missing", "aud", nil, "", "api", `aud_mismatch: is [], not "api"`},
		{"exp missing", "exp", nil, "", "", "exp_missing: no (readable) exp claim"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DecodedJWT{Header: map[string]any{"typ": "at+jwt"}, Claims: claimsAt(now, tt.k, tt.v)}
			var got []string
			for _, f := range CheckClaims(d, tt.iss, tt.aud, now) {
				got = append(got, f.Code+": "+f.Message)
			}
			code, part, _ := strings.Cut(tt.want, ": ")
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("got %q, want no findings", got)
			case tt.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], code+": ") || !strings.Contains(got[0], part)):
				t.Errorf("got %q, want one finding %q containing %q", got, code, part)
			}
		})
	}
}

func TestCheckClaims_Typ(t *testing.T) {
	now := time.Unix(1700000000, 0)
	for typ, want := range map[string]int{"at+jwt": 0, "application/AT+JWT": 0, "JWT": 1, "": 1} {
		d := DecodedJWT{Header: map[string]any{"typ": typ}, Claims: map[string]any{"exp": 1800000000.0}}
		got := CheckClaims(d, "", "", now)
		if len(got) != want || want == 1 && (got[0].Code != "typ" || got[0].Severity != "info") {
			t.Errorf("typ %q: got %+v, want %d info finding(s)", typ, got, want)
		}
	}
}
