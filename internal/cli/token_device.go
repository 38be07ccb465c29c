package cli

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/mdp/qrterminal/v3"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// deviceToken runs the device authorization grant (RFC 8628): the device
// authorization request, the user code and the verification URIs on
// stderr (each on its own line), then the polls, each reported on stderr
// as it happens (and in full under -v).
func (env *cliEnv) deviceToken(ctx context.Context, s *tokenSetup, g grantFlags, c commonFlags,
	hc *http.Client) (grantResult, error) {
	st, err := walk.StartDevice(ctx, hc, &s.Plan, g.deviceURL, s.guards)
	env.report(c, g.curl, st.Exchanges)
	res := grantResult{Exchanges: st.Exchanges, Discovery: st.Discovery, Reported: len(st.Exchanges)}
	if err != nil {
		return res, err
	}
	env.printDeviceCode(st.Auth, c.json)
	p := flows.NewDevicePoller(s.Token, st.Auth)
	last, polls := flows.PollDevice(ctx, hc, p, st.Auth, func(poll flows.Poll) {
		env.report(c, g.curl, []flows.Exchange{poll.Exchange})
		fmt.Fprintf(env.stderr, "poll %d: %s\n", poll.N, pollLine(poll))
	})
	res.Exchanges = append(res.Exchanges, polls...)
	s.Token.Grant = p.Request.Grant // what was sent: the diagnosis and the warnings judge by it
	res.Reported, res.Token, res.clientID = len(res.Exchanges), last.Token, s.Token.ClientID
	if last.Err == nil {
		env.checkIDToken(ctx, hc, &res, walk.IDTokenExpect{}, c)
	}
	return res, last.Err
}

// printDeviceCode writes what the person needs on another device: the user
// code, the verification URI, verification_uri_complete when given (and
// its QR code when stderr is a terminal), and the time left.
func (env *cliEnv) printDeviceCode(d flows.DeviceAuthorization, quiet bool) {
	fmt.Fprintf(env.stderr, "user code: %s\n", flows.SanitizeLine(d.UserCode))
	fmt.Fprintf(env.stderr, "verification uri: %s\n", flows.SanitizeLine(d.VerificationURI))
	if d.VerificationURIComplete != "" {
		fmt.Fprintf(env.stderr, "verification uri complete: %s\n", flows.SanitizeLine(d.VerificationURIComplete))
		if !quiet && env.stderrIsTerminal() {
			qrterminal.GenerateHalfBlock(flows.SanitizeLine(d.VerificationURIComplete), qrterminal.L, env.stderr)
		}
	}
	fmt.Fprintf(env.stderr, "expires in: %s; polling every %s\n",
		time.Duration(d.ExpiresIn)*time.Second, d.PollInterval())
}

// stderrIsTerminal reports whether stderr is a terminal (where a QR code
// can be scanned).
func (env *cliEnv) stderrIsTerminal() bool {
	rw, ok := env.stderr.(redactWriter)
	if !ok {
		return false
	}
	f, ok := rw.w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// pollLine says in a few words what one poll answered.
func pollLine(p flows.Poll) string {
	switch p.Status {
	case flows.PollPending:
		return "authorization_pending (waiting for approval)"
	case flows.PollSlowDown:
		return fmt.Sprintf("slow_down (interval now %s)", p.Interval)
	case flows.PollDone:
		return "approved: token issued"
	case flows.PollFailed:
		return "failed"
	}
	return string(p.Status) + ": " + p.Status.Explain()
}
