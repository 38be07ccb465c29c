package flows

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Loopback is the redirect listener of a native app (RFC 8252 §7.3): an
// HTTP server on 127.0.0.1 that takes one redirect, answers the browser
// with a page that says what happened, and shuts down.
type Loopback struct {
	ln      net.Listener
	srv     *http.Server
	path    string
	got     chan url.Values
	once    sync.Once
	closeMu sync.Once
	judgeMu sync.Mutex
	judge   func(url.Values) error // SetJudge
}

// SetJudge sets the check of a redirect, run before the page is written:
// a nil error says "done", an error is shown on the page. Set it before
// the browser is opened; the listener's goroutine reads it under a lock
// (a browser's request over the network orders nothing for Go's memory
// model).
func (l *Loopback) SetJudge(judge func(url.Values) error) {
	l.judgeMu.Lock()
	defer l.judgeMu.Unlock()
	l.judge = judge
}

// StartLoopback listens on 127.0.0.1:port (0: a free port, RFC 8252 §7.3)
// for a redirect to path ("/callback" when empty).
func StartLoopback(port int, path string) (*Loopback, error) {
	if path == "" {
		path = "/callback"
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return nil, fmt.Errorf("loopback redirect listener: %w", err)
	}
	l := &Loopback{ln: ln, path: path, got: make(chan url.Values, 1)}
	l.srv = &http.Server{Handler: http.HandlerFunc(l.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

// RedirectURI is the redirect_uri to register and send.
func (l *Loopback) RedirectURI() string { return "http://" + l.ln.Addr().String() + l.path }

// serve takes the first request to the path; later ones (a reload, a
// favicon) are told the listener is done.
func (l *Loopback) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != l.path {
		http.NotFound(w, r)
		return
	}
	first := false
	l.once.Do(func() { first = true })
	if !first {
		writeLoopbackPage(
			w,
			http.StatusGone,
			"Already done",
			"This redirect was already received. You can close this tab.",
		)
		return
	}
	q := r.URL.Query()
	title, msg, status := "Done", "oauthlens received the authorization response. You can close this tab "+
		"and return to the terminal.", http.StatusOK
	l.judgeMu.Lock()
	judge := l.judge
	l.judgeMu.Unlock()
	if judge != nil {
		if err := judge(q); err != nil {
			title, msg, status = "Authorization failed", SanitizeLine(err.Error())+
				". See the terminal for details; you can close this tab.", http.StatusBadRequest
		}
	}
	writeLoopbackPage(w, status, title, msg)
	l.got <- q
}

var loopbackPage = template.Must(template.New("p").Parse(`<!doctype html><html lang="en"><head>` +
	`<meta charset="utf-8"><title>oauthlens: {{.T}}</title></head><body style="font:16px system-ui;max-width:32em;` +
	`margin:3em auto"><h1>{{.T}}</h1><p>{{.M}}</p></body></html>`))

func writeLoopbackPage(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the code is in this page's URL
	w.WriteHeader(status)
	_ = loopbackPage.Execute(w, struct{ T, M string }{title, msg})
}

// ErrLoopbackTimeout means no redirect came in time.
var ErrLoopbackTimeout = errors.New("no redirect arrived at the loopback listener in time")

// Wait returns the first redirect's query, or an error when ctx ends or
// timeout passes first. The listener is closed in every case.
func (l *Loopback) Wait(ctx context.Context, timeout time.Duration) (url.Values, error) {
	defer l.Close()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case q := <-l.got:
		return q, nil
	case <-t.C:
		return nil, ErrLoopbackTimeout
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Got is the channel the redirect's query arrives on (for a TUI that
// waits in a command).
func (l *Loopback) Got() <-chan url.Values { return l.got }

// Close shuts the listener down, giving the browser a moment to get its
// page.
func (l *Loopback) Close() {
	l.closeMu.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = l.srv.Shutdown(ctx)
	})
}

// ParseRedirectURL reads a redirect URL pasted back by the person (on a
// machine with no browser): its query, and an error when it is not a URL
// with one.
func ParseRedirectURL(s string) (url.Values, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.RawQuery == "" {
		return nil, errors.New("that is not the redirect URL: paste the whole address the browser ended on")
	}
	return u.Query(), nil
}
