package ui

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// Bug 3: when the API answers 401 and getting a new token then meets 429,
// the call step shows the 429 (the exchange its diagnosis is about), and
// says the 401 came first.
func TestCall_ReacquireFailureShowsItsExchange(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	first := callExchange("call", 401, testJWT(), `{"error":"invalid_token"}`)
	tokEx := tokenRequestExchange(429, `{"error":"slow_down"}`, "")
	tokEx.ResponseHeader.Set("Retry-After", "5")
	err := &flows.OAuthError{Step: "token", StatusCode: 429, Status: "429 Too Many Requests", Code: "slow_down",
		Header: tokEx.ResponseHeader, Body: tokEx.ResponseBody}
	m = update(t, m, calledMsg{seq: m.seq, res: flows.CallResult{Status: 401}, exs: []flows.Exchange{first, tokEx},
		err: err})
	v := plainView(m)
	for _, want := range []string{"the API answered 401", "Getting a new token failed", "Retry-After: 5"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q:\n%s", want, v)
		}
	}
	if d := m.base(stepCall).diag.list; len(d) == 0 || !strings.Contains(string(d[0].Code), "rate_limited") {
		t.Errorf("diagnosis %v; want the 429's", codes(d))
	}
}
