package ui

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/golang-jwt/jwt/v5"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// inspectKey signs the inspector's test tokens; jwksServer publishes it.
var inspectKey = func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}()

// jwksServer answers testIssuer's JWKS in process, counting requests to
// any other host (there must be none).
type jwksServer struct{ elsewhere atomic.Int32 }

func (s *jwksServer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.String() != testIssuer+"/jwks" {
		s.elsewhere.Add(1)
		return nil, fmt.Errorf("unexpected request to %s", r.URL)
	}
	n := base64.RawURLEncoding.EncodeToString(inspectKey.N.Bytes())
	e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(inspectKey.E)).Bytes())
	body := fmt.Sprintf(`{"keys":[{"kty":"RSA","kid":"key-1","use":"sig","n":%q,"e":%q}]}`, n, e)
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)),
		Request: r}, nil
}

// signedJWT is a token of testIssuer signed with inspectKey.
func signedJWT(t testing.TB, iss string, exp time.Time) string {
	t.Helper()
	tk := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": iss, "sub": "demo-client",
		"aud": testAudience, "exp": exp.Unix(), "iat": testNow.Add(-2 * time.Minute).Unix(), "scope": "api:read"})
	tk.Header["kid"], tk.Header["typ"] = "key-1", "at+jwt"
	s, err := tk.SignedString(inspectKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// inspectModel is the walk after discovery (testIssuer, its JWKS served
// by rt), its HTTP client going through rt.
func inspectModel(t testing.TB, w, h int, rt http.RoundTripper) Model {
	t.Helper()
	o := testOptions()
	o.HTTPClient = &http.Client{Transport: rt}
	m := update(t, New(o), tea.WindowSizeMsg{Width: w, Height: h})
	m = press(t, m, "enter")
	return update(t, m, discoveredOK(m.seq))
}

// pasteAndRun pastes text and runs the inspector's command, its
// exchanges' durations zeroed for the golden files.
func pasteAndRun(t testing.TB, m Model, text string) Model {
	t.Helper()
	m, cmd := updateCmd(t, m, tea.PasteMsg{Content: text})
	if cmd == nil {
		return m
	}
	msg, ok := cmd().(inspectedMsg)
	if !ok {
		t.Fatalf("the inspector's command answered %T", cmd())
	}
	for i := range msg.in.Exchanges {
		msg.in.Exchanges[i].Duration = 0
	}
	return update(t, m, msg)
}

const curlI403 = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n" +
	"WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"api:write\"\r\n\r\n" +
	`{"error":"insufficient_scope"}`

func inspectCases() map[string]func(t testing.TB, w, h int) Model {
	return map[string]func(t testing.TB, w, h int) Model{
		"paste_area": func(t testing.TB, w, h int) Model {
			return press(t, inspectModel(t, w, h, &jwksServer{}), "I")
		},
		"jwt_verified": func(t testing.TB, w, h int) Model {
			m := inspectModel(t, w, h, &jwksServer{})
			return pasteAndRun(t, m, "Bearer "+signedJWT(t, testIssuer, testNow.Add(58*time.Minute)))
		},
		"jwt_expired_other_iss": func(t testing.TB, w, h int) Model {
			m := inspectModel(t, w, h, &jwksServer{})
			return pasteAndRun(t, m, signedJWT(t, "https://evil.example", testNow.Add(-3*time.Hour)))
		},
		"curl_i_403": func(t testing.TB, w, h int) Model {
			return pasteAndRun(t, inspectModel(t, w, h, &jwksServer{}), curlI403)
		},
	}
}

func TestInspect_Golden(t *testing.T) {
	for name, build := range inspectCases() {
		for _, sz := range issue16Sizes {
			t.Run(fmt.Sprintf("%s_%dx%d", name, sz[0], sz[1]), func(t *testing.T) {
				m := build(t, sz[0], sz[1])
				checkFits(t, name, m)
				golden.RequireEqual(t, ansi.Strip(viewText(m)))
			})
		}
	}
}

// A paste on the walk (no field focused) opens the inspector, verifies
// with the walk's issuer's JWKS and with no other server, even though the
// token names one.
func TestInspect_PasteOnWalkVerifiesWithWalkIssuerOnly(t *testing.T) {
	rt := &jwksServer{}
	m := inspectModel(t, 120, 40, rt)
	m = pasteAndRun(t, m, signedJWT(t, "https://evil.example", testNow.Add(time.Hour)))
	if m.screen != screenInspect || m.inspect.in == nil || m.inspect.in.Kind != walk.PasteJWT {
		t.Fatalf("a paste on the walk opened %T", m.screen)
	}
	if rt.elsewhere.Load() != 0 {
		t.Errorf("%d requests went elsewhere than the walk's issuer", rt.elsewhere.Load())
	}
	v := plainView(m)
	for _, want := range []string{"✓ signature", "✗ iss", "not the expected issuer",
		"Diagnosis", "not the issuer discovery gave"} {
		if !strings.Contains(v, want) {
			t.Errorf("the inspector lacks %q:\n%s", want, v)
		}
	}
	if m = press(t, m, "esc"); m.screen != screenWalk {
		t.Errorf("esc went to %T, want the walk", m.screen)
	}
}

// The pasted token, and the credentials and tokens of a pasted response,
// never show on the screen, the status line or the copied text until
// revealed; revealed, the token shows and the copy has it.
func TestInspect_SecretsMaskedPerOutput(t *testing.T) {
	tok := signedJWT(t, testIssuer, testNow.Add(time.Hour))
	basic := base64.StdEncoding.EncodeToString([]byte("cid:pasted-secret-0123"))
	resp := "> POST /token HTTP/1.1\n> Host: auth.example.com\n> Authorization: Basic " + basic + "\n>\n" +
		"< HTTP/1.1 200 OK\n< Content-Type: application/json\n<\n" +
		`{"access_token":"at-pasted-0123456789","refresh_token":"rt-pasted-0123456789","token_type":"Bearer"}`
	for name, c := range map[string]struct {
		text    string
		secrets []string
		hidden  bool // never shown, even revealed: the paste is described, not quoted
	}{
		"token":    {tok, []string{tok, tok[len(tok)-20:]}, false},
		"response": {resp, []string{basic, "pasted-secret-0123", "at-pasted-0123456789", "rt-pasted-0123456789"}, false},
		"basic":    {"Authorization: Basic " + basic, []string{basic, "pasted-secret-0123"}, false},
		"curl -u": {"curl -u myclient:SuperSecret123 https://as.example/token",
			[]string{"SuperSecret123", "myclient:Super"}, true},
		"form": {"client_secret=SuperSecret123456&grant_type=client_credentials",
			[]string{"SuperSecret123456", "SuperSecret12"}, true},
	} {
		t.Run(name, func(t *testing.T) {
			m := pasteAndRun(t, inspectModel(t, 100, 30, &jwksServer{}), c.text)
			mustNotContain(t, "the screen", plainView(m), c.secrets...)
			mustNotContain(t, "the status line", m.status, c.secrets...)
			m, cmd := updateCmd(t, m, keyMsg("c"))
			mustNotContain(t, "the copied analysis", clipboard(t, cmd), c.secrets...)
			mustNotContain(t, "the copy's status", m.status, c.secrets...)
			for i := 0; i < 30; i++ { // every line of the analysis, scrolled through
				m = update(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
				mustNotContain(t, "the scrolled screen", plainView(m), c.secrets...)
			}
			m, cmd = updateCmd(t, press(t, m, "s"), keyMsg("c"))
			if c.hidden {
				mustNotContain(t, "the revealed copy of a paste not read", clipboard(t, cmd), c.secrets...)
			} else if !strings.Contains(clipboard(t, cmd), c.secrets[len(c.secrets)-1]) {
				t.Errorf("revealed (s), the copy lacks the secret")
			}
		})
	}
}

// Garbage, a paste too large and escape sequences are explained, never a
// crash, and nothing of an escape reaches the screen.
func TestInspect_HostilePastes(t *testing.T) {
	for name, text := range map[string]string{
		"garbage": "not a token, not a response",
		"2MiB":    strings.Repeat("x", 2<<20),
		"escapes": "HTTP/1.1 401 Unauthorized\x1b]0;pwned\x07\nWWW-Authenticate: Bearer error=\"invalid_token\", " +
			"error_description=\"\x1b[2Jgone\"\n\n{\"error\":\"invalid_token\"}\x1b]52;c;ZXZpbA==\x07",
	} {
		t.Run(name, func(t *testing.T) {
			m := pasteAndRun(t, inspectModel(t, 80, 24, &jwksServer{}), text)
			v := viewText(m)
			if strings.Contains(ansi.Strip(v), "\x1b") || strings.Contains(v, "\x07") || strings.Contains(v, "]52;") {
				t.Errorf("an escape sequence reached the screen: %q", ansi.Strip(v))
			}
			if name != "escapes" && !strings.Contains(plainView(m), "expected") && !strings.Contains(plainView(m), "at most") {
				t.Errorf("no explanation:\n%s", plainView(m))
			}
		})
	}
}

// The picker's entry opens the inspector; esc goes back to the picker.
func TestInspect_FromPicker(t *testing.T) {
	m := newPickerModel(t, profiles.Store{Dir: t.TempDir()}, 100, 30)
	m = press(t, m, "up", "enter")
	if m.screen != screenInspect {
		t.Fatalf("enter on Inspect… opened %T", m.screen)
	}
	if v := plainView(m); !strings.Contains(v, "No walk is open") {
		t.Errorf("without a walk the inspector says so:\n%s", v)
	}
	m = typeText(t, m, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
	m = press(t, m, "enter")
	if m.inspect.in == nil || m.inspect.in.Kind != walk.PasteJWT || !strings.Contains(plainView(m), "✗ alg") {
		t.Errorf("typed and entered: %+v", m.inspect.in)
	}
	if m = press(t, m, "esc"); m.screen != screenPicker {
		t.Errorf("esc went to %T, want the picker", m.screen)
	}
}

// Against the demo server: a token from the walk, pasted into the
// inspector, verifies, and i introspects it with the walk's client.
func TestInspect_DemoVerifyAndIntrospect(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	m := update(t, New(Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Scopes: []string{"api:read"},
		HTTPClient: &http.Client{Timeout: 5 * time.Second}}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runReal[discoveredMsg](t, m, "enter")
	m = runReal[tokenFetchedMsg](t, press(t, m, "enter", "3"), "enter")
	if m.tok == nil {
		t.Fatalf("no token: %v", m.token.err)
	}
	m = pasteAndRun(t, press(t, m, "I"), m.tok.AccessToken)
	if r := m.inspect.in.Rows[1]; r.Name != "signature" || r.Status != flows.CheckPass {
		t.Fatalf("signature row %+v", r)
	}
	m = runReal[inspectedMsg](t, m, "i")
	if v := plainView(m); !strings.Contains(v, "Introspection (RFC 7662)  ✓ active") ||
		!strings.Contains(m.status, "active") {
		t.Errorf("introspection: status %q\n%s", m.status, v)
	}
}

// pgdn pages by the body's height, and end shows the last line.
func TestInspect_Paging(t *testing.T) {
	m := pasteAndRun(t, inspectModel(t, 80, 24, &jwksServer{}), curlI403)
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	if m.inspect.offset < 5 {
		t.Errorf("pgdn moved %d lines, want a page", m.inspect.offset)
	}
	m = press(t, m, "G")
	if v := plainView(m); !strings.Contains(v, `"error": "insufficient_scope"`) || strings.Contains(v, "more lines") {
		t.Errorf("end does not show the last line:\n%s", v)
	}
}

// A paste into a focused text field stays a paste into the field.
func TestInspect_PasteIntoFieldIsNotInspected(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m.discover.setFocus(fIssuer)
	m.focus = focusStep
	if !m.editing() {
		t.Fatal("the issuer field has no focus")
	}
	m = update(t, m, tea.PasteMsg{Content: "/extra"})
	if m.screen != screenWalk || m.discover.issuer() != testIssuer+"/extra" {
		t.Errorf("screen %T, issuer %q", m.screen, m.discover.issuer())
	}
}
