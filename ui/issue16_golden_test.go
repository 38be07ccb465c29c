package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/flows"
)

// The screens of issue 16's bugs at the three sizes people use: a laptop
// (120×40), a projector at a large font (100×30) and a default terminal
// (80×24).
var issue16Sizes = [][2]int{{120, 40}, {100, 30}, {80, 24}}

// issue16Cases build each screen at a size.
func issue16Cases() map[string]func(t testing.TB, w, h int) Model {
	return map[string]func(t testing.TB, w, h int) Model{
		// Bug 1: the expired-token fault's token reads expired.
		"expired_exp": func(t testing.TB, w, h int) Model {
			m := press(t, walkTo(t, newTestModel(t, w, h), stepToken), "enter")
			return press(t, update(t, m, tokenOK(m.seq, testJWTExp(testNow.Add(-time.Hour)))), "3")
		},
		// Bug 3: a fault changed; the results say they are from before.
		"fault_changed": func(t testing.TB, w, h int) Model {
			return pressRun(t, walkTo(t, demoModel(t, w, h, newFakeSwitch()), stepCall), "f", "space", "esc")
		},
		// Bug 4: step 2 stops on the auth method the server does not take.
		"auth_warning": func(t testing.TB, w, h int) Model {
			m := press(t, newTestModel(t, w, h), "1", "enter")
			d := discoveredOK(m.seq)
			d.disc.Metadata.TokenEndpointAuthMethodsSupported = []string{"client_secret_post"}
			return press(t, update(t, m, d), "2", "a")
		},
		// Bug 9: a long status takes the help bar's row.
		"long_status": func(t testing.TB, w, h int) Model {
			m := walkTo(t, newTestModel(t, w, h), stepCall)
			m.setStatus(strings.Repeat("a long status message that goes on ", 5), true)
			return update(t, m, tickMsg(testNow))
		},
		// Bug 3: the call's token re-acquisition met 429.
		"reacquire_429": func(t testing.TB, w, h int) Model {
			m := press(t, walkTo(t, newTestModel(t, w, h), stepCall), "enter")
			first := callExchange("call", 401, testJWT(), `{"error":"invalid_token"}`)
			tokEx := tokenRequestExchange(429, `{"error":"slow_down"}`, "")
			tokEx.ResponseHeader.Set("Retry-After", "5")
			err := &flows.OAuthError{Step: "token", StatusCode: 429, Status: "429 Too Many Requests",
				Code: "slow_down", Header: tokEx.ResponseHeader, Body: tokEx.ResponseBody}
			return update(t, m, calledMsg{seq: m.seq, res: flows.CallResult{Status: 401},
				exs: []flows.Exchange{first, tokEx}, err: err})
		},
	}
}

func TestIssue16Golden(t *testing.T) {
	for name, build := range issue16Cases() {
		for _, sz := range issue16Sizes {
			t.Run(fmt.Sprintf("%s_%dx%d", name, sz[0], sz[1]), func(t *testing.T) {
				m := build(t, sz[0], sz[1])
				checkFits(t, name, m)
				golden.RequireEqual(t, ansi.Strip(viewText(m)))
			})
		}
	}
	t.Run("too_small_60x15", func(t *testing.T) {
		golden.RequireEqual(
			t,
			ansi.Strip(viewText(update(t, New(testOptions()), tea.WindowSizeMsg{Width: 60, Height: 15}))),
		)
	})
}
