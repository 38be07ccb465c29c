package flows

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Default limits for every request oauthlens makes.
const (
	// DefaultTimeout bounds a request that has no earlier deadline.
	DefaultTimeout = 30 * time.Second
	// MaxProtocolBody caps protocol answers (discovery, token, JWKS).
	MaxProtocolBody = 1 << 20
	// MaxAPIBody caps API answers shown in the call step.
	MaxAPIBody = 16 << 20
	// UserAgent is sent with every request.
	UserAgent = "oauthlens/0.1 (+https://github.com/oauthlens/oauthlens)"
)

// HeaderField is one header line in the order it was written.
type HeaderField struct {
	Name  string
	Value string
}

// Secret is a value that must be masked when an exchange is rendered. Name
// is the shell variable that stands in for it in curl commands
// (CLIENT_SECRET, ACCESS_TOKEN, …).
type Secret struct {
	Name  string
	Value string
}

// Timings are the phases of one request, measured with net/http/httptrace.
type Timings struct {
	DNS       time.Duration
	Connect   time.Duration // the TCP connect that succeeded; 0 when none did (or the connection was reused)
	TLS       time.Duration
	FirstByte time.Duration // from start to the first response byte
	Reused    bool          // the connection was reused
}

// Exchange is the record of one HTTP request and its response: what was
// written on the wire (header fields as the transport wrote them), what came
// back, how long it took, and the error if there was no response.
type Exchange struct {
	Label          string // "discovery", "token", "jwks", "call", …
	Method         string
	URL            string
	Proto          string        // the protocol the response came over ("HTTP/1.1", "HTTP/2.0")
	RequestHeader  []HeaderField // as written by the transport; the request's own headers if nothing was written
	HeaderWritten  bool          // RequestHeader was observed on the wire
	RequestBody    []byte
	Status         int
	StatusText     string // e.g. "200 OK"
	ResponseHeader http.Header
	ResponseBody   []byte
	Truncated      bool // the response body was longer than the cap and was cut
	// SizeSeen is how many body bytes arrived when Truncated: a protocol
	// answer over its cap is counted on (not kept) up to 8 times the cap,
	// to say how large it was; 0 when not counted.
	SizeSeen      int64
	Uncompressed  bool // the transport transparently un-gzipped the body
	Started       time.Time
	Duration      time.Duration
	Timings       Timings
	Err           string   // transport error when there was no response
	Secrets       []Secret // values to mask when rendered
	SecretHeaders []string // extra header names whose values are secret (e.g. X-Api-Key)
}

// OK reports whether a response arrived with a 2xx status.
func (e Exchange) OK() bool { return e.Status >= 200 && e.Status < 300 }

// Request describes one HTTP request to send with Send.
type Request struct {
	Label         string
	Method        string
	URL           string
	Header        http.Header
	Body          []byte
	MaxBody       int64         // response body cap; MaxProtocolBody if zero
	Timeout       time.Duration // DefaultTimeout if zero
	Secrets       []Secret
	SecretHeaders []string
}

// Send performs one request with hc and records the exchange. Redirects are
// not followed: a 3xx answer is returned as it is, so that the record shows
// what the server really said. The body is read up to the cap. The returned
// error is non-nil only when no complete response arrived (transport error,
// timeout, cancellation, also while the body was being read: the partial
// body is kept in the exchange); HTTP error statuses are the caller's to
// judge.
func Send(ctx context.Context, hc *http.Client, r Request) (Exchange, error) {
	ex := Exchange{Label: r.Label, Method: r.Method, URL: r.URL, RequestBody: r.Body,
		Secrets: r.Secrets, SecretHeaders: r.SecretHeaders, Started: time.Now()}
	timeout := effectiveTimeout(ctx, hc, r.Timeout)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rec := &wireRecorder{start: ex.Started}
	ctx = httptrace.WithClientTrace(ctx, rec.trace())
	req, err := newHTTPRequest(ctx, r)
	if err != nil {
		ex.Err = err.Error()
		return ex, fmt.Errorf("%s %s: %w", r.Method, r.URL, err)
	}
	resp, err := noRedirects(hc).Do(req)
	rec.fill(&ex, req)
	if err != nil {
		ex.Duration = time.Since(ex.Started)
		err = describeTransportError(ctx, err, timeout)
		ex.Err = err.Error()
		return ex, fmt.Errorf("%s %s: %w", r.Method, r.URL, err)
	}
	defer resp.Body.Close()
	err = readResponse(&ex, resp, r.MaxBody)
	ex.Duration = time.Since(ex.Started)
	if err != nil {
		err = describeTransportError(ctx, err, timeout)
		ex.Err = "reading the response body: " + err.Error()
		return ex, fmt.Errorf("%s %s: reading the response body: %w", r.Method, r.URL, err)
	}
	return ex, nil
}

// effectiveTimeout is the time Send allows: the request's own timeout
// (DefaultTimeout if zero), shortened by the client's Timeout or by an
// earlier deadline on ctx, so that a TimeoutError names the limit that was
// really hit.
func effectiveTimeout(ctx context.Context, hc *http.Client, t time.Duration) time.Duration {
	if t == 0 {
		t = DefaultTimeout
	}
	if hc != nil && hc.Timeout > 0 && hc.Timeout < t {
		t = hc.Timeout
	}
	if dl, ok := ctx.Deadline(); ok {
		if left := max(time.Until(dl), 0).Round(time.Millisecond); left < t {
			t = left
		}
	}
	return t
}

func newHTTPRequest(ctx context.Context, r Request) (*http.Request, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", UserAgent)
	}
	return req, nil
}

// noRedirects returns a shallow copy of hc that hands 3xx answers back.
func noRedirects(hc *http.Client) *http.Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func readResponse(ex *Exchange, resp *http.Response, max int64) error {
	if max <= 0 {
		max = MaxProtocolBody
	}
	ex.Proto = resp.Proto
	ex.Status = resp.StatusCode
	ex.StatusText = resp.Status
	ex.ResponseHeader = resp.Header
	ex.Uncompressed = resp.Uncompressed
	body, err := readBody(io.LimitReader(resp.Body, max+1), min(resp.ContentLength, max+1))
	if int64(len(body)) > max {
		ex.SizeSeen = int64(len(body))
		if max <= MaxProtocolBody { // a cut protocol answer is an error: say its size (TooLargeError)
			rest, _ := io.Copy(io.Discard, io.LimitReader(resp.Body, 7*max))
			ex.SizeSeen += rest
		}
		body = body[:max]
		ex.Truncated = true
	}
	ex.ResponseBody = body
	return err
}

// readBody reads a body of known length n into one buffer of that size:
// growing a buffer as the bytes come holds the old and the new one at once
// (about twice a 10 MB body). A length of -1 means unknown.
func readBody(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

// describeTransportError turns context errors into words a person reads.
func describeTransportError(ctx context.Context, err error, timeout time.Duration) error {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		return &TimeoutError{After: timeout, Err: err}
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("request cancelled: %w", context.Canceled)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err // Send already names the method and URL
	}
	return err
}

// TimeoutError says a request got no answer in time.
type TimeoutError struct {
	After time.Duration
	Err   error
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("no answer within %s (timed out)", e.After)
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// wireRecorder collects the header fields the transport writes and the
// timings of the phases, from httptrace callbacks (which may run on the
// transport's goroutines, hence the lock).
type wireRecorder struct {
	mu                            sync.Mutex
	start                         time.Time
	fields                        []HeaderField
	dnsStart, connStart, tlsStart time.Time
	dns, conn, tls, firstByte     time.Duration
	reused                        bool
}

func (w *wireRecorder) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		WroteHeaderField: func(k string, vs []string) {
			w.mu.Lock()
			defer w.mu.Unlock()
			for _, v := range vs {
				w.fields = append(w.fields, HeaderField{Name: k, Value: v})
			}
		},
		GotConn:      func(i httptrace.GotConnInfo) { w.locked(func() { w.reused = i.Reused; w.fields = w.fields[:0] }) },
		DNSStart:     func(httptrace.DNSStartInfo) { w.locked(func() { w.dnsStart = time.Now() }) },
		DNSDone:      func(httptrace.DNSDoneInfo) { w.locked(func() { w.dns = time.Since(w.dnsStart) }) },
		ConnectStart: func(string, string) { w.locked(func() { w.connStart = time.Now() }) },
		ConnectDone: func(_, _ string, err error) {
			if err == nil { // a failed dial is no connect time: Timings.Connect > 0 means connected
				w.locked(func() { w.conn = time.Since(w.connStart) })
			}
		},
		TLSHandshakeStart: func() { w.locked(func() { w.tlsStart = time.Now() }) },
		TLSHandshakeDone:  func(tls.ConnectionState, error) { w.locked(func() { w.tls = time.Since(w.tlsStart) }) },
		GotFirstResponseByte: func() {
			w.locked(func() { w.firstByte = time.Since(w.start) })
		},
	}
}

func (w *wireRecorder) locked(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f()
}

// fill copies what was observed into ex; when no header reached the wire
// (the connection failed first), the request's own headers are shown.
func (w *wireRecorder) fill(ex *Exchange, req *http.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ex.Timings = Timings{DNS: w.dns, Connect: w.conn, TLS: w.tls, FirstByte: w.firstByte, Reused: w.reused}
	if len(w.fields) > 0 {
		ex.RequestHeader = append([]HeaderField(nil), w.fields...)
		ex.HeaderWritten = true
		return
	}
	ex.RequestHeader = headerFields(req.Header)
}

// headerFields lists h in a stable (sorted) order.
func headerFields(h http.Header) []HeaderField {
	var out []HeaderField
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			out = append(out, HeaderField{Name: k, Value: v})
		}
	}
	return out
}

// ResponseHeaderGet returns the first value of a response header, sanitised.
func (e Exchange) ResponseHeaderGet(name string) string {
	return Sanitize(e.ResponseHeader.Get(name))
}

// ContentType returns the media type of the response, lowercased, without
// parameters.
func (e Exchange) ContentType() string {
	ct := e.ResponseHeader.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}
