package flows

import (
	"fmt"
	"time"
)

// reach is how far a request that timed out got: what its exchange's
// timings (Timings.Connect, FirstByte) and the header written say.
type reach int

const (
	reachUnknown   reach = iota // no exchange to tell
	reachNoConnect              // no TCP connection was made
	reachConnected              // connected (and maybe sent), no answer byte
	reachAnswering              // the answer started, and stopped
)

// howFar finds the exchange that timed out and says how far it got.
func howFar(c Context) (Exchange, reach) {
	ex, ok := timedOutExchange(c.Exchanges)
	switch {
	case !ok:
		return ex, reachUnknown
	case ex.Timings.FirstByte > 0 || ex.Status != 0:
		return ex, reachAnswering
	case ex.HeaderWritten || ex.Timings.Reused || ex.Timings.Connect > 0:
		return ex, reachConnected
	}
	return ex, reachNoConnect
}

// timedOutExchange is the last exchange that ended in an error.
func timedOutExchange(exs []Exchange) (Exchange, bool) {
	for i := len(exs) - 1; i >= 0; i-- {
		if exs[i].Err != "" {
			return exs[i], true
		}
	}
	return Exchange{}, false
}

// timeoutDiagnosis explains a request that got no (complete) answer
// within after. A connection that was made rules out what keeps packets
// from arriving (a firewall that drops them, a missing proxy): only a
// request that could not connect is explained by those.
func timeoutDiagnosis(after time.Duration, target string, c Context) Diagnosis {
	ex, r := howFar(c)
	longer := Fix{Text: "allow more time and retry", Kind: FixTimeout, Value: "60s"}
	curl := Fix{Text: fmt.Sprintf("see where it stops: curl -v --max-time 60 %s", shellQuote(Sanitize(target)))}
	d := Diagnosis{Code: CodeNetworkTimeout, Evidence: []string{fmt.Sprintf("no response within %s", after)}}
	switch r {
	case reachConnected:
		d.Summary = fmt.Sprintf("The connection was made, but no answer came within %s.", after)
		d.Causes = []string{"the server is slow or stuck on this request (overloaded, or waiting on its " +
			"database or an upstream service)",
			"a proxy or load balancer accepted the connection and holds the request (no healthy backend)",
			"the URL is an endpoint that never answers this request (a wrong path, or another service's port)"}
		d.Fixes = []Fix{longer, {Text: "retry: another connection may reach another backend", Kind: FixRetry},
			{Text: "check the server's status page, or tell its operators the time of the request"}, curl}
		d.Evidence = append(d.Evidence, connectedEvidence(ex)...)
	case reachAnswering:
		d.Summary = fmt.Sprintf("The server started to answer, but the answer did not finish within %s.", after)
		d.Causes = []string{"the server (or a proxy) stalls in the middle of the body",
			"a large answer over a slow link"}
		d.Fixes = []Fix{longer, {Text: "retry: the stall may be transient", Kind: FixRetry}, curl}
		d.Evidence = append(d.Evidence, fmt.Sprintf("first response byte after %s", ms(ex.Timings.FirstByte)))
	default:
		d.Summary = fmt.Sprintf("No connection could be made within %s.", after)
		d.Causes = []string{"a firewall silently drops the packets (wrong port, or an allow-list that does not " +
			"include this machine)",
			"the network needs a proxy (HTTPS_PROXY) that is not set",
			"the host is down, or the address is not the server's"}
		d.Fixes = []Fix{{Text: fmt.Sprintf("check that the host answers at all: curl -v --max-time 10 %s",
			shellQuote(Sanitize(target)))},
			{Text: "if the network needs a proxy, set HTTPS_PROXY (and NO_PROXY for internal hosts)"},
			{Text: "check the port in the URL"}, longer}
		if r == reachNoConnect {
			d.Evidence = append(d.Evidence, "no TCP connection was made")
		} else {
			d.Summary = fmt.Sprintf("No answer arrived within %s.", after)
			d.Causes = append([]string{"the server is slow or overloaded"}, d.Causes...)
			d.Fixes = append([]Fix{longer}, d.Fixes[:3]...)
		}
	}
	return d
}

// connectedEvidence says what the timings show of a connection that got
// no answer.
func connectedEvidence(ex Exchange) []string {
	var out []string
	switch {
	case ex.Timings.Reused:
		out = append(out, "connected (a reused connection)")
	case ex.Timings.Connect > 0:
		out = append(out, "connected in "+ms(ex.Timings.Connect))
	}
	if ex.HeaderWritten {
		out = append(out, "the request was sent")
	}
	return append(out, "no response byte")
}

// ms rounds d for evidence: "45µs", "3ms", "1.2s".
func ms(d time.Duration) string {
	if d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
