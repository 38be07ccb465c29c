package har

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oauthlens/oauthlens/flows"
)

// Build returns the HAR of exs, each masked by red (the run's Redactor)
// and its own secrets. Exchanges never sent (no method) are left out.
func Build(exs []flows.Exchange, red *flows.Redactor, version string) File {
	f := File{Log: Log{Version: "1.2", Creator: Creator{Name: Writer, Version: version},
		Entries: []Entry{}}}
	for _, ex := range exs {
		if ex.Method == "" {
			continue
		}
		f.Log.Entries = append(f.Log.Entries, entry(ex.Exported(red)))
	}
	return f
}

// entry converts one exchange that is already masked.
func entry(ex flows.Exchange) Entry {
	e := Entry{StartedDateTime: ex.Started.Format(TimeFormat), Time: ms(ex.Duration),
		Label: ex.Label, Error: ex.Err, Truncated: ex.Truncated, HeaderWritten: ex.HeaderWritten}
	e.Request = request(ex)
	e.Response = response(ex)
	e.Timings = timings(ex)
	return e
}

func httpVersion(proto string) string {
	if proto == "" {
		return "HTTP/1.1"
	}
	return proto
}

func request(ex flows.Exchange) Request {
	r := Request{Method: ex.Method, URL: ex.URL, HTTPVersion: httpVersion(ex.Proto), Cookies: []Cookie{},
		Headers: []NV{}, QueryString: []NV{}, HeadersSize: -1, BodySize: len(ex.RequestBody)}
	ct := ""
	for _, h := range ex.RequestHeader {
		r.Headers = append(r.Headers, NV{h.Name, h.Value})
		if strings.EqualFold(h.Name, "Content-Type") {
			ct = h.Value
		}
	}
	if u, err := url.Parse(ex.URL); err == nil {
		r.QueryString = pairs(u.Query())
	}
	if len(ex.RequestBody) > 0 {
		r.PostData = &PostData{MimeType: ct, Text: string(ex.RequestBody), Params: []NV{}}
		if strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			if v, err := url.ParseQuery(string(ex.RequestBody)); err == nil {
				r.PostData.Params = pairs(v)
			}
		}
	}
	return r
}

// pairs lists url.Values as name/value pairs, names sorted.
func pairs(v url.Values) []NV {
	out := []NV{}
	for _, k := range sortedKeys(v) {
		for _, x := range v[k] {
			out = append(out, NV{k, x})
		}
	}
	return out
}

func response(ex flows.Exchange) Response {
	r := Response{Status: ex.Status, HTTPVersion: httpVersion(ex.Proto), Cookies: []NV{}, Headers: []NV{},
		HeadersSize: -1, BodySize: len(ex.ResponseBody)}
	if _, text, ok := strings.Cut(ex.StatusText, " "); ok {
		r.StatusText = text
	}
	for _, k := range sortedKeys(ex.ResponseHeader) {
		for _, v := range ex.ResponseHeader[k] {
			r.Headers = append(r.Headers, NV{k, v})
		}
	}
	r.RedirectURL = ex.ResponseHeader.Get("Location")
	r.Content = Content{Size: len(ex.ResponseBody), MimeType: ex.ResponseHeader.Get("Content-Type")}
	if ex.Status == 0 {
		r.BodySize = 0
		r.Content.MimeType = "x-unknown"
	}
	if utf8.Valid(ex.ResponseBody) {
		r.Content.Text = string(ex.ResponseBody)
	} else {
		r.Content.Text = base64.StdEncoding.EncodeToString(ex.ResponseBody)
		r.Content.Encoding = "base64"
	}
	return r
}

// timings splits the exchange's duration into the spec's phases: the
// measured DNS, connect and TLS times, the wait until the first byte, and
// the rest as receiving.
func timings(ex flows.Exchange) Timings {
	t := ex.Timings
	t0 := Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1}
	if !t.Reused {
		t0.DNS, t0.Connect = ms(t.DNS), ms(t.Connect+t.TLS)
		if t.TLS > 0 {
			t0.SSL = ms(t.TLS)
		}
	}
	setup := t.DNS + t.Connect + t.TLS
	if t.Reused {
		setup = 0
	}
	if t.FirstByte > 0 {
		t0.Wait = ms(max(0, t.FirstByte-setup))
		t0.Receive = ms(max(0, ex.Duration-t.FirstByte))
	} else {
		t0.Wait = ms(max(0, ex.Duration-setup))
	}
	return t0
}

// Marshal encodes f as indented JSON (no HTML escaping: the file is read
// by tools, not pasted into a page).
func Marshal(f File) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// WriteFile writes data to path atomically with mode 0600: a temporary
// file in the same directory, synced, then renamed over path, so that a
// reader never sees half a file and nobody else can read it.
func WriteFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Save builds the HAR of exs and writes it to path.
func Save(path string, exs []flows.Exchange, red *flows.Redactor, version string) (int, error) {
	f := Build(exs, red, version)
	data, err := Marshal(f)
	if err != nil {
		return 0, err
	}
	return len(f.Log.Entries), WriteFile(path, data)
}

// when parses a startedDateTime.
func when(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
