package flows

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// isNetworkError reports whether no HTTP answer arrived because of DNS, the
// connection, TLS or a timeout.
func isNetworkError(err error) bool {
	var dns *net.DNSError
	var to *TimeoutError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	var cv *tls.CertificateVerificationError
	var rh tls.RecordHeaderError
	return errors.As(err, &dns) || errors.As(err, &to) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci) || errors.As(err, &cv) ||
		errors.As(err, &rh) || plainHTTPAnswer(err)
}

// plainHTTPAnswer reports net/http's error for an https:// URL whose
// server answered in plain HTTP. net/http makes it from a
// tls.RecordHeaderError as an untyped error, so only its text tells.
func plainHTTPAnswer(err error) bool {
	return strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// diagnoseNetwork explains a request that got no HTTP answer.
func diagnoseNetwork(err error, c Context) []Diagnosis {
	target := failedURL(c)
	host := hostOf(target)
	var d Diagnosis
	var dns *net.DNSError
	var to *TimeoutError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	switch {
	case errors.As(err, &to):
		d = timeoutDiagnosis(waited(to, c), target, c) // diagnose_timeout.go
	case errors.As(err, &dns):
		d = dnsDiagnosis(dns, target)
	case errors.Is(err, syscall.ECONNREFUSED):
		d = refusedDiagnosis(target, host)
	case errors.As(err, &hn):
		d = nameMismatchDiagnosis(hn, target, host)
	case errors.As(err, &ci):
		d = certInvalidDiagnosis(ci, target)
	case errors.As(err, &rh) || plainHTTPAnswer(err):
		d = notTLSDiagnosis(target)
	default:
		d = unknownAuthorityDiagnosis(err, target, host)
	}
	if target != "" {
		d.Evidence = append(d.Evidence, "URL: "+Sanitize(target))
	}
	if msg := oneLine(err.Error()); !evidenceHas(d.Evidence, msg) {
		d.Evidence = append(d.Evidence, "error: "+msg)
	}
	return []Diagnosis{d}
}

// failedURL is the URL of the last exchange that got no answer.
func failedURL(c Context) string {
	for i := len(c.Exchanges) - 1; i >= 0; i-- {
		if c.Exchanges[i].Status == 0 {
			return c.Exchanges[i].URL
		}
	}
	if ex, ok := lastExchange(c.Exchanges, ""); ok {
		return ex.URL
	}
	return ""
}

// hostOf returns the host (with port) of u, or u itself.
func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return p.Host
	}
	return u
}

// waited is how long the request waited: the exchange's duration when a
// shorter client timeout ended it, else the request's timeout.
func waited(to *TimeoutError, c Context) time.Duration {
	for i := len(c.Exchanges) - 1; i >= 0; i-- {
		if d := c.Exchanges[i].Duration; c.Exchanges[i].Status == 0 && d > 0 && d < to.After {
			return d.Round(100 * time.Millisecond)
		}
	}
	return to.After
}

func dnsDiagnosis(dns *net.DNSError, target string) Diagnosis {
	name := Sanitize(dns.Name)
	d := Diagnosis{Code: CodeNetworkDNS,
		Summary: fmt.Sprintf("The host name %q could not be resolved (DNS).", name),
		Causes: []string{"the host name is misspelled or the URL is wrong",
			"the host is internal and needs a VPN or a corporate DNS server",
			"the DNS server is unreachable from this machine"},
		Fixes: []Fix{{Text: "check the host name in the URL against the provider's documentation"},
			{Text: "look it up: nslookup " + name},
			{Text: "if it is an internal host, connect to the VPN and retry", Kind: FixRetry}},
		Evidence: []string{"DNS: " + oneLine(dns.Error())}}
	if dns.IsTimeout {
		d.Causes = []string{"the DNS server did not answer in time", d.Causes[2], d.Causes[1]}
	}
	return d
}

func refusedDiagnosis(target, host string) Diagnosis {
	d := Diagnosis{Code: CodeNetworkConnectionRefused,
		Summary: fmt.Sprintf("The connection to %s was refused: nothing listens on that port.", Sanitize(host)),
		Causes: []string{"the server is not running (or restarting)",
			"the port in the URL is wrong, or http/https is swapped (80 vs 443)",
			"a local firewall rejects the connection"},
		Fixes: []Fix{{Text: "check the port and scheme of the URL"},
			{Text: fmt.Sprintf("check that the server answers: curl -v %s", shellQuote(Sanitize(target)))}},
		Evidence: []string{"ECONNREFUSED"}}
	if h, _, _ := net.SplitHostPort(host); IsLoopback(h) {
		d.Fixes = append(d.Fixes, Fix{Text: "for the demo server, start it first: oauthlens demo --serve"})
	}
	return d
}

func unknownAuthorityDiagnosis(err error, target, host string) Diagnosis {
	d := Diagnosis{Code: CodeNetworkTLSUnknownAuthority,
		Summary: fmt.Sprintf(
			"The TLS certificate of %s is signed by an authority this machine does not trust.",
			Sanitize(host),
		),
		Causes: []string{"a corporate proxy or antivirus intercepts TLS and re-signs certificates with its own CA",
			"the server uses a self-signed or private-CA certificate (common on staging)",
			"the server does not send its intermediate certificates"},
		Fixes: []Fix{
			{Text: "add the issuing CA to the system trust store, or point Go at it: SSL_CERT_FILE=/path/to/ca.pem"},
			{
				Text: fmt.Sprintf(
					"see who signed it: openssl s_client -connect %s -showcerts </dev/null",
					Sanitize(hostPort(host)),
				),
			},
			{Text: "only to look around on a test system: --insecure (secrets can then be read on the way)"},
		},
		Refs: []string{"RFC 5280 §6"}}
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) && ua.Cert != nil {
		d.Evidence = append(d.Evidence, "certificate issuer: "+Sanitize(ua.Cert.Issuer.String()))
	}
	return d
}

func nameMismatchDiagnosis(hn x509.HostnameError, target, host string) Diagnosis {
	names := certNames(hn.Certificate)
	d := Diagnosis{Code: CodeNetworkTLSNameMismatch,
		Summary: fmt.Sprintf("The TLS certificate is not valid for %q.", Sanitize(hn.Host)),
		Causes: []string{
			"the URL uses a different name than the certificate (an IP address, an internal alias, a missing or extra \"www.\")",
			"the host name points at the wrong server (DNS or a load balancer serving another site's certificate)",
		},
		Fixes: []Fix{{Text: "use a host name the certificate is for: " + strings.Join(names, ", ")}},
		Refs:  []string{"RFC 9110 §4.3.4", "RFC 6125 §6"},
		Evidence: []string{
			fmt.Sprintf("asked for %s; certificate names: %s", Sanitize(hn.Host), strings.Join(names, ", ")),
		}}
	return d
}

func certInvalidDiagnosis(ci x509.CertificateInvalidError, target string) Diagnosis {
	return Diagnosis{Code: CodeNetworkTLSCertificateInvalid,
		Summary: "The server's TLS certificate is not valid: " + oneLine(ci.Error()) + ".",
		Causes: []string{"the certificate has expired or is not yet valid (check this machine's clock too)",
			"the certificate may not be used for a TLS server"},
		Fixes: []Fix{{Text: "tell the server's operators; check the local clock: date -u"}},
		Refs:  []string{"RFC 5280 §4.1.2.5"}}
}

func notTLSDiagnosis(target string) Diagnosis {
	return Diagnosis{Code: CodeNetworkNotTLS,
		Summary: "The URL says https:// but the server answered in plain HTTP.",
		Causes:  []string{"the port is a plain-HTTP port", "the scheme should be http:// (e.g. a local server)"},
		Fixes:   []Fix{{Text: "use http:// for this port, or the server's TLS port"}}}
}

// certNames lists the DNS names and IP addresses a certificate covers.
func certNames(c *x509.Certificate) []string {
	if c == nil {
		return []string{"(unknown)"}
	}
	var out []string
	for _, n := range c.DNSNames {
		out = append(out, Sanitize(n))
	}
	for _, ip := range c.IPAddresses {
		out = append(out, ip.String())
	}
	if len(out) == 0 && c.Subject.CommonName != "" {
		out = append(out, Sanitize(c.Subject.CommonName))
	}
	return out
}

// hostPort adds :443 to a host without a port.
func hostPort(h string) string {
	if _, _, err := net.SplitHostPort(h); err == nil {
		return h
	}
	return net.JoinHostPort(h, "443")
}

// evidenceHas reports whether an evidence line already says msg (or msg
// contains it), so the same error text is not repeated.
func evidenceHas(ev []string, msg string) bool {
	for _, e := range ev {
		_, rest, _ := strings.Cut(e, ": ")
		if rest != "" && strings.Contains(msg, rest) {
			return true
		}
	}
	return false
}
