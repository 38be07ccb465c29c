package ui

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// deviceScreen is step 3 waiting on a device authorization with a fixed
// user code, after two polls (one slow_down), on the fixed clock.
func deviceScreen(t *testing.T, w, h int) Model {
	m := press(t, newTestModel(t, w, h), "3", "t", "t")
	m, _ = updateCmd(t, m, keyMsg("enter"))
	auth := flows.DeviceAuthorization{DeviceCode: "dc-0123456789abcdef", UserCode: "WDJB-MJHT",
		VerificationURI: "https://as.example.com/device", ExpiresIn: 600, Interval: 5,
		VerificationURIComplete: "https://as.example.com/device?user_code=WDJB-MJHT"}
	m = update(t, m, deviceStartedMsg{seq: m.seq, st: walk.DeviceStart{Auth: auth}, plan: m.plan})
	m = update(t, m, devicePolledMsg{seq: m.seq, poll: flows.Poll{N: 1, Status: flows.PollPending,
		Interval: 5 * time.Second}})
	m = update(t, m, devicePolledMsg{seq: m.seq, poll: flows.Poll{N: 2, Status: flows.PollSlowDown,
		Interval: 10 * time.Second}})
	return update(t, m, tickMsg(testNow.Add(75*time.Second)))
}

func TestGolden_DeviceFlow(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{{"wide", 160, 50}, {"narrow", 100, 60}} {
		t.Run(tc.name, func(t *testing.T) {
			m := deviceScreen(t, tc.w, tc.h)
			if m.token.user.device == nil {
				t.Fatalf("no device screen: %v", m.token.err)
			}
			golden.RequireEqual(t, ansi.Strip(viewText(m)))
		})
	}
}

// TestUserGrants_WarnAboutTheDestination: the grants with a user start as
// every token request does, with the destination warnings on step 3 before
// anything is sent (they started without them).
func TestUserGrants_WarnAboutTheDestination(t *testing.T) {
	for _, presses := range [][]string{{"3", "t", "t"}, {"3", "t"}} {
		opts := testOptions()
		opts.Issuer, opts.TokenURL = "", "http://as.example.com/token" // plain http, not loopback
		m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
		m = press(t, m, presses...)
		m, _ = updateCmd(t, m, keyMsg("enter"))
		var codes []walk.WarningCode
		for _, w := range m.base(stepToken).warnings {
			codes = append(codes, w.Code)
		}
		if !slices.Contains(codes, walk.WarnPlainHTTP) {
			t.Errorf("grant %q: no plain-http warning before sending: %v", m.token.grantType(), codes)
		}
	}
}
