package interop

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// readyTimeout bounds the wait for the server's READY line.
const readyTimeout = 20 * time.Second

// server is a running server.mjs: oidc-provider at issuer, with the
// metadata discovered once through flows.
type server struct {
	issuer string
	hc     *http.Client
	md     flows.Metadata
}

// client is one of the fixture clients configured in server.mjs.
type client struct {
	id, secret string
	auth       flows.AuthMethod
}

var (
	ccBasic    = client{"cc-basic", "cc-basic-secret", flows.AuthBasic}
	ccPost     = client{"cc-post", "cc-post-secret", flows.AuthPost}
	ccSpecial  = client{"cc-special", "sp:ec+ial/se%2Fcret %41 x", flows.AuthBasic}
	ccReadonly = client{"cc-readonly", "cc-readonly-secret", flows.AuthBasic}
)

// Resource indicators (RFC 8707) configured in server.mjs.
const (
	resourceAPI    = "urn:oauthlens:api"    // the default: RS256 JWT access tokens
	resourceES256  = "urn:oauthlens:es256"  // ES256 JWT access tokens
	resourceOpaque = "urn:oauthlens:opaque" // opaque tokens, for /api/whoami
	tenantPath     = "/tenant"              // a second provider whose issuer has a path
	tokenTTL       = 300                    // accessTokenTTL of every resource, seconds
)

// startServer starts node server.mjs on a free loopback port, waits for its
// READY line and discovers its metadata. The process is stopped (SIGTERM,
// then SIGKILL after a grace period) in t.Cleanup, also when the test
// fails; its output is logged when the test failed.
func startServer(t *testing.T) *server {
	t.Helper()
	if testing.Short() || os.Getenv("OAUTHLENS_INTEROP") == "0" {
		t.Skip("interop suite against oidc-provider skipped (-short or OAUTHLENS_INTEROP=0)")
	}
	requireNode(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "node", "server.mjs", "--port", "0", "--exit-on-stdin-eof")
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second
	stdout, stderr := newLineWatcher("READY "), &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	stdin, err := cmd.StdinPipe() // closed by the cleanup; the server also exits if this process dies
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		cancel()
		t.Fatalf("starting node server.mjs: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cancel() // SIGTERM; SIGKILL after WaitDelay
		<-done
		stdin.Close() // already closed by Wait; kept open until now so that the stop is by SIGTERM
		if code := cmd.ProcessState.ExitCode(); code != 0 && stdout.sawLine() {
			t.Errorf("server.mjs did not stop cleanly on SIGTERM: %s", cmd.ProcessState)
		}
		if t.Failed() {
			t.Logf("server.mjs stdout:\n%s\nserver.mjs stderr:\n%s", stdout, stderr)
		}
	})
	return awaitReady(t, stdout, done)
}

// awaitReady waits for the READY line, then discovers the metadata.
func awaitReady(t *testing.T, stdout *lineWatcher, exited <-chan struct{}) *server {
	t.Helper()
	start := time.Now()
	var line string
	select {
	case line = <-stdout.found:
	case <-exited:
		t.Fatalf("server.mjs exited before it was ready")
	case <-time.After(readyTimeout):
		t.Fatalf("server.mjs printed no READY line within %s", readyTimeout)
	}
	s := &server{
		issuer: strings.TrimSpace(strings.TrimPrefix(line, "READY ")),
		hc:     &http.Client{Timeout: 10 * time.Second},
	}
	t.Logf("oidc-provider ready at %s after %s", s.issuer, time.Since(start).Round(time.Millisecond))
	d, _, err := flows.Discover(t.Context(), s.hc, s.issuer, flows.StyleAuto)
	if err != nil {
		t.Fatalf("discovery of %s: %v", s.issuer, err)
	}
	s.md = d.Metadata
	return s
}

// requireNode fails when node is missing, and installs the pinned npm
// dependencies (npm ci, from the committed lockfile) when node_modules is
// missing or was installed from another lockfile.
func requireNode(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the interop suite needs Node.js 20+ and npm (%s: %v); skip it with go test -short", tool, err)
		}
	}
	npmOnce.Do(func() { npmErr = npmCI() })
	if npmErr != nil {
		t.Fatalf("installing the interop suite's npm dependencies: %v", npmErr)
	}
}

var (
	npmOnce sync.Once
	npmErr  error
)

// npmCI runs "npm ci" unless node_modules matches package-lock.json (the
// lockfile hash it wrote last time).
func npmCI() error {
	lock, err := os.ReadFile("package-lock.json")
	if err != nil {
		return err
	}
	want := fmt.Sprintf("%x", sha256.Sum256(lock))
	stamp := "node_modules/.oauthlens-lock.sha256"
	have, _ := os.ReadFile(stamp)
	if _, err := os.Stat("node_modules/oidc-provider/package.json"); err == nil &&
		strings.TrimSpace(string(have)) == want {
		return nil
	}
	out, err := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").CombinedOutput()
	if err != nil {
		return fmt.Errorf("npm ci: %v\n%s", err, out)
	}
	return os.WriteFile(stamp, []byte(want+"\n"), 0o644)
}

// tokenRequest is a client credentials request for c at the discovered
// token endpoint.
func (s *server) tokenRequest(c client, scopes ...string) flows.TokenRequest {
	return flows.TokenRequest{TokenURL: s.md.TokenEndpoint, ClientID: c.id, ClientSecret: c.secret,
		AuthMethod: c.auth, Scopes: scopes}
}

// token performs r and fails the test unless a token came back.
func (s *server) token(t *testing.T, r flows.TokenRequest) (flows.Token, flows.Exchange) {
	t.Helper()
	tok, ex, err := flows.RequestToken(t.Context(), s.hc, r)
	if err != nil {
		t.Fatalf("token for %s: %v", r.ClientID, err)
	}
	return tok, ex
}

// lineWatcher is an io.Writer that keeps everything written and reports
// the first complete line starting with prefix on found.
type lineWatcher struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	prefix string
	seen   int // bytes of buf already scanned for lines
	found  chan string
	sent   bool
}

func newLineWatcher(prefix string) *lineWatcher {
	return &lineWatcher{prefix: prefix, found: make(chan string, 1)}
}

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for !w.sent {
		rest := w.buf.Bytes()[w.seen:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		line := string(rest[:i])
		w.seen += i + 1
		if strings.HasPrefix(line, w.prefix) {
			w.found <- line
			w.sent = true
		}
	}
	return len(p), nil
}

// sawLine reports whether the line was seen.
func (w *lineWatcher) sawLine() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sent
}

func (w *lineWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// lockedBuffer is a bytes.Buffer safe for the exec copier and the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

var _ io.Writer = (*lockedBuffer)(nil)

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
