package flows

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestReadToken(t *testing.T) {
	tok, err := ReadToken(strings.NewReader("  eyJ.e30.x\n"))
	if err != nil || tok != "eyJ.e30.x" {
		t.Errorf("got %q, %v, want the trimmed token", tok, err)
	}
	big := strings.Repeat("a", MaxTokenInput+10)
	_, err = ReadToken(strings.NewReader(big))
	var te *TooLargeError
	if !errors.As(err, &te) || te.N != int64(len(big)) || te.AtLeast {
		t.Fatalf("got %#v, want a *TooLargeError of %d bytes", err, len(big))
	}
	if want := "the token is too large (1048586 bytes, limit 1048576)"; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

func TestReadCapped_Endless(t *testing.T) {
	_, err := ReadCapped(endless{}, 16)
	if err == nil || err.Error() != "the input is too large (at least 1025 bytes, limit 16)" {
		t.Errorf("got %v", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) { return len(p), nil }

func TestDecodeJWT_TooLarge(t *testing.T) {
	raw := "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("e", MaxTokenInput) + ".sig"
	_, err := DecodeJWT(raw)
	if !IsTooLarge(err) || errors.Is(err, ErrNotJWT) {
		t.Errorf("got %v, want too large and not opaque", err)
	}
}

// gzipBomb is a small gzip body that expands past MaxProtocolBody.
func gzipBomb(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := io.CopyN(zw, zeroReader{}, 4*MaxProtocolBody); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestTooLarge_MetadataAndJWKS(t *testing.T) {
	bomb := gzipBomb(t)
	huge := `{"issuer":"` + strings.Repeat("x", MaxProtocolBody) + `"}`
	serve := func(gz bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if gz {
				w.Header().Set("Content-Encoding", "gzip")
				_, _ = w.Write(bomb)
				return
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(huge)))
			_, _ = io.WriteString(w, huge)
		}
	}
	for _, tt := range []struct {
		name string
		gz   bool
		want string
	}{
		{"oversized", false, "too large (1048589 bytes, limit 1048576)"},
		{"gzip bomb", true, "too large (4194304 bytes once decompressed, limit 1048576)"}, // counted by Send
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serve(tt.gz))
			defer srv.Close()
			_, _, err := Discover(context.Background(), srv.Client(), srv.URL+"/.well-known/openid-configuration", "")
			if !IsTooLarge(err) || !strings.Contains(err.Error(), "the metadata is "+tt.want) ||
				strings.Contains(err.Error(), "JSON") {
				t.Errorf("discovery: got %v, want %q", err, tt.want)
			}
			_, _, err = FetchJWKS(context.Background(), srv.Client(), srv.URL)
			if !IsTooLarge(err) || !errors.Is(err, ErrInvalidJWKS) ||
				!strings.Contains(err.Error(), "the JWKS is "+tt.want) {
				t.Errorf("JWKS: got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRequestToken_TooLarge: a token answer over the cap was cut by Send
// and then called "not valid JSON: unexpected EOF", a broken body to retry;
// it is a *TooLargeError with the size seen and its own diagnosis, with or
// without Content-Length, valid JSON or not.
func TestRequestToken_TooLarge(t *testing.T) {
	body := `{"access_token":"abc","token_type":"Bearer","pad":"` + strings.Repeat("x", 2<<20) + `"}`
	for _, tt := range []struct {
		name, body string
		length     bool
		want       string
	}{
		{"JSON, chunked", body, false, fmt.Sprintf("(%d bytes, limit %d)", len(body), MaxProtocolBody)},
		{"JSON, Content-Length", body, true, fmt.Sprintf("(%d bytes, limit %d)", len(body), MaxProtocolBody)},
		{"garbage", strings.Repeat("<html>", 3<<20/6), false, fmt.Sprintf("(%d bytes, limit", 3<<20/6*6)},
		{"endless", strings.Repeat("x", 9*MaxProtocolBody), false, fmt.Sprintf("(at least %d bytes", 8*MaxProtocolBody+1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if tt.length {
					w.Header().Set("Content-Length", strconv.Itoa(len(tt.body)))
				}
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			_, ex, err := RequestToken(context.Background(), srv.Client(),
				TokenRequest{TokenURL: srv.URL, ClientID: "c", AuthMethod: AuthNone})
			if !IsTooLarge(err) || !strings.Contains(err.Error(), "the token response is too large "+tt.want) {
				t.Fatalf("got %v, want a *TooLargeError saying %q", err, tt.want)
			}
			ds := Diagnose(err, Context{Step: StepToken, Exchanges: []Exchange{ex}})
			if len(ds) == 0 || ds[0].Code != CodeFor(StepToken, CodeTooLarge) {
				t.Fatalf("diagnoses %+v, want %s first", ds, CodeFor(StepToken, CodeTooLarge))
			}
			for _, f := range ds[0].Fixes {
				if f.Kind == FixRetry {
					t.Errorf("fix %q: the same answer comes back, a retry is no fix", f.Text)
				}
			}
		})
	}
}
