package walk

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/internal/formbrowser"
)

// authCodeRun is one run of the authorization code grant against the demo
// with a loopback listener and a form-submitting browser.
type authCodeRun struct {
	start AuthCodeStart
	res   AuthCodeResult
	err   error
	page  formbrowser.Page // the listener's page
}

func runAuthCode(t *testing.T, srv *demo.Server, ts *httptest.Server, o AuthCodeOptions, action string) authCodeRun {
	t.Helper()
	pl := Plan{Issuer: ts.URL, Token: flows.TokenRequest{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		Scopes: []string{"openid", "api:read"}}}
	return runAuthCodePlan(t, ts, &pl, o, action)
}

// runAuthCodePlan runs the authorization code grant for pl.
func runAuthCodePlan(t *testing.T, ts *httptest.Server, pl *Plan, o AuthCodeOptions, action string) authCodeRun {
	t.Helper()
	ctx := context.Background()
	lb, err := flows.StartLoopback(0, "")
	if err != nil {
		t.Fatal(err)
	}
	o.RedirectURI = lb.RedirectURI()
	var run authCodeRun
	run.start, err = StartAuthCode(ctx, ts.Client(), pl, o, Guards{})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	lb.SetJudge(run.start.Judge)
	b := formbrowser.New("")
	login, err := b.Get(run.start.URL)
	if err != nil || login.Status != 200 {
		t.Fatalf("authorization page: %v %d\n%s", err, login.Status, login.Body)
	}
	run.page, err = b.Submit(login, url.Values{"username": {demo.UserName}, "password": {demo.UserPassword},
		"action": {action}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := lb.Wait(ctx, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	run.res, run.err = FinishAuthCode(ctx, ts.Client(), pl, run.start, q)
	return run
}

func TestAuthCode_PKCEStateIssAndToken(t *testing.T) {
	for _, par := range []bool{false, true} {
		srv := demo.New(demo.Config{})
		ts := httptest.NewServer(srv.Handler())
		run := runAuthCode(t, srv, ts, AuthCodeOptions{PAR: par}, "approve")
		ts.Close()
		if run.err != nil {
			t.Fatalf("par=%v: %v", par, run.err)
		}
		if run.start.Pushed != par || par && !strings.Contains(run.start.URL, "request_uri=") {
			t.Errorf("par=%v: pushed %v, URL %s", par, run.start.Pushed, run.start.URL)
		}
		if !par && !strings.Contains(run.start.URL, "code_challenge_method=S256") {
			t.Errorf("no PKCE in %s", run.start.URL)
		}
		for _, c := range run.res.Callback.Checks {
			if c.Status != flows.CheckPass {
				t.Errorf("check %s: %s %s", c.Name, c.Status, c.Detail)
			}
		}
		if run.res.Token.AccessToken == "" || run.res.Token.Fields["id_token"] == nil {
			t.Errorf("no access or ID token: %+v", run.res.Token.Fields)
		}
		if !strings.Contains(run.page.Body, "You can close this tab") {
			t.Errorf("listener page: %s", run.page.Body)
		}
		form := string(run.res.Exchanges[0].RequestBody)
		if !strings.Contains(form, "code_verifier=") || strings.Contains(form, "scope=") {
			t.Errorf("token request form: %s", form)
		}
	}
}

func TestAuthCode_StateMismatchSendsNothing(t *testing.T) {
	srv := demo.New(demo.Config{Faults: []string{string(demo.FaultStateMismatch)}})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	run := runAuthCode(t, srv, ts, AuthCodeOptions{}, "approve")
	if !errors.Is(run.err, flows.ErrStateMismatch) || len(run.res.Exchanges) != 0 {
		t.Fatalf("got %v with %d exchanges", run.err, len(run.res.Exchanges))
	}
	if !strings.Contains(run.page.Body, "state") || run.page.Status != 400 {
		t.Errorf("listener page does not say what failed: %d %s", run.page.Status, run.page.Body)
	}
}

func TestAuthCode_DeniedIsExplained(t *testing.T) {
	srv := demo.New(demo.Config{})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	run := runAuthCode(t, srv, ts, AuthCodeOptions{}, "deny")
	var ae *flows.AuthError
	if !errors.As(run.err, &ae) || ae.Code != "access_denied" || !strings.Contains(ae.Explain(), "refused") {
		t.Fatalf("got %v", run.err)
	}
}

func TestCheckIDToken_RowsAndFaults(t *testing.T) {
	for _, tc := range []struct {
		fault    demo.Fault
		wantFail string
	}{{"", ""}, {demo.FaultWrongNonce, "nonce"}, {demo.FaultBadAtHash, "at_hash"}, {demo.FaultBadCHash, "c_hash"}} {
		var faults []string
		if tc.fault != "" {
			faults = []string{string(tc.fault)}
		}
		srv := demo.New(demo.Config{Faults: faults})
		ts := httptest.NewServer(srv.Handler())
		run := runAuthCode(t, srv, ts, AuthCodeOptions{}, "approve")
		if run.err != nil {
			t.Fatal(run.err)
		}
		c := CheckIDToken(context.Background(), ts.Client(), run.start.Discovery, run.res.Token,
			IDTokenExpect{ClientID: demo.ClientID, Nonce: run.start.Request.Nonce, Code: run.res.Callback.Code,
				Now: time.Now()})
		ts.Close()
		names := map[string]flows.CheckStatus{}
		for _, r := range c.Rows {
			names[r.Name] = r.Status
		}
		for _, n := range []string{"signature", "iss", "aud", "exp", "iat", "nonce", "at_hash", "c_hash",
			"userinfo sub"} {
			want := flows.CheckPass
			if n == tc.wantFail {
				want = flows.CheckFail
			}
			if names[n] != want {
				t.Errorf("fault %q: row %s is %s, want %s (%+v)", tc.fault, n, names[n], want, c.Rows)
			}
		}
		if len(c.Exchanges) != 2 {
			t.Errorf("got %d exchanges, want the JWKS and UserInfo", len(c.Exchanges))
		}
	}
}
