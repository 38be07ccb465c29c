package walk

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// wire records what the demo server received, request by request.
type wire struct {
	mu   sync.Mutex
	reqs []seen
}

type seen struct {
	header http.Header
	body   []byte
}

func (w *wire) last() seen {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reqs[len(w.reqs)-1]
}

// demoWire is the in-process demo server behind a recorder of what
// reached it.
func demoWire(t *testing.T, faults ...string) (*httptest.Server, *wire) {
	t.Helper()
	s := demo.New(demo.Config{Faults: faults})
	w := &wire{}
	h := s.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.reqs = append(w.reqs, seen{header: r.Header.Clone(), body: body})
		w.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	return srv, w
}

// tokenExchange makes the walk's token request against the demo server.
func tokenExchange(t *testing.T, srv *httptest.Server, method flows.AuthMethod) flows.Exchange {
	t.Helper()
	_, ex, _ := flows.RequestToken(context.Background(), srv.Client(), flows.TokenRequest{
		TokenURL: srv.URL + "/token", ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: method, Scopes: []string{"api:read"}, Audience: srv.URL + "/api"})
	if ex.Status == 0 {
		t.Fatalf("no answer from the demo server: %s", ex.Err)
	}
	return ex
}

func resend(t *testing.T, srv *httptest.Server, d Draft) flows.Exchange {
	t.Helper()
	ex, err := Resend(context.Background(), srv.Client(), d)
	if err != nil {
		t.Fatalf("Resend: %v", err)
	}
	return ex
}

func TestResend_UnchangedIsByteIdentical(t *testing.T) {
	for _, method := range []flows.AuthMethod{flows.AuthBasic, flows.AuthPost} {
		t.Run(string(method), func(t *testing.T) {
			srv, w := demoWire(t)
			orig := tokenExchange(t, srv, method)
			first := w.last()
			again := resend(t, srv, NewDraft(orig))
			second := w.last()
			if !bytes.Equal(first.body, second.body) {
				t.Errorf("body: got %q, want %q", second.body, first.body)
			}
			if !slices.Equal(orig.RequestHeader, again.RequestHeader) {
				t.Errorf("wire headers:\ngot  %v\nwant %v", again.RequestHeader, orig.RequestHeader)
			}
			for k := range first.header {
				if first.header.Get(k) != second.header.Get(k) {
					t.Errorf("header %s: got %q, want %q", k, second.header.Get(k), first.header.Get(k))
				}
			}
			if again.Status != 200 || again.Label != "token (resend)" {
				t.Errorf("got %d %q, want 200 \"token (resend)\"", again.Status, again.Label)
			}
		})
	}
}

func TestResend_EditedFieldGoesOnTheWire(t *testing.T) {
	srv, w := demoWire(t, "unknown-scope")
	orig := tokenExchange(t, srv, flows.AuthBasic)
	d := NewDraft(orig)
	edited := false
	for i, f := range d.Fields {
		if strings.HasPrefix(f.Text, "scope=") {
			d.Fields[i].Text, edited = "scope=api:read api:extra", true
		}
	}
	if !edited {
		t.Fatalf("no scope field in %v", d.Fields)
	}
	ex := resend(t, srv, d)
	body := string(w.last().body)
	if !strings.Contains(body, "scope=api%3Aread+api%3Aextra") {
		t.Errorf("the edited scope is not on the wire: %q", body)
	}
	if !strings.Contains(body, "grant_type=client_credentials") || w.last().header.Get("Authorization") == "" {
		t.Errorf("the unchanged parts changed: %q %v", body, w.last().header)
	}
	if ex.RequestHeader == nil || string(ex.RequestBody) != body {
		t.Errorf("the exchange records %q, the wire had %q", ex.RequestBody, body)
	}
}

func TestResend_BasicHeaderEditedDecoded(t *testing.T) {
	srv, w := demoWire(t)
	d := NewDraft(tokenExchange(t, srv, flows.AuthBasic))
	i := slices.IndexFunc(d.Headers, func(l Line) bool { return strings.HasPrefix(l.Text, "Authorization:") })
	if got, want := d.Headers[i].Text, "Authorization: Basic demo-client:$CLIENT_SECRET"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	d.Headers[i].Text = "Authorization: Basic other client:$CLIENT_SECRET"
	ex := resend(t, srv, d)
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("other+client:"+demo.ClientSecret))
	if got := w.last().header.Get("Authorization"); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if strings.Contains(ex.Raw(false), want[6:]) || strings.Contains(ex.Raw(false), demo.ClientSecret) {
		t.Errorf("the new exchange shows the credential: %s", ex.Raw(false))
	}
}

// The secret stands nowhere in the draft; a secret typed in a secret
// place is a secret of the new exchange.
func TestResend_SecretsStayHidden(t *testing.T) {
	srv, w := demoWire(t)
	orig := tokenExchange(t, srv, flows.AuthPost)
	d := NewDraft(orig)
	for _, l := range allLines(d) {
		if strings.Contains(l, demo.ClientSecret) {
			t.Errorf("the draft shows the secret: %q", l)
		}
	}
	if !slices.Contains(allLines(d), "client_secret=$CLIENT_SECRET") {
		t.Errorf("no client_secret=$CLIENT_SECRET in %q", allLines(d))
	}
	typed := "typed-secret-0123456789"
	d.Headers = append(d.Headers, NewLine("X-Api-Key: "+typed))
	for i, f := range d.Fields {
		if strings.HasPrefix(f.Text, "client_secret=") {
			d.Fields[i].Text = "client_secret=other-typed-secret-42"
		}
	}
	ex := resend(t, srv, d)
	if w.last().header.Get("X-Api-Key") != typed {
		t.Errorf("X-Api-Key on the wire: %q", w.last().header.Get("X-Api-Key"))
	}
	raw := ex.Raw(false) + ex.Curl(false)
	for _, s := range []string{typed, "other-typed-secret-42", demo.ClientSecret} {
		if strings.Contains(raw, s) {
			t.Errorf("the new exchange shows %q:\n%s", s, raw)
		}
	}
	red := flows.RedactorFor([]flows.Exchange{ex})
	if strings.Contains(red.String(string(ex.RequestBody)), "other-typed") {
		t.Errorf("the run's Redactor does not learn the typed secret")
	}
}

func allLines(d Draft) []string {
	out := []string{d.Method.Text, d.URL.Text}
	for _, ls := range [][]Line{d.Headers, d.Fields, d.Body} {
		for _, l := range ls {
			out = append(out, l.Text)
		}
	}
	return out
}

func TestDraft_DollarsRoundTrip(t *testing.T) {
	vars := []flows.Secret{{Name: "CLIENT_SECRET", Value: "s3cret-value"}}
	for _, s := range []string{"$", "$$", "$x", "$CLIENT_SECRET", "$${CLIENT_SECRET}", "a$$$CLIENT_SECRETb", "${x"} {
		if got := expand(escapeDollars(s, vars), vars); got != s {
			t.Errorf("expand(escape(%q)) = %q", s, got)
		}
	}
	if got := expand("${CLIENT_SECRET}x $CLIENT_SECRET $NOPE", vars); got != "s3cret-valuex s3cret-value $NOPE" {
		t.Errorf("got %q", got)
	}
}

func TestResend_Refusals(t *testing.T) {
	d := NewDraft(flows.Exchange{Label: "call", Method: "GET", URL: "https://api.example.com/me"})
	d.URL.Text = "not a url"
	if _, err := d.Request(); err == nil {
		t.Errorf("a URL that is not absolute was accepted")
	}
	d = NewDraft(flows.Exchange{Label: "call", Method: "GET", URL: "https://api.example.com/me"})
	d.Headers = append(d.Headers, NewLine("no colon here"))
	if _, err := d.Request(); err == nil {
		t.Errorf("a header line without a colon was accepted")
	}
	d.Headers[0].Text = "" // emptied: left out
	if r, err := d.Request(); err != nil || len(r.Header) != 0 {
		t.Errorf("an emptied line: got %v, %v", r.Header, err)
	}
}

func TestDraft_WarnsAboutAnotherHost(t *testing.T) {
	ex := flows.Exchange{Label: "token", Method: "POST", URL: "https://auth.example.com/token",
		RequestHeader: []flows.HeaderField{
			{Name: "Authorization", Value: "Basic " + flows.BasicCredentials("id", "pw-0123456789")}},
		Secrets: []flows.Secret{{Name: "CLIENT_SECRET", Value: "pw-0123456789"}}}
	d := NewDraft(ex)
	if ws := d.Warnings("https://auth.example.com"); len(ws) != 0 {
		t.Errorf("the issuer's own host: %v", ws)
	}
	d.URL.Text = "https://evil.example.net/token"
	ws := d.Warnings("https://auth.example.com")
	if len(ws) != 1 || ws[0].Code != WarnOtherHost {
		t.Errorf("another host: got %v, want one %s", ws, WarnOtherHost)
	}
}

// A server that stalls: cancelling the context ends the resend, and the
// exchange says so.
func TestResend_StallCancelled(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	d := NewDraft(flows.Exchange{Label: "token", Method: "POST", URL: srv.URL + "/token"})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	ex, err := Resend(ctx, srv.Client(), d)
	if !errors.Is(err, context.Canceled) || ex.Status != 0 || !strings.Contains(ex.Err, "cancelled") {
		t.Errorf("got %v, status %d, %q; want a cancelled request", err, ex.Status, ex.Err)
	}
}

// A server that answers garbage: the resend is explained, not a panic.
func TestResend_GarbageExplained(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("\x1b[2J{\"access_tok\x00"))
	}))
	defer srv.Close()
	d := NewDraft(flows.Exchange{Label: "token", Method: "POST", URL: srv.URL + "/token",
		RequestHeader: []flows.HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		RequestBody:   []byte("grant_type=client_credentials")})
	ex := resend(t, srv, d)
	ds, err := DiagnoseResend(ex, nil, time.Now())
	if err == nil || len(ds) == 0 {
		t.Fatalf("got %v, %v; want the broken answer explained", ds, err)
	}
	if !errors.Is(err, flows.ErrNotJSON) {
		t.Errorf("got %v, want ErrNotJSON", err)
	}
}
