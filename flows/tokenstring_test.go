package flows

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// hostileTokens are token values a server could send to take over the
// terminal of whoever prints them.
var hostileTokens = map[string]string{
	"OSC 52 clipboard write": "abc\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07def",
	"CSI clear screen":       "abc\x1b[2J\x1b[Hdef",
	"RIS":                    "abc\x1bcdef",
	"OSC 8 hyperlink":        "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
	"title set":              "\x1b]0;pwned\x1b\\abc",
	"DCS":                    "\x1bPq#0\x1b\\abc",
	"C1 CSI":                 "abc\u009b2Jdef",
	"bidi override":          "abc\u202edef",
	"Arabic letter mark":     "abc\u061cdef",
	"line break":             "abc\nSignature verified\ndef",
	"space":                  "abc def",
	"JWT with four parts":    "eyJhbGciOiJSUzI1NiJ9.e30.sig.extra",
	"padding inside":         "ab=cd",
}

func TestValidateTokenString(t *testing.T) {
	for name, tok := range hostileTokens {
		t.Run(name, func(t *testing.T) {
			err := ValidateTokenString(KindAccessToken, tok)
			var te *TokenStringError
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *TokenStringError", err)
			}
			if why := checkLine(err.Error()); why != "" {
				t.Errorf("error %q: %s", err, why)
			}
		})
	}
	for _, ok := range []string{"abc", "2YotnFZFEjr1zCsicMWpAA", "a-b._~+/c==", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
		"eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d", "eyJhbGciOiJub25lIn0.e30."} {
		if err := ValidateTokenString(KindAccessToken, ok); err != nil {
			t.Errorf("ValidateTokenString(%q): %v", ok, err)
		}
	}
	if err := ValidateTokenString(KindRefreshToken, "tGzv3JOkF0XG5Qx2TlKWIA: ok!"); err != nil {
		t.Errorf("refresh token of VSCHARs refused: %v", err)
	}
	if err := ValidateTokenString(KindIDToken, "opaque"); err == nil {
		t.Error("an ID token that is not a JWT was accepted")
	}
}

// TestRequestToken_HostileTokens gets each hostile token over HTTP: the
// token request fails, and the error shows the value escaped on one line.
func TestRequestToken_HostileTokens(t *testing.T) {
	bodies := map[string]string{}
	for name, tok := range hostileTokens {
		bodies[name] = `{"access_token":` + jsonString(tok) + `,"token_type":"Bearer"}`
	}
	bodies["numeric access_token"] = `{"access_token":12345,"token_type":"Bearer"}`
	bodies["object access_token"] = `{"access_token":{"a":1},"token_type":"Bearer"}`
	bodies["null access_token"] = `{"access_token":null,"token_type":"Bearer"}`
	bodies["hostile refresh_token"] = `{"access_token":"ok","refresh_token":"a\u001b[2Jb"}`
	bodies["hostile id_token"] = `{"access_token":"ok","id_token":"eyJ\u202e.e30.x"}`
	bodies["id_token not a JWT"] = `{"access_token":"ok","id_token":"opaque"}`
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(answer(200, "application/json", body))
			defer srv.Close()
			_, _, err := RequestToken(context.Background(), srv.Client(),
				TokenRequest{TokenURL: srv.URL, ClientID: "c", ClientSecret: "s"})
			var te *TokenStringError
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *TokenStringError", err)
			}
			if why := checkLine(err.Error()); why != "" || strings.Contains(err.Error(), "\x1b") {
				t.Errorf("error %q: %s", err, why)
			}
		})
	}
	t.Run("form-encoded", func(t *testing.T) {
		srv := httptest.NewServer(
			answer(200, "application/x-www-form-urlencoded", "access_token=a%1B%5D52%3Bc%3BAA%07"),
		)
		defer srv.Close()
		_, _, err := RequestToken(context.Background(), srv.Client(),
			TokenRequest{TokenURL: srv.URL, ClientID: "c", ClientSecret: "s"})
		if want := `"a\x1b]52;c;AA\a"`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error showing %s", err, want)
		}
	})
}

func TestValidateTokenString_ShortensLongValues(t *testing.T) {
	err := ValidateTokenString(KindAccessToken, strings.Repeat("a", 5000)+"\x1b")
	if err == nil || len(err.Error()) > 300 {
		t.Errorf("got %q, want a short error", err)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	return string(b)
}
