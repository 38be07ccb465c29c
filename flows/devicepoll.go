package flows

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// PollStatus is what one poll of the token endpoint said in the device
// authorization grant (RFC 8628 §3.5).
type PollStatus string

// The poll outcomes of RFC 8628 §3.5.
const (
	PollPending  PollStatus = "authorization_pending" // not yet approved: poll again
	PollSlowDown PollStatus = "slow_down"             // poll again, 5 seconds slower
	PollDenied   PollStatus = "access_denied"         // the person said no: stop
	PollExpired  PollStatus = "expired_token"         // the device code expired: start again
	PollDone     PollStatus = "done"                  // a token arrived
	PollFailed   PollStatus = "failed"                // any other error: stop
)

// Continues reports whether the client should poll again.
func (s PollStatus) Continues() bool { return s == PollPending || s == PollSlowDown }

// Explain says in one sentence what the status means for the person.
func (s PollStatus) Explain() string {
	switch s {
	case PollPending:
		return "waiting for the person to enter the code and approve (authorization_pending, RFC 8628 §3.5)"
	case PollSlowDown:
		return "the server asked to poll more slowly: the interval grows by 5 seconds (slow_down, RFC 8628 §3.5)"
	case PollDenied:
		return "the person denied the request on the verification page (access_denied, RFC 8628 §3.5)"
	case PollExpired:
		return "the device code expired before it was approved; start again for a new code " +
			"(expired_token, RFC 8628 §3.5)"
	case PollDone:
		return "approved: the token endpoint issued the token"
	}
	return "the token endpoint answered with an error: polling stops"
}

// Poll is one poll of the token endpoint: its outcome, its exchange, the
// interval before the next one, and the error (nil when a token came).
type Poll struct {
	N        int // 1 for the first poll
	Status   PollStatus
	Token    Token
	Exchange Exchange
	Interval time.Duration // the interval to wait before the next poll
	Err      error
}

// DevicePoller polls the token endpoint for a device authorization
// (RFC 8628 §3.4, §3.5), keeping the interval and counting the polls.
type DevicePoller struct {
	Request  TokenRequest // its Grant is set to the device code
	Interval time.Duration
	// SlowDown is added to Interval on each slow_down: SlowDownStep unless
	// set (tests set it small).
	SlowDown time.Duration
	n        int
}

// NewDevicePoller returns a poller for d, starting at the server's interval.
func NewDevicePoller(r TokenRequest, d DeviceAuthorization) *DevicePoller {
	r.Grant = DeviceCode{Code: d.DeviceCode}
	return &DevicePoller{Request: r, Interval: d.PollInterval(), SlowDown: SlowDownStep}
}

// Poll makes one token request and classifies its answer. slow_down adds 5
// seconds to the interval for this and every later poll (§3.5).
func (p *DevicePoller) Poll(ctx context.Context, hc *http.Client) Poll {
	p.n++
	tok, ex, err := RequestToken(ctx, hc, p.Request)
	st := pollStatus(err)
	if st == PollSlowDown {
		p.Interval += p.SlowDown
	}
	return Poll{N: p.n, Status: st, Token: tok, Exchange: ex, Interval: p.Interval, Err: err}
}

// pollStatus classifies a token answer of the device grant.
func pollStatus(err error) PollStatus {
	if err == nil {
		return PollDone
	}
	var oe *OAuthError
	if !errors.As(err, &oe) {
		return PollFailed
	}
	switch PollStatus(oe.Code) {
	case PollPending, PollSlowDown, PollDenied, PollExpired:
		return PollStatus(oe.Code)
	}
	return PollFailed
}

// PollDevice polls until a token arrives, the person denies, the code
// expires, another error comes or ctx ends, waiting the interval before
// each poll. onPoll, when set, is told every poll as it happens. The last
// poll is returned; its Err says why polling stopped without a token.
func PollDevice(ctx context.Context, hc *http.Client, p *DevicePoller, d DeviceAuthorization,
	onPoll func(Poll)) (Poll, []Exchange) {
	var exs []Exchange
	for {
		select {
		case <-ctx.Done():
			return Poll{N: p.n, Status: PollFailed, Err: ctx.Err()}, exs
		case <-time.After(p.Interval):
		}
		poll := p.Poll(ctx, hc)
		exs = append(exs, poll.Exchange)
		if onPoll != nil {
			onPoll(poll)
		}
		if !poll.Status.Continues() {
			return poll, exs
		}
		if !d.ExpiresAt.IsZero() && time.Now().Add(p.Interval).After(d.ExpiresAt.Add(time.Second)) {
			poll.Status = PollExpired
			poll.Err = errors.New("the device code expires before the next poll; start again for a new code")
			return poll, exs
		}
	}
}
