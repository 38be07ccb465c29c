package har

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// Parse reads a HAR file (oauthlens's or a browser's) into exchanges, in
// the file's order. What oauthlens wrote is masked already; the exchanges
// of another program's file (a browser's devtools) carry the secrets it
// holds in Exchange.Secrets (shareSecrets), so that they are masked.
func Parse(data []byte) ([]flows.Exchange, error) {
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not a HAR file: %w", err)
	}
	if f.Log.Version == "" && f.Log.Entries == nil {
		return nil, fmt.Errorf("not a HAR file: no log")
	}
	out := make([]flows.Exchange, 0, len(f.Log.Entries))
	for _, e := range f.Log.Entries {
		out = append(out, exchange(e))
	}
	if f.Log.Creator.Name != Writer {
		shareSecrets(out)
	}
	return out, nil
}

// exchange turns an entry back into an exchange.
func exchange(e Entry) flows.Exchange {
	ex := flows.Exchange{Label: e.Label, Method: e.Request.Method, URL: e.Request.URL,
		Started: when(e.StartedDateTime), Duration: time.Duration(e.Time * float64(time.Millisecond)),
		Err: e.Error, Truncated: e.Truncated, HeaderWritten: e.HeaderWritten,
		Status: e.Response.Status, ResponseHeader: http.Header{}}
	if ex.Label == "" {
		ex.Label = guessLabel(e.Request.URL)
	}
	if e.Response.Status != 0 {
		ex.Proto = e.Response.HTTPVersion
		ex.StatusText = strings.TrimSpace(fmt.Sprintf("%d %s", e.Response.Status, e.Response.StatusText))
	}
	for _, h := range e.Request.Headers {
		ex.RequestHeader = append(ex.RequestHeader, flows.HeaderField{Name: h.Name, Value: h.Value})
	}
	if e.Request.PostData != nil {
		ex.RequestBody = []byte(e.Request.PostData.Text)
	}
	for _, h := range e.Response.Headers {
		ex.ResponseHeader.Add(h.Name, h.Value)
	}
	ex.ResponseBody = []byte(e.Response.Content.Text)
	if e.Response.Content.Encoding == "base64" {
		if b, err := base64.StdEncoding.DecodeString(e.Response.Content.Text); err == nil {
			ex.ResponseBody = b
		}
	}
	ex.Timings = flows.Timings{DNS: dur(e.Timings.DNS), Connect: dur(e.Timings.Connect - max(0, e.Timings.SSL)),
		TLS: dur(e.Timings.SSL)}
	ex.Timings.FirstByte = dur(e.Timings.DNS) + dur(e.Timings.Connect) + dur(e.Timings.Wait)
	return ex
}

// dur turns HAR milliseconds into a duration (-1, unknown, is zero).
func dur(v float64) time.Duration {
	if v <= 0 {
		return 0
	}
	return time.Duration(v * float64(time.Millisecond))
}

// guessLabel names an exchange of a HAR that oauthlens did not write, by
// its path.
func guessLabel(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "exchange"
	}
	p := strings.ToLower(u.Path)
	switch {
	case strings.Contains(p, "/.well-known/"):
		return string(flows.StepDiscovery)
	case strings.HasSuffix(p, "/token"):
		return string(flows.StepToken)
	case strings.Contains(p, "jwks"):
		return string(flows.StepJWKS)
	}
	return string(flows.StepCall)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
