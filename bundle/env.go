package bundle

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// Environment is the support summary of where a walk ran.
type Environment struct {
	Version string  `json:"oauthlens_version"`
	OS      string  `json:"os"`
	Arch    string  `json:"arch"`
	Go      string  `json:"go"`
	Time    string  `json:"local_time"`
	Proxies []Proxy `json:"proxies"`
	Hosts   []Host  `json:"hosts"`
}

// Proxy is one proxy variable: its name and the host it names, never the
// user or password a proxy URL may carry.
type Proxy struct {
	Name string `json:"name"`
	Host string `json:"host"`
}

// Host is what was learned about one server of the walk.
type Host struct {
	Host string `json:"host"`
	// ClockSkew is the server's Date minus the local clock at the middle
	// of the exchange (positive: the server is ahead), "" without a Date.
	ClockSkew string   `json:"clock_skew,omitempty"`
	DNS       []string `json:"dns"`
	DNSError  string   `json:"dns_error,omitempty"`
	TLS       []Cert   `json:"tls_chain,omitempty"`
	TLSError  string   `json:"tls_error,omitempty"`
}

// Cert summarises one certificate of a chain.
type Cert struct {
	Subject  string   `json:"subject"`
	Issuer   string   `json:"issuer"`
	NotAfter string   `json:"not_after"`
	DNSNames []string `json:"dns_names,omitempty"`
}

// proxyVars are the variables Go's and curl's proxy support read.
var proxyVars = []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
	"NO_PROXY", "no_proxy"}

// Collect summarises the environment of exs: every host they reached gets
// its DNS answers, its clock skew (from the Date of its answers) and, for
// https, its certificate chain. ctx bounds the look-ups.
func Collect(ctx context.Context, exs []flows.Exchange, version string) Environment {
	env := Environment{Version: version, OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version(),
		Time: time.Now().Format(time.RFC3339), Proxies: proxies(os.Getenv), Hosts: []Host{}}
	for _, hp := range hostsOf(exs) {
		env.Hosts = append(env.Hosts, describeHost(ctx, hp, exs))
	}
	return env
}

// proxies lists the proxy variables set, with the host only.
func proxies(getenv func(string) string) []Proxy {
	out := []Proxy{}
	for _, n := range proxyVars {
		v := getenv(n)
		if v == "" {
			continue
		}
		host := v
		if strings.Contains(v, "://") {
			if u, err := url.Parse(v); err == nil {
				host = u.Host // drops user:password@
			} else {
				host = "(not a URL)"
			}
		} else if i := strings.LastIndexByte(v, '@'); i >= 0 {
			host = v[i+1:]
		}
		out = append(out, Proxy{Name: n, Host: host})
	}
	return out
}

// hostPort is a host of the walk and whether it was reached over https.
type hostPort struct {
	host, port string
	https      bool
}

func hostsOf(exs []flows.Exchange) []hostPort {
	var out []hostPort
	for _, ex := range exs {
		u, err := url.Parse(ex.URL)
		if err != nil || u.Host == "" {
			continue
		}
		hp := hostPort{host: u.Hostname(), port: u.Port(), https: u.Scheme == "https"}
		if hp.port == "" {
			hp.port = map[bool]string{true: "443", false: "80"}[hp.https]
		}
		if !slices.Contains(out, hp) {
			out = append(out, hp)
		}
	}
	return out
}

func describeHost(ctx context.Context, hp hostPort, exs []flows.Exchange) Host {
	h := Host{Host: net.JoinHostPort(hp.host, hp.port), DNS: []string{}}
	h.ClockSkew = skew(hp, exs)
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(lctx, hp.host)
	if err != nil {
		h.DNSError = flows.SanitizeLine(err.Error())
	}
	h.DNS = append(h.DNS, addrs...)
	if hp.https {
		h.TLS, h.TLSError = chain(lctx, h.Host)
	}
	return h
}

// skew is the server's Date minus the local time at the middle of its
// latest answer that carries a Date (RFC 9110 §6.6.1; one second
// resolution).
func skew(hp hostPort, exs []flows.Exchange) string {
	for i := len(exs) - 1; i >= 0; i-- {
		ex := exs[i]
		u, err := url.Parse(ex.URL)
		if err != nil || u.Hostname() != hp.host || ex.ResponseHeader == nil {
			continue
		}
		d, err := http.ParseTime(ex.ResponseHeader.Get("Date"))
		if err != nil {
			continue
		}
		local := ex.Started.Add(ex.Duration / 2).Truncate(time.Second)
		return d.Sub(local).Round(time.Second).String()
	}
	return ""
}

// chain dials addr and summarises the certificate chain it presents. A
// chain that does not verify is still described, with the error.
func chain(ctx context.Context, addr string) ([]Cert, string) {
	certs, err := dialChain(ctx, addr, false)
	if err == nil {
		return certs, ""
	}
	unverified, err2 := dialChain(ctx, addr, true)
	if err2 != nil {
		return nil, flows.SanitizeLine(err.Error())
	}
	return unverified, "does not verify: " + flows.SanitizeLine(err.Error())
}

func dialChain(ctx context.Context, addr string, skipVerify bool) ([]Cert, error) {
	d := tls.Dialer{Config: &tls.Config{InsecureSkipVerify: skipVerify}} //nolint:gosec // only to describe a bad chain
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var out []Cert
	for _, c := range conn.(*tls.Conn).ConnectionState().PeerCertificates {
		out = append(out, summarise(c))
	}
	return out, nil
}

func summarise(c *x509.Certificate) Cert {
	return Cert{Subject: flows.SanitizeLine(c.Subject.String()), Issuer: flows.SanitizeLine(c.Issuer.String()),
		NotAfter: c.NotAfter.UTC().Format(time.RFC3339), DNSNames: c.DNSNames}
}

// Text renders the environment for a person.
func (e Environment) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "oauthlens %s on %s/%s (%s), local time %s\n\n", e.Version, e.OS, e.Arch, e.Go, e.Time)
	b.WriteString("proxy variables:")
	if len(e.Proxies) == 0 {
		b.WriteString(" none set")
	}
	b.WriteString("\n")
	for _, p := range e.Proxies {
		fmt.Fprintf(&b, "  %s → %s\n", p.Name, p.Host)
	}
	for _, h := range e.Hosts {
		fmt.Fprintf(&b, "\n%s\n  DNS: %s%s\n", h.Host, strings.Join(h.DNS, ", "), orNote(h.DNSError))
		if h.ClockSkew != "" {
			fmt.Fprintf(&b, "  clock skew (server Date − local): %s\n", h.ClockSkew)
		}
		if h.TLSError != "" {
			fmt.Fprintf(&b, "  TLS: %s\n", h.TLSError)
		}
		for i, c := range h.TLS {
			fmt.Fprintf(&b, "  TLS[%d] %s (issuer %s, expires %s)\n", i, c.Subject, c.Issuer, c.NotAfter)
		}
	}
	return b.String()
}

func orNote(err string) string {
	if err == "" {
		return ""
	}
	return " (" + err + ")"
}
