package flows

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for every parser of what a server sends (issue 10 §6).
// Each asserts no panic, and that what oauthlens would print from the
// input (error messages, diagnoses, claim lines) holds no control or bidi
// character and no line break. Run them all with flows/fuzz.sh.

// hostileText is the server text the seeds are built from: terminal
// escapes (OSC 52, CSI 2J, RIS, OSC 8, title), C1 and bidi controls, and
// line breaks that would fake a line of oauthlens's own.
var hostileText = []string{
	"\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07", "\x1b[2J\x1b[H", "\x1bc", "\x1b]8;;https://evil.example\x07x\x1b]8;;\x07",
	"\x1b]0;pwned\x1b\\", "\x1bPq\x1b\\", "\u009b2J", "\u202egnp.exe", "\u061c\u200b\u2028\u2029\ufeff\u2066",
	"x\r\nSignature\n  verified (RS256, kid k1)", "\xff\xfe", "",
}

// fuzzExchange builds the exchange a server's answer would give.
func fuzzExchange(label string, status int, contentType, body string) Exchange {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return Exchange{Label: label, Method: http.MethodPost, URL: "https://as.example/" + label, Status: status,
		StatusText: strconv.Itoa(status) + " " + http.StatusText(status), ResponseHeader: h,
		ResponseBody: []byte(body), Started: time.Unix(1700000000, 0)}
}

// stubClient answers every request with the given answer, without a
// network: fuzzing runs far too many inputs for a server per input.
func stubClient(status int, contentType, body string, header ...string) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		h := http.Header{"Content-Type": {contentType}}
		for i := 0; i+1 < len(header); i += 2 {
			h.Add(header[i], header[i+1])
		}
		return &http.Response{StatusCode: status, Status: strconv.Itoa(status) + " " + http.StatusText(status),
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Request: r,
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))}, nil
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// lineOK fails the test when s, meant for one line, is not clean.
func lineOK(t *testing.T, what, s string) {
	t.Helper()
	if why := checkLine(s); why != "" {
		t.Errorf("%s: %q: %s", what, s, why)
	}
}

// diagnosesOK fails the test when a diagnosis holds unclean text.
func diagnosesOK(t *testing.T, ds []Diagnosis) {
	t.Helper()
	for _, d := range ds {
		lineOK(t, "diagnosis summary", d.Summary)
		for _, s := range append(append(append([]string{}, d.Causes...), d.Evidence...), d.Refs...) {
			lineOK(t, "diagnosis "+string(d.Code), s)
		}
		for _, f := range d.Fixes {
			lineOK(t, "diagnosis fix", f.Text)
		}
	}
}

func FuzzParseMetadata(f *testing.F) {
	f.Add(`{"issuer":"https://as.example","token_endpoint":"https://as.example/token"}`, "application/json")
	f.Add(`{"issuer":"https://other.example","grant_types_supported":["x\ny"],"jwks_uri":"http://evil.example/k"}`, "")
	f.Add(`<html><title>Login`+"\x1b[2J"+`</title></html>`, "text/html")
	f.Add(`[1,2]`, "application/json")
	f.Add(`{"issuer":1}`, "application/json")
	f.Add(`null`, "")
	for _, h := range hostileText {
		f.Add(`{"issuer":"`+h+`","grant_types_supported":["`+h+`"],"token_endpoint":"http://a/`+h+`"}`, "")
		f.Add(h, "text/html")
	}
	f.Fuzz(func(t *testing.T, body, contentType string) {
		md, err := ParseMetadata([]byte(body), contentType)
		if err != nil {
			de := &DiscoveryError{Attempts: []Attempt{{URL: "https://as.example/.well-known/x", Status: 200,
				Err: err.Error()}}, Last: err}
			lineOK(t, "DiscoveryError", de.Error())
			return
		}
		for _, p := range CheckMetadata(md, "https://as.example") {
			lineOK(t, "problem "+p.Code, p.Message)
		}
		diagnosesOK(t, DiagnoseDiscovery(Discovery{Asked: "https://as.example", Metadata: md,
			Problems: CheckMetadata(md, "https://as.example")}))
	})
}

func FuzzParseTokenResponse(f *testing.F) {
	f.Add(200, "application/json", `{"access_token":"abc","token_type":"Bearer","expires_in":"3600"}`)
	f.Add(200, "application/x-www-form-urlencoded", `access_token=abc&token_type=bearer&expires_in=3600`)
	f.Add(200, "text/plain", `access_token=a%1B%5D52%3Bc%3BAA%07`)
	f.Add(200, "application/json", `{"access_token":12345}`)
	f.Add(200, "application/json", `{"access_token":"ok","id_token":"eyJ.e30"}`)
	f.Add(200, "application/json", `{"error":"bad\r\nSignature verified","error_description":"x"}`)
	f.Add(400, "application/json", `{"error":"invalid_client"}`)
	f.Add(502, "text/html", `<html><title>Bad`+"\n"+`Gateway</title>`)
	for _, h := range hostileText {
		f.Add(200, "application/json", `{"access_token":"`+h+`"}`)
		f.Add(200, "application/json", `{"access_token":"ok","refresh_token":"`+h+`"}`)
		f.Add(400, "application/json", `{"error":"`+h+`","error_description":"`+h+`"}`)
	}
	f.Fuzz(func(t *testing.T, status int, contentType, body string) {
		if status < 100 || status > 999 {
			status = 200
		}
		tok, err := ParseTokenResponse(fuzzExchange("token", status, contentType, body))
		if err != nil {
			lineOK(t, "token error", err.Error())
			return
		}
		if err := ValidateTokenString(KindAccessToken, tok.AccessToken); err != nil {
			t.Errorf("accepted access token %q: %v", tok.AccessToken, err)
		}
		if tok.RefreshToken != "" && checkLine(tok.RefreshToken) != "" {
			t.Errorf("accepted refresh token %q", tok.RefreshToken)
		}
	})
}

// fuzzJWT builds a JWS-shaped token from a header and claims JSON.
func fuzzJWT(header, claims string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(header)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2ln"
}

func FuzzDecodeJWT(f *testing.F) {
	f.Add(fuzzJWT(`{"alg":"RS256","kid":"k-rsa"}`, `{"sub":"alice","exp":1700000000,"aud":["a","b"]}`))
	f.Add(fuzzJWT(`{"alg":"RS256","crit":["b64"],"b64":false}`, `{}`))
	f.Add(fuzzJWT(`{"alg":"RS256","crit":[]}`, `{}`))
	f.Add(fuzzJWT(`{"alg":"none"}`, `{"exp":"1e400"}`))
	f.Add("eyJhbGciOiJSUzI1NiJ9.broken.sig")
	f.Add("a.b.c.d.e")
	f.Add("opaque-token")
	for _, h := range hostileText {
		q := strings.ReplaceAll(strings.ReplaceAll(h, `\`, `\\`), `"`, `\"`)
		f.Add(fuzzJWT(`{"alg":"RS256","kid":"`+q+`"}`, `{"`+q+`":"`+q+`","iss":"`+q+`","aud":"`+q+`"}`))
		f.Add(fuzzJWT(`{"alg":"`+q+`","crit":["`+q+`"]}`, `{"sub":{"`+q+`":["`+q+`"]}}`))
		f.Add(h)
	}
	jwks := []byte(`{"keys":[{"kty":"EC","crv":"P-256","kid":"k-ec",` +
		`"x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}`)
	now := time.Unix(1700000000, 0)
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := DecodeJWT(raw)
		if err != nil {
			lineOK(t, "decode error", err.Error())
			return
		}
		for k, v := range d.Header {
			lineOK(t, "header line", ClaimLine(k, v))
		}
		for k, v := range d.Claims {
			lineOK(t, "claim line", ClaimLine(k, v))
		}
		for _, c := range CheckClaims(d, "https://as.example", "api", now) {
			lineOK(t, "check "+c.Code, c.Message)
		}
		v := VerifyJWT(raw, jwks)
		if _, crit := d.Header["crit"]; crit && v.Verified {
			t.Errorf("verified a token with crit: %v", d.Header)
		}
		lineOK(t, "verification error", v.Err)
		lineOK(t, "verification kid", v.KID)
		lineOK(t, "verification alg", v.Alg)
		diagnosesOK(t, DiagnoseVerification(v))
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add(`{"keys":[{"kty":"EC","crv":"P-256","kid":"k","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",` +
		`"y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}`)
	f.Add(`{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"s"}]}`)
	f.Add(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","use":"enc","kid":"k-rsa"}]}`)
	f.Add(`{"keys":[]}`)
	f.Add(`{"kty":"RSA"}`)
	f.Add(`<html>`)
	for _, h := range hostileText {
		q := strings.ReplaceAll(strings.ReplaceAll(h, `\`, `\\`), `"`, `\"`)
		f.Add(`{"keys":[{"kty":"` + q + `","kid":"` + q + `","alg":"` + q + `","crv":"` + q + `"}]}`)
	}
	token := fuzzJWT(`{"alg":"ES256","kid":"k"}`, `{"sub":"x"}`)
	tokenNoKid := fuzzJWT(`{"alg":"RS256"}`, `{"sub":"x"}`)
	f.Fuzz(func(t *testing.T, body string) {
		_, err := parseJWKS([]byte(body), "application/json")
		if err != nil {
			lineOK(t, "JWKS error", err.Error())
		}
		for _, raw := range []string{token, tokenNoKid} {
			v := VerifyJWT(raw, []byte(body))
			if v.Verified {
				t.Errorf("a fake signature verified against %q", body)
			}
			lineOK(t, "verification error", v.Err)
		}
	})
}

func FuzzIntrospect(f *testing.F) {
	f.Add(200, "application/json", `{"active":true,"scope":"a b","exp":1700000000,"client_id":"c"}`)
	f.Add(200, "application/x-www-form-urlencoded", `active=true`)
	f.Add(200, "application/json", `{"active":"true","exp":"soon"}`)
	f.Add(401, "application/json", `{"error":"invalid_client"}`)
	for _, h := range hostileText {
		f.Add(200, "application/json", `{"active":true,"sub":"`+h+`","error":"`+h+`"}`)
		f.Add(500, "text/html", h)
	}
	f.Fuzz(func(t *testing.T, status int, contentType, body string) {
		if status < 100 || status > 999 {
			status = 200
		}
		_, _, err := Introspect(context.Background(), stubClient(status, contentType, body), "https://as.example/i",
			ClientAuth{ID: "c", Secret: "s"}, "tok", "access_token")
		if err != nil {
			lineOK(t, "introspection error", err.Error())
		}
	})
}

func FuzzParseRegistration(f *testing.F) {
	f.Add(201, `{"client_id":"c","client_secret":"s","client_secret_expires_at":0}`)
	f.Add(201, `{"client_id":123,"client_id_issued_at":"x"}`)
	f.Add(201, `{}`)
	f.Add(400, `{"error":"invalid_client_metadata","error_description":"scope x is not allowed"}`)
	f.Add(400, `{"error":"invalid_redirect_uri"}`)
	for _, h := range hostileText {
		f.Add(201, `{"client_id":"`+h+`","client_secret":"`+h+`"}`)
		f.Add(400, `{"error":"`+h+`","error_description":"`+h+`"}`)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 100 || status > 999 {
			status = 201
		}
		_, _, err := Register(context.Background(), stubClient(status, "application/json", body),
			RegistrationRequest{Endpoint: "https://as.example/register", ClientName: "x", Scopes: []string{"a"}})
		if err != nil {
			lineOK(t, "registration error", err.Error())
		}
	})
}

// FuzzDiagnoseErrorBody feeds error answers of the token endpoint and of
// a protected API (with a WWW-Authenticate header) to Diagnose.
func FuzzDiagnoseErrorBody(f *testing.F) {
	f.Add(401, "application/json", `{"error":"invalid_client"}`, `Basic realm="x"`)
	f.Add(400, "application/json", `{"error":"invalid_scope","error_description":"unknown scope"}`, "")
	f.Add(403, "application/json", `{}`, `Bearer error="insufficient_scope", scope="a b"`)
	f.Add(429, "text/plain", `slow down`, `Bearer error="invalid_token"`)
	f.Add(502, "text/html", `<html><title>Bad Gateway</title></html>`, "")
	f.Add(200, "application/json", `{"error":"bad\r\nSignature verified"}`, "")
	for _, h := range hostileText {
		f.Add(400, "application/json", `{"error":"`+h+`","error_description":"`+h+`","error_uri":"`+h+`"}`, "")
		f.Add(401, "text/html", `<title>`+h+`</title>`, `Bearer error="`+h+`", error_description="`+h+`"`)
	}
	req := TokenRequest{TokenURL: "https://as.example/token", ClientID: "c", ClientSecret: "s", Scopes: []string{"a"}}
	f.Fuzz(func(t *testing.T, status int, contentType, body, wwwAuth string) {
		if status < 100 || status > 999 {
			status = 400
		}
		ex := fuzzExchange("token", status, contentType, body)
		if _, err := ParseTokenResponse(ex); err != nil {
			lineOK(t, "token error", err.Error())
			diagnosesOK(t, Diagnose(err, Context{Step: StepToken, Request: &req, Exchanges: []Exchange{ex}}))
		}
		hc := stubClient(status, contentType, body, "WWW-Authenticate", wwwAuth, "Retry-After", "5")
		call := CallRequest{URL: "https://api.example/me"}
		_, exs, err := Call(context.Background(), hc, call, Token{AccessToken: "t"}, nil)
		if err != nil {
			lineOK(t, "call error", err.Error())
			diagnosesOK(t, Diagnose(err, Context{Step: StepCall, Request: &req, Exchanges: exs}))
		}
	})
}
