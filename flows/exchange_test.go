package flows

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// startFlowServer starts an httptest server that the test closes.
func startFlowServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// refusedURL returns a loopback URL on which nothing listens.
func refusedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/token"
}

// waitOrDone blocks a handler until the client goes away (or 5s pass), so
// that srv.Close never waits long.
func waitOrDone(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

// flowReply writes a response with the given status, content type and body.
func flowReply(w http.ResponseWriter, status int, contentType, body string) {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// fieldValues returns the values of the recorded request header fields
// called name (case-insensitive).
func fieldValues(fields []HeaderField, name string) []string {
	var out []string
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

func TestSend_RecordsWireRequestAndResponse(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			t.Errorf("method: got %q, want %q", r.Method, http.MethodPost)
		}
		if got := r.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("Content-Type: got %q, want %q", got, "application/json")
		}
		if got := r.Header.Get("User-Agent"); got != UserAgent {
			t.Errorf("User-Agent: got %q, want %q", got, UserAgent)
		}
		if got := r.Header.Get("X-Trace"); got != "abc" {
			t.Errorf("X-Trace: got %q, want %q", got, "abc")
		}
		if b, _ := io.ReadAll(r.Body); string(b) != `{"a":1}` {
			t.Errorf("body: got %q, want %q", b, `{"a":1}`)
		}
		w.Header().Set("X-Answer", "42")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"ok":true}`)
	})
	ex, err := Send(context.Background(), srv.Client(), Request{Label: "test", Method: http.MethodPost,
		URL: srv.URL + "/things?x=1", Body: []byte(`{"a":1}`),
		Header: http.Header{"Content-Type": {"application/json"}, "X-Trace": {"abc"}}})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if !ex.HeaderWritten {
		t.Error("HeaderWritten: got false, want true")
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	for name, want := range map[string]string{"Host": host, "User-Agent": UserAgent,
		"Content-Type": "application/json", "Content-Length": "7", "X-Trace": "abc", "Accept-Encoding": "gzip"} {
		if got := fieldValues(ex.RequestHeader, name); len(got) != 1 || got[0] != want {
			t.Errorf("request field %s: got %q, want [%q]", name, got, want)
		}
	}
	if ex.RequestHeader[0].Name != "Host" {
		t.Errorf("first field written: got %q, want %q", ex.RequestHeader[0].Name, "Host")
	}
	checks := []struct{ name, got, want string }{
		{"Label", ex.Label, "test"},
		{"Method", ex.Method, http.MethodPost},
		{"URL", ex.URL, srv.URL + "/things?x=1"},
		{"Proto", ex.Proto, "HTTP/1.1"},
		{"StatusText", ex.StatusText, "201 Created"},
		{"X-Answer", ex.ResponseHeader.Get("X-Answer"), "42"},
		{"ContentType", ex.ContentType(), "application/json"},
		{"ResponseBody", string(ex.ResponseBody), `{"ok":true}`},
		{"RequestBody", string(ex.RequestBody), `{"a":1}`},
		{"Err", ex.Err, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if ex.Status != http.StatusCreated || !ex.OK() {
		t.Errorf("Status: got %d (OK %v), want 201 (OK true)", ex.Status, ex.OK())
	}
	if ex.Started.IsZero() || ex.Duration <= 0 || ex.Timings.FirstByte <= 0 || ex.Timings.FirstByte > ex.Duration {
		t.Errorf("times: Started %v, Duration %v, FirstByte %v", ex.Started, ex.Duration, ex.Timings.FirstByte)
	}
	if ex.Truncated {
		t.Error("Truncated: got true, want false")
	}
}

func TestSend_KeepsCallerUserAgent(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("User-Agent"); got != "mine/1" {
			t.Errorf("User-Agent: got %q, want %q", got, "mine/1")
		}
	})
	ex, err := Send(context.Background(), srv.Client(), Request{Method: http.MethodGet, URL: srv.URL,
		Header: http.Header{"User-Agent": {"mine/1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := fieldValues(ex.RequestHeader, "User-Agent"); len(got) != 1 || got[0] != "mine/1" {
		t.Errorf("recorded User-Agent: got %q, want [%q]", got, "mine/1")
	}
}

func TestSend_BodyCap(t *testing.T) {
	tests := []struct {
		name      string
		size      int
		max       int64
		wantLen   int
		truncated bool
	}{
		{"under the cap", 9, 10, 9, false},
		{"exactly the cap", 10, 10, 10, false},
		{"one over the cap", 11, 10, 10, true},
		{"far over the cap", 5000, 100, 100, true},
		{"default cap", MaxProtocolBody + 7, 0, MaxProtocolBody, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, strings.Repeat("x", tt.size))
			})
			ex, err := Send(
				context.Background(),
				srv.Client(),
				Request{Method: http.MethodGet, URL: srv.URL, MaxBody: tt.max},
			)
			if err != nil {
				t.Fatal(err)
			}
			if len(ex.ResponseBody) != tt.wantLen || ex.Truncated != tt.truncated {
				t.Errorf(
					"got %d bytes (Truncated %v), want %d (Truncated %v)",
					len(ex.ResponseBody),
					ex.Truncated,
					tt.wantLen,
					tt.truncated,
				)
			}
			if tt.truncated && !strings.Contains(ex.RawResponse(false), "body cut at the size cap") {
				t.Error("RawResponse does not say the body was cut")
			}
		})
	}
}

func TestSend_Timeout(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) { waitOrDone(r) })
	start := time.Now()
	ex, err := Send(
		context.Background(),
		srv.Client(),
		Request{Method: http.MethodGet, URL: srv.URL, Timeout: 100 * time.Millisecond},
	)
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("error: got %v (%T), want *TimeoutError", err, err)
	}
	if te.After != 100*time.Millisecond {
		t.Errorf("After: got %v, want %v", te.After, 100*time.Millisecond)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, context.DeadlineExceeded): got false, want true (%v)", err)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Send took %v; the timeout was 100ms", elapsed)
	}
	if ex.Status != 0 || ex.Err == "" || !strings.Contains(ex.Err, "timed out") {
		t.Errorf("exchange: Status %d, Err %q; want 0 and a timeout message", ex.Status, ex.Err)
	}
	if len(ex.RequestHeader) == 0 || ex.Method != http.MethodGet || ex.URL != srv.URL {
		t.Errorf("the exchange lost the request: %+v", ex)
	}
}

// TestSend_TimeoutNamesTheLimitHit: the CLI's --timeout sets
// http.Client.Timeout and the UI may set a deadline on ctx; the error must
// name the limit that fired, not DefaultTimeout.
func TestSend_TimeoutNamesTheLimitHit(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) { waitOrDone(r) })
	tests := []struct {
		name    string
		hc      *http.Client
		timeout time.Duration
		ctx     func() (context.Context, context.CancelFunc)
		min     time.Duration
		max     time.Duration
	}{
		{
			"client Timeout",
			&http.Client{Timeout: 100 * time.Millisecond},
			0,
			nil,
			100 * time.Millisecond,
			100 * time.Millisecond,
		},
		{
			"request Timeout under the client's",
			&http.Client{Timeout: time.Minute},
			100 * time.Millisecond,
			nil,
			100 * time.Millisecond,
			100 * time.Millisecond,
		},
		{"ctx deadline", nil, 0, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 100*time.Millisecond)
		}, 50 * time.Millisecond, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			_, err := Send(ctx, tt.hc, Request{Method: http.MethodGet, URL: srv.URL, Timeout: tt.timeout})
			var te *TimeoutError
			if !errors.As(err, &te) {
				t.Fatalf("error: got %v (%T), want *TimeoutError", err, err)
			}
			if te.After < tt.min || te.After > tt.max {
				t.Errorf("After: got %v, want %v to %v (%q)", te.After, tt.min, tt.max, err)
			}
		})
	}
}

func TestSend_TimeoutWhileReadingBody(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"partial-tok-123`)
		w.(http.Flusher).Flush()
		waitOrDone(r)
	})
	ex, err := Send(
		context.Background(),
		srv.Client(),
		Request{Method: http.MethodGet, URL: srv.URL, Timeout: 100 * time.Millisecond},
	)
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("error: got %v (%T), want *TimeoutError: a stalled body is not a complete answer", err, err)
	}
	if ex.Status != http.StatusOK {
		t.Errorf("Status: got %d, want 200", ex.Status)
	}
	if got, want := string(ex.ResponseBody), `{"access_token":"partial-tok-123`; got != want {
		t.Errorf("partial body: got %q, want %q", got, want)
	}
	if raw := ex.RawResponse(false); strings.Contains(raw, "partial-tok") {
		t.Errorf("RawResponse(false) shows the partial token:\n%s", raw)
	}
	if !strings.Contains(ex.Err, "reading the response body") {
		t.Errorf("Err: got %q, want it to mention reading the body", ex.Err)
	}
}

func TestSend_Cancelled(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) { waitOrDone(r) })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	ex, err := Send(ctx, srv.Client(), Request{Method: http.MethodGet, URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error: got %v, want one wrapping context.Canceled", err)
	}
	var te *TimeoutError
	if errors.As(err, &te) {
		t.Errorf("a cancellation was reported as a timeout: %v", err)
	}
	if !strings.Contains(ex.Err, "cancelled") {
		t.Errorf("Err: got %q, want it to say cancelled", ex.Err)
	}
}

func TestSend_ConnectionRefused(t *testing.T) {
	url := refusedURL(t)
	ex, err := Send(context.Background(), nil, Request{Label: "token", Method: http.MethodPost, URL: url,
		Header: http.Header{"Authorization": {"Basic c2VjcmV0"}}, Body: []byte("grant_type=client_credentials"),
		Timeout: 5 * time.Second})
	if err == nil {
		t.Fatal("error: got nil, want a connection error")
	}
	if ex.Err == "" || ex.Status != 0 {
		t.Errorf("exchange: Err %q, Status %d; want an error and no status", ex.Err, ex.Status)
	}
	if ex.Method != http.MethodPost || ex.URL != url || string(ex.RequestBody) != "grant_type=client_credentials" {
		t.Errorf("request not recorded: %s %s %q", ex.Method, ex.URL, ex.RequestBody)
	}
	if ex.HeaderWritten {
		t.Error("HeaderWritten: got true, want false")
	}
	if got := fieldValues(ex.RequestHeader, "Authorization"); len(got) != 1 {
		t.Errorf("Authorization from the request: got %q, want one value", got)
	}
	raw := ex.Raw(false)
	for _, want := range []string{"# not written", "# no response", "Authorization: Basic " + Mask} {
		if !strings.Contains(raw, want) {
			t.Errorf("Raw: got %q, want it to contain %q", raw, want)
		}
	}
}

func TestSend_RedirectNotFollowed(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		t.Error("the redirect was followed")
	})
	srv := startFlowServer(t, mux.ServeHTTP)
	ex, err := Send(
		context.Background(),
		srv.Client(),
		Request{Method: http.MethodPost, URL: srv.URL + "/token", Body: []byte("a=b")},
	)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Status != http.StatusFound || ex.OK() {
		t.Errorf("Status: got %d (OK %v), want 302 (OK false)", ex.Status, ex.OK())
	}
	if got := ex.ResponseHeader.Get("Location"); got != "/elsewhere" {
		t.Errorf("Location: got %q, want %q", got, "/elsewhere")
	}
}

func TestSend_GzipBodyShownUncompressed(t *testing.T) {
	srv := startFlowServer(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("Accept-Encoding: got %q, want gzip", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, `{"ok":true}`)
		zw.Close()
	})
	ex, err := Send(context.Background(), srv.Client(), Request{Method: http.MethodGet, URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Uncompressed || string(ex.ResponseBody) != `{"ok":true}` {
		t.Errorf("got Uncompressed %v, body %q", ex.Uncompressed, ex.ResponseBody)
	}
	if raw := ex.RawResponse(false); !strings.Contains(raw, "gzip-compressed") {
		t.Errorf("RawResponse: got %q, want a note on the compression", raw)
	}
}

func TestSend_InvalidURL(t *testing.T) {
	ex, err := Send(context.Background(), nil, Request{Method: http.MethodGet, URL: "http://bad host/"})
	if err == nil || ex.Err == "" {
		t.Fatalf("got err %v, Err %q; want both set", err, ex.Err)
	}
}

func TestExchange_ContentType(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", ""},
		{"application/json", "application/json"},
		{"Application/JSON; charset=UTF-8", "application/json"},
		{" text/html ;charset=utf-8", "text/html"},
	}
	for _, tt := range tests {
		ex := Exchange{ResponseHeader: http.Header{"Content-Type": {tt.header}}}
		if got := ex.ContentType(); got != tt.want {
			t.Errorf("ContentType(%q): got %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestExchange_ResponseHeaderGetSanitises(t *testing.T) {
	ex := Exchange{ResponseHeader: http.Header{"X-Msg": {"hi\x1b[31m red\x07"}}}
	if got, want := ex.ResponseHeaderGet("X-Msg"), "hi red"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A request cancelled (esc) or timed out before it was written says so; it
// said "the connection failed" for a cancel too (newcomer trial).
func TestRawRequest_NotWrittenSaysWhy(t *testing.T) {
	for err, want := range map[string]string{
		"cancelled (esc) before an answer came":    "# not written: cancelled before",
		"context deadline exceeded":                "# not written: the time ran out",
		"dial tcp 127.0.0.1:1: connection refused": "# not written: the connection failed",
	} {
		ex := Exchange{Method: "GET", URL: "https://as.example/x", Err: err}
		if got := ex.RawRequest(false); !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", err, got, want)
		}
	}
}
