package flows

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// RecordedFinding is the diagnosis of one recorded exchange: which one (its index
// in the recording), the step, the error it stands for, and what Diagnose
// says about it.
type RecordedFinding struct {
	Index     int
	Step      Step
	Err       error
	Diagnoses []Diagnosis
}

// DiagnoseRecorded recomputes the diagnoses of a recorded walk offline
// (a HAR file, a support bundle): every failed exchange is turned back
// into the error the walk met (an OAuth error from its status and body, a
// transport error from its text) and explained with the context the
// recording holds — the metadata of the discovery that answered, the token
// request as it was sent (secrets masked), the last token received, and
// the recording's own time as "now". Discovery attempts that a later
// document answered are not failures.
func DiagnoseRecorded(exs []Exchange) []RecordedFinding {
	var out []RecordedFinding
	var md *Metadata
	var tok *Token
	var req *TokenRequest
	for i := 0; i < len(exs); i++ {
		ex := exs[i]
		step := StepOfLabel(ex.Label)
		if step == StepDiscovery {
			j := i
			for j+1 < len(exs) && StepOfLabel(exs[j+1].Label) == StepDiscovery {
				j++
			}
			f, d := diagnoseRecordedDiscovery(exs[:j+1], i)
			if d != nil {
				md = &d.Metadata
			}
			if f != nil {
				out = append(out, *f)
			}
			i = j
			continue
		}
		if _, ok := RecordedProbe(ex); ok {
			continue // explained with the refusal it followed
		}
		err := ReplayError(ex)
		if step == StepToken {
			req = RecordedTokenRequest(ex)
			if err == nil {
				t, _ := ParseTokenResponse(ex)
				tok = &t
			}
		}
		if err == nil {
			continue
		}
		c := Context{Step: step, Request: req, Metadata: md, Exchanges: exs[:i+1], Token: tok,
			Now: ex.Started.Add(ex.Duration)}
		ds := Diagnose(err, c)
		if step == StepToken && IsClientRefusal(err) {
			var outs []ProbeOutcome
			for _, next := range exs[i+1:] {
				o, ok := RecordedProbe(next)
				if !ok {
					break
				}
				outs = append(outs, o)
			}
			if len(outs) > 0 && req != nil {
				ds = ExplainProbes(*req, outs, ds)
			}
		}
		out = append(out, RecordedFinding{Index: i, Step: step, Err: err, Diagnoses: ds})
	}
	return out
}

// diagnoseRecordedDiscovery explains one discovery (the exchanges from
// index first to the end of exs, one per well-known URL tried) as Discover
// did: the document that answered with its problems, or a DiscoveryError
// listing every attempt.
func diagnoseRecordedDiscovery(exs []Exchange, first int) (*RecordedFinding, *Discovery) {
	last := len(exs) - 1
	ex := exs[last]
	c := Context{Step: StepDiscovery, Exchanges: exs, Now: ex.Started.Add(ex.Duration)}
	if err := ReplayError(ex); err != nil {
		de := &DiscoveryError{Last: err}
		for _, a := range exs[first:] {
			de.Attempts = append(de.Attempts, Attempt{Form: formOf(a.URL), URL: a.URL, Status: a.Status,
				Err: errText(ReplayError(a)), Duration: a.Duration})
			de.Spent += a.Duration
		}
		de.Budget = max(de.Spent, DefaultTimeout)
		return &RecordedFinding{Index: last, Step: StepDiscovery, Err: de, Diagnoses: Diagnose(de, c)}, nil
	}
	md, _ := ParseMetadata(ex.ResponseBody, ex.ContentType())
	d := &Discovery{URL: ex.URL, Form: formOf(ex.URL), Metadata: md, Problems: CheckMetadata(md, issuerOfURL(ex.URL))}
	c.Discovery = d
	if ds := Diagnose(nil, c); len(ds) > 0 {
		return &RecordedFinding{Index: last, Step: StepDiscovery, Diagnoses: ds}, d
	}
	return nil, d
}

// formOf names the well-known form of a metadata URL.
func formOf(raw string) string {
	switch {
	case strings.HasSuffix(raw, "/.well-known/openid-configuration"):
		return FormOIDC
	case strings.Contains(raw, "/.well-known/oauth-authorization-server/"):
		return FormPathInsertion
	case strings.HasSuffix(raw, "/.well-known/oauth-authorization-server"):
		return FormAppended
	}
	return FormGiven
}

// issuerOfURL is the issuer a well-known URL stands for.
func issuerOfURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if i := strings.Index(u.Path, "/.well-known/"); i >= 0 {
		return issuerFromWellKnown(u, i)
	}
	return raw
}

// StepOfLabel is the step an exchange's label belongs to ("call (retry)"
// is a call; "discovery (rfc8414)" is discovery).
func StepOfLabel(label string) Step {
	l := strings.ToLower(label)
	for _, s := range []Step{StepDiscovery, StepToken, StepJWKS, StepCall} {
		if strings.HasPrefix(l, string(s)) {
			return s
		}
	}
	return Step(l)
}

// ReplayError is the error a recorded exchange stands for, rebuilt from
// what the recording holds; nil for a success.
func ReplayError(ex Exchange) error {
	if ex.Err != "" { // no answer, or one cut short (a body that stalled)
		return transportError(ex)
	}
	if ex.Status == 0 {
		return nil
	}
	switch StepOfLabel(ex.Label) {
	case StepToken:
		_, err := ParseTokenResponse(ex)
		return err
	case StepCall:
		return callError(ex, callResult(ex, Token{}))
	case StepDiscovery:
		if err := endpointError("discovery", ex); err != nil {
			return err
		}
		_, err := ParseMetadata(ex.ResponseBody, ex.ContentType())
		return err
	}
	return endpointError(ex.Label, ex)
}

// transportError rebuilds a transport error of the kinds Diagnose tells
// apart from its recorded text.
func transportError(ex Exchange) error {
	msg := ex.Err
	host := ""
	if u, err := url.Parse(ex.URL); err == nil {
		host = u.Hostname()
	}
	switch {
	case strings.Contains(msg, "connection refused"):
		return fmt.Errorf("%s: %w", msg, syscall.ECONNREFUSED)
	case strings.Contains(msg, "no such host"):
		return &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	case strings.Contains(msg, "timed out"):
		return &TimeoutError{After: ex.Duration.Round(time.Second), Err: errors.New(msg)}
	case strings.Contains(msg, "certificate signed by unknown authority"):
		return x509.UnknownAuthorityError{}
	}
	return errors.New(msg)
}

// recordedSecret stands for a client secret the recording masked.
const recordedSecret = "masked-in-the-recording"

// RecordedTokenRequest is the token request a recorded exchange sent, as
// far as the recording shows it: endpoint, client authentication method,
// client id, scopes, audience and resources. The secret, masked in the
// recording, stands as recordedSecret: whether the real one had characters
// that form-urlencoding changes cannot be known, so the diagnosis that
// depends on it (token.invalid_client.basic_encoding) is not drawn offline.
func RecordedTokenRequest(ex Exchange) *TokenRequest {
	r := &TokenRequest{TokenURL: ex.URL, AuthMethod: AuthNone}
	form, _ := url.ParseQuery(string(ex.RequestBody))
	for _, h := range ex.RequestHeader {
		if strings.EqualFold(h.Name, "Authorization") && strings.HasPrefix(strings.ToLower(h.Value), "basic ") {
			r.AuthMethod, r.ClientSecret = AuthBasic, recordedSecret
		}
	}
	if form.Has("client_secret") {
		r.AuthMethod, r.ClientSecret = AuthPost, recordedSecret
	}
	r.ClientID = form.Get("client_id")
	r.Scopes = strings.Fields(form.Get("scope"))
	r.Audience = form.Get("audience")
	r.Resource = form["resource"]
	return r
}
