package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/flows"
)

// failedTokenWalk is the test walk with step 3 refused (401
// invalid_client), the token exchange selected.
func failedTokenWalk(t testing.TB, w, h int) Model {
	m := press(t, walkTo(t, newTestModel(t, w, h), stepToken), "enter")
	return update(t, m, tokenFailed(m.seq))
}

// resentPost is the answer to a resend of the token request that moved
// the client to client_secret_post.
func resentPost(seq int) resentMsg {
	ex := exchange("token (resend)", "POST", testIssuer+"/token", 200, []flows.HeaderField{
		{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		"grant_type=client_credentials&audience="+testAudience+"&scope=api%3Aread+api%3Awrite"+
			"&client_id=demo-client&client_secret="+testSecret,
		`{"access_token":"`+testJWT()+`","token_type":"Bearer","expires_in":3600}`)
	ex.Secrets = []flows.Secret{{Name: "CLIENT_SECRET", Value: testSecret}, {Name: "ACCESS_TOKEN", Value: testJWT()}}
	return resentMsg{seq: seq, ex: ex}
}

// resendCases are the Support seat's screens.
func resendCases() map[string]func(t testing.TB, w, h int) Model {
	return map[string]func(t testing.TB, w, h int) Model{
		"editor": func(t testing.TB, w, h int) Model {
			return press(t, failedTokenWalk(t, w, h), "E")
		},
		"compare_resent": func(t testing.TB, w, h int) Model {
			m := press(t, failedTokenWalk(t, w, h), "E")
			m, _ = updateCmd(t, m, keyMsg("enter")) // sending: the answer is made here
			return update(t, m, resentPost(m.sup.editor.seq))
		},
		"diff_marked": func(t testing.TB, w, h int) Model {
			m := failedTokenWalk(t, w, h)
			m = press(t, m, "3", "enter")
			m = update(t, m, tokenOK(m.seq, testJWT()))
			m.focus = focusTimeline
			m = press(t, m, "up", "m", "down", "D") // the refused token request, then the one that worked
			return m
		},
	}
}

func TestResendGolden(t *testing.T) {
	for name, build := range resendCases() {
		for _, sz := range issue16Sizes {
			t.Run(fmt.Sprintf("%s_%dx%d", name, sz[0], sz[1]), func(t *testing.T) {
				m := build(t, sz[0], sz[1])
				checkFits(t, name, m)
				golden.RequireEqual(t, ansi.Strip(viewText(m)))
			})
		}
	}
}
