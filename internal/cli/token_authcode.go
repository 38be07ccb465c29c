package cli

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// redirectWait bounds the wait for the browser's redirect.
const redirectWait = 5 * time.Minute

// authCodeToken runs the authorization code grant with PKCE (RFC 6749
// §4.1, RFC 7636, RFC 8252): a loopback listener, the authorization URL
// opened in the browser ($BROWSER, else the system's) or printed
// (--no-browser, where the redirect URL may also be pasted on stdin), the
// redirect's checks, the code exchanged, then the ID token's checks.
func (env *cliEnv) authCodeToken(ctx context.Context, s *tokenSetup, g grantFlags, c commonFlags,
	hc *http.Client) (grantResult, error) {
	ru := s.Plan.GrantPlan.RedirectURI // --redirect-uri, else the profile's redirect_uri (walk.GrantPlan)
	port, path, err := loopbackOf(ru)
	if err != nil {
		return grantResult{}, err
	}
	lb, err := flows.StartLoopback(port, path)
	if err != nil {
		return grantResult{}, listenError(ru, port, err) // token_redirect.go
	}
	defer lb.Close()
	if ru == "" {
		ru = lb.RedirectURI()
	}
	st, err := walk.StartAuthCode(ctx, hc, &s.Plan, walk.AuthCodeOptions{RedirectURI: ru, AuthURL: g.authURL,
		PAR: g.par}, s.guards)
	env.learn(st.Secrets()...)
	env.report(c, g.curl, st.Exchanges)
	res := grantResult{Exchanges: st.Exchanges, Discovery: st.Discovery, Reported: len(st.Exchanges),
		clientID: s.Token.ClientID}
	if err != nil {
		return res, err
	}
	lb.SetJudge(st.Judge)
	fmt.Fprintf(env.stderr, "client registration: %s\n", s.Plan.RegistrationPath(false)) // CIMD for a document URL
	env.showAuthURL(st, g.noBrowser)
	q, err := env.waitRedirect(ctx, lb, g.noBrowser)
	if err != nil {
		return res, err
	}
	fin, err := walk.FinishAuthCode(ctx, hc, &s.Plan, st, q)
	env.learn(flows.Secret{Name: "CODE", Value: fin.Callback.Code})
	env.printRows("redirect", fin.Callback.Checks, true)
	env.report(c, g.curl, fin.Exchanges)
	res.Exchanges, res.Token = append(res.Exchanges, fin.Exchanges...), fin.Token
	res.Reported = len(res.Exchanges)
	if err != nil {
		if ae, ok := err.(*flows.AuthError); ok {
			fmt.Fprintf(env.stderr, "oauthlens: the server says: %s\n", ae.Explain())
		}
		return res, err
	}
	env.checkIDToken(ctx, hc, &res, walk.IDTokenExpect{Nonce: st.Request.Nonce, Code: fin.Callback.Code}, c)
	return res, nil
}

// loopbackOf reads the port and path of a fixed --redirect-uri or
// profile redirect_uri (for servers that register exact URIs); 0 and ""
// without one.
func loopbackOf(ru string) (int, string, error) {
	port, path, err := walk.LoopbackAddr(ru)
	if ue, ok := err.(*walk.UsageError); ok {
		return 0, "", usagef("--redirect-uri or redirect_uri: %s", ue.Msg)
	}
	return port, path, err
}

// showAuthURL prints the authorization URL and what the request carries,
// then opens the browser unless told not to.
func (env *cliEnv) showAuthURL(st walk.AuthCodeStart, noBrowser bool) {
	r := st.Request
	fmt.Fprintf(env.stderr, "authorization URL: %s\n", flows.SanitizeLine(st.URL))
	fmt.Fprintf(env.stderr, "redirect uri: %s\n", flows.SanitizeLine(r.RedirectURI))
	fmt.Fprintf(env.stderr, "state: %s  PKCE: %s (challenge %s, verifier kept here)\n", r.State, r.PKCE.Method,
		r.PKCE.Challenge)
	if st.Pushed {
		fmt.Fprintln(env.stderr, "PAR: the request was pushed first (RFC 9126); the URL carries only its request_uri")
	}
	if noBrowser {
		fmt.Fprintln(env.stderr, "open the URL in a browser; then wait here, or paste the address the browser "+
			"ended on and press Enter")
		return
	}
	if err := flows.OpenBrowser(st.URL); err != nil {
		fmt.Fprintf(env.stderr, "oauthlens: could not open a browser (%s): open the URL yourself\n",
			flows.SanitizeLine(err.Error()))
	}
}

// waitRedirect waits for the redirect at the listener or, with
// --no-browser, for the redirect URL pasted on stdin.
func (env *cliEnv) waitRedirect(ctx context.Context, lb *flows.Loopback, paste bool) (url.Values, error) {
	pasted := make(chan url.Values, 1)
	if paste && env.stdin != nil {
		go func() {
			sc := bufio.NewScanner(env.stdin)
			for sc.Scan() {
				if q, err := flows.ParseRedirectURL(sc.Text()); err == nil {
					pasted <- q
					return
				}
				fmt.Fprintln(env.stderr, "oauthlens: that is not the redirect URL; paste the whole address")
			}
		}()
	}
	t := time.NewTimer(redirectWait)
	defer t.Stop()
	select {
	case q := <-lb.Got():
		return q, nil
	case q := <-pasted:
		return q, nil
	case <-t.C:
		return nil, flows.ErrLoopbackTimeout
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// printRows writes check rows on stderr: all of them under -v (or when
// always), else only the failed ones.
func (env *cliEnv) printRows(what string, rows []flows.CheckRow, always bool) {
	for _, r := range rows {
		if !always && r.Status != flows.CheckFail {
			continue
		}
		fmt.Fprintf(env.stderr, "%s check %-12s %-4s %s (%s)\n", what, r.Name, r.Status, flows.SanitizeLine(r.Detail),
			r.Refs)
	}
}

// checkIDToken validates the ID token that came (OIDC Core §3.1.3.7; c_hash
// against the code, §3.3.2.11) and compares UserInfo's sub: every row
// under -v, the failed ones always. e gives the nonce and code sent.
func (env *cliEnv) checkIDToken(ctx context.Context, hc *http.Client, res *grantResult, e walk.IDTokenExpect,
	c commonFlags) {
	e.ClientID, e.Now = res.clientID, time.Now()
	chk := walk.CheckIDToken(ctx, hc, res.Discovery, res.Token, e)
	env.report(c, false, chk.Exchanges)
	res.Exchanges = append(res.Exchanges, chk.Exchanges...)
	res.Reported = len(res.Exchanges)
	env.printRows("id_token", chk.Rows, c.verbose)
}
