package cli

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	wsbin "encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// A minimal Chrome DevTools Protocol client for the real-browser test: a
// headless chromium, one page, commands sent over a WebSocket (RFC 6455,
// client frames masked). Test code only.

// chromiumPath finds Debian's chromium (or a Chrome) on PATH.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserPage is a page of a headless chromium driven over CDP.
type browserPage struct {
	cmd  *exec.Cmd
	conn net.Conn
	br   *bufio.Reader
	id   int
}

// startChromium starts a headless chromium on about:blank with a fresh
// profile in dir and connects to its page.
func startChromium(bin, dir string) (*browserPage, error) {
	cmd := exec.Command(bin, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--remote-debugging-port=0", "--user-data-dir="+dir, "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers go with it
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &browserPage{cmd: cmd}
	ws, err := pageSocket(dir)
	if err == nil {
		err = p.dial(ws)
	}
	if err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// pageSocket reads the DevTools port chromium wrote and finds its page.
func pageSocket(dir string) (string, error) {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(filepath.Join(dir, "DevToolsActivePort"))
		if err == nil && len(b) > 0 {
			port := strings.SplitN(string(b), "\n", 2)[0]
			resp, err := http.Get("http://127.0.0.1:" + port + "/json/list")
			if err == nil {
				var targets []struct{ Type, WebSocketDebuggerURL string }
				err = json.NewDecoder(resp.Body).Decode(&targets)
				resp.Body.Close()
				for _, t := range targets {
					if err == nil && t.Type == "page" {
						return t.WebSocketDebuggerURL, nil
					}
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return "", errors.New("chromium did not open its DevTools port")
}

// dial opens the WebSocket (RFC 6455 §4.1).
func (p *browserPage) dial(ws string) error {
	u, err := url.Parse(ws)
	if err != nil {
		return err
	}
	if p.conn, err = net.Dial("tcp", u.Host); err != nil {
		return err
	}
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	fmt.Fprintf(p.conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", u.RequestURI(), u.Host,
		base64.StdEncoding.EncodeToString(key))
	p.br = bufio.NewReader(p.conn)
	resp, err := http.ReadResponse(p.br, nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	return nil
}

// send writes one masked text frame.
func (p *browserPage) send(payload []byte) error {
	h := []byte{0x81}
	switch n := len(payload); {
	case n < 126:
		h = append(h, 0x80|byte(n))
	case n < 1<<16:
		h = append(h, 0x80|126, byte(n>>8), byte(n))
	default:
		h = append(h, 0x80|127)
		h = wsbin.BigEndian.AppendUint64(h, uint64(n))
	}
	mask := make([]byte, 4)
	_, _ = rand.Read(mask)
	masked := make([]byte, len(payload))
	for i, b := range payload {
		masked[i] = b ^ mask[i%4]
	}
	_, err := p.conn.Write(append(append(h, mask...), masked...))
	return err
}

// recv reads one message (joining continuation frames).
func (p *browserPage) recv() ([]byte, error) {
	var msg []byte
	for {
		h := make([]byte, 2)
		if _, err := io.ReadFull(p.br, h); err != nil {
			return nil, err
		}
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			b := make([]byte, 2)
			if _, err := io.ReadFull(p.br, b); err != nil {
				return nil, err
			}
			n = uint64(wsbin.BigEndian.Uint16(b))
		case 127:
			b := make([]byte, 8)
			if _, err := io.ReadFull(p.br, b); err != nil {
				return nil, err
			}
			n = wsbin.BigEndian.Uint64(b)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(p.br, b); err != nil {
			return nil, err
		}
		msg = append(msg, b...)
		if h[0]&0x80 != 0 {
			return msg, nil
		}
	}
}

// call sends a CDP command and returns its result, skipping events.
func (p *browserPage) call(method string, params map[string]any) (json.RawMessage, error) {
	p.id++
	b, _ := json.Marshal(map[string]any{"id": p.id, "method": method, "params": params})
	_ = p.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if err := p.send(b); err != nil {
		return nil, err
	}
	for {
		raw, err := p.recv()
		if err != nil {
			return nil, err
		}
		var m struct {
			ID     int
			Result json.RawMessage
			Error  *struct{ Message string }
		}
		if json.Unmarshal(raw, &m) == nil && m.ID == p.id {
			if m.Error != nil {
				return nil, errors.New(m.Error.Message)
			}
			return m.Result, nil
		}
	}
}

// eval evaluates a JavaScript expression in the page (the test drives the
// page the way a person would; the pages themselves have no JavaScript).
func (p *browserPage) eval(expr string) (string, error) {
	res, err := p.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	if err != nil {
		return "", err
	}
	var r struct{ Result struct{ Value any } }
	_ = json.Unmarshal(res, &r)
	return fmt.Sprint(r.Result.Value), nil
}

// waitFor evaluates expr until it is "true" or the time is up.
func (p *browserPage) waitFor(expr string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if v, err := p.eval(expr); err == nil && v == "true" {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	href, _ := p.eval("location.href + ' ' + document.body.innerText")
	return fmt.Errorf("the page never had %s (at %s)", expr, href)
}

func (p *browserPage) close() {
	if p.conn != nil {
		p.conn.Close()
	}
	if p.cmd.Process != nil {
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL) // the browser's process group, by its id
		_ = p.cmd.Wait()
	}
}
