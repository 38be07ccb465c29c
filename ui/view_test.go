package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

type viewCase struct {
	name  string
	build func(t testing.TB) Model
}

func sized(w, h int) func(t testing.TB) Model {
	return func(t testing.TB) Model { return newTestModel(t, w, h) }
}

type then = func(testing.TB, Model) Model

// at walks a model of the given size to step, then applies f.
func at(size func(testing.TB) Model, step int, f then) func(testing.TB) Model {
	return func(t testing.TB) Model { return f(t, walkTo(t, size(t), step)) }
}

// run presses enter and feeds the answer.
func run(result func(seq int) tea.Msg) then {
	return func(t testing.TB, m Model) Model {
		m = press(t, m, "enter")
		return update(t, m, result(m.seq))
	}
}

// back applies f, then goes back to a step to show it.
func back(step string, f then) then {
	return func(t testing.TB, m Model) Model { return press(t, f(t, m), step) }
}

func keys(k ...string) then {
	return func(t testing.TB, m Model) Model { return press(t, m, k...) }
}

// at the clock's time plus d.
func later(d time.Duration) then {
	return func(t testing.TB, m Model) Model {
		m.c.now = func() time.Time { return testNow.Add(d) }
		return update(t, m, tickMsg(testNow))
	}
}

// chain2 builds a model of a size, then applies fs.
func chain2(size func(testing.TB) Model, fs ...then) func(testing.TB) Model {
	return func(t testing.TB) Model { return chain(fs...)(t, size(t)) }
}

func chain(fs ...then) then {
	return func(t testing.TB, m Model) Model {
		for _, f := range fs {
			m = f(t, m)
		}
		return m
	}
}

// viewCases are the screens the golden files hold: each step after
// success and after failure, at 120×40 and at 80×24. All are masked.
func viewCases() []viewCase {
	return append(append(wideCases(), smallCases()...), profileCases()...)
}

// profileCases are the picker and the save dialog.
func profileCases() []viewCase {
	saveDialog := func(w, h int, f then) func(testing.TB) Model {
		return func(t testing.TB) Model {
			opts := testOptions()
			opts.Store = &profiles.Store{Dir: goldenStoreDir}
			m := walkTo(t, update(t, New(opts), tea.WindowSizeMsg{Width: w, Height: h}), stepCall)
			m = update(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
			return f(t, typeText(t, m, "acme"))
		}
	}
	resolveErr := func(t testing.TB, m Model) Model {
		m = press(t, m, "enter")
		err := fmt.Errorf("profile acme-staging: client_secret: %w",
			&profiles.RefError{Ref: "env:ACME_CLIENT_SECRET", Err: errors.New("the variable is not set")})
		return update(t, m, profileResolvedMsg{seq: m.pickSeq, name: "acme-staging", err: err})
	}
	return []viewCase{
		{"picker", pickerScreen(120, 40)},
		{"small_picker", pickerScreen(80, 24)},
		{"picker_resolve_error", chain2(pickerScreen(120, 40), resolveErr)},
		{
			"picker_filtered",
			chain2(pickerScreen(120, 40), func(t testing.TB, m Model) Model { return typeFilter(t, m, "flo") }),
		},
		{"save_dialog", saveDialog(120, 40, keys())},
		{"small_save_dialog", saveDialog(80, 24, keys())},
		{"save_plain_confirm", saveDialog(120, 40, keys("tab", "down", "down", "down", "enter"))},
	}
}

func wideCases() []viewCase {
	wide, jwt := sized(120, 40), testJWT()
	tokOK := run(func(s int) tea.Msg { return tokenOK(s, jwt) })
	return []viewCase{
		{"initial", wide},
		{"discover_running", at(wide, stepDiscover, keys("enter"))},
		{"discover_ok", at(wide, stepDiscover, back("1", run(func(s int) tea.Msg { return discoveredOK(s) })))},
		{"discover_failed", at(wide, stepDiscover, run(func(s int) tea.Msg { return discoveredFailed(s) }))},
		{"discover_cancelled", at(wide, stepDiscover, keys("enter", "esc"))},
		{"client_ok", at(wide, stepClient, back("2", keys("enter")))},
		{"client_failed", at(wide, stepClient, clientFailed)},
		{"token_ok", at(wide, stepToken, back("3", tokOK))},
		{
			"token_opaque",
			at(wide, stepToken, back("3", run(func(s int) tea.Msg { return tokenOK(s, "opaque-token-value-123") }))),
		},
		{"token_failed", at(wide, stepToken, run(func(s int) tea.Msg { return tokenFailed(s) }))},
		{"token_expiring", at(wide, stepToken, back("3", chain(tokOK, later(55*time.Minute))))},
		{"token_expired", at(wide, stepToken, back("3", chain(tokOK, later(time.Hour))))},
		{"call_ok", at(wide, stepCall, run(func(s int) tea.Msg { return calledOK(s, jwt) }))},
		{"call_failed", at(wide, stepCall, run(func(s int) tea.Msg { return calledFailed(s, jwt) }))},
		{"call_retried", at(wide, stepCall, run(func(s int) tea.Msg { return calledRetried(s, jwt, jwt+"x") }))},
		{
			"token_introspected",
			chain2(wide, withEndpoints, tokenOp("i", func(s int) tea.Msg { return introspected(s, true) })),
		},
		{"token_revoked", chain2(wide, withEndpoints, tokenOp("x", func(s int) tea.Msg { return revoked(s) }),
			tokenOp("i", func(s int) tea.Msg { return introspected(s, false) }))},
	}
}

func smallCases() []viewCase {
	small, jwt := sized(80, 24), testJWT()
	callOK := run(func(s int) tea.Msg { return calledOK(s, jwt) })
	return []viewCase{
		{"small_initial", small},
		{"small_token_ok", at(small, stepToken, back("3", run(func(s int) tea.Msg { return tokenOK(s, jwt) })))},
		{"small_token_failed", at(small, stepToken, run(func(s int) tea.Msg { return tokenFailed(s) }))},
		{"small_call_ok", at(small, stepCall, callOK)},
		{"small_call_failed", at(small, stepCall, run(func(s int) tea.Msg { return calledFailed(s, jwt) }))},
		{"small_full_help", at(small, stepCall, keys("?"))},
		{"small_zoomed", at(small, stepCall, chain(callOK, keys("r")))},
		{"small_editing", at(small, stepToken, keys("tab"))},
		{"small_exchange_focused", at(small, stepCall, chain(callOK, keys("shift+tab")))},
		{
			"small_call_stale",
			at(small, stepCall, chain(callOK, keys("3"), run(func(s int) tea.Msg { return tokenOK(s, jwt) }))),
		},
	}
}

// clientFailed empties the client id and runs step 2.
func clientFailed(t testing.TB, m Model) Model {
	m = press(t, m, "tab") // the client id field
	m = update(t, m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	return press(t, m, "esc", "enter")
}

func TestGolden(t *testing.T) {
	for _, tc := range viewCases() {
		t.Run(tc.name, func(t *testing.T) {
			golden.RequireEqual(t, ansi.Strip(viewText(tc.build(t))))
		})
	}
}

// TestSecretsNeverShown checks every golden screen, every pane's whole
// result text and every exchange as formatted, masked: the client secret,
// the API key and the access tokens never appear.
func TestSecretsNeverShown(t *testing.T) {
	secrets := []string{
		testSecret,
		testAPIKey,
		testJWT(),
		flows.BasicCredentials("demo-client", testSecret),
		"opaque-token-value-123",
		plainSecret,
	}
	for _, tc := range viewCases() {
		m := tc.build(t)
		mustNotContain(t, tc.name+" view", viewText(m), secrets...)
		for i := range numSteps {
			mustNotContain(t, tc.name+" result of step "+stepNames[i], m.base(i).result.GetContent(), secrets...)
		}
		for i, ex := range m.timeline.exs {
			text := strings.Join(formatExchange(m.c.styles, ex, false, 100), "\n")
			mustNotContain(t, tc.name+" exchange "+ex.Label, text, secrets...)
			mustNotContain(t, tc.name+" timeline row", m.timeline.rows[i], secrets...)
		}
	}
}

// TestRevealShowsSecrets proves the check above would see a secret: after
// s, the banner says so and the secret is on screen.
func TestRevealShowsSecrets(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepClient)
	m = press(t, m, "s")
	v := viewText(m)
	if !strings.Contains(v, testSecret) {
		t.Errorf("revealed client step does not show the secret")
	}
	if !strings.Contains(v, "SECRETS VISIBLE") {
		t.Errorf("no banner while secrets are visible")
	}
	m = press(t, m, "s")
	mustNotContain(t, "masked again", viewText(m), testSecret)
}

func TestInsecureBannerOnEveryScreen(t *testing.T) {
	opts := testOptions()
	opts.Insecure = true
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, k := range []string{"1", "2", "3", "4", "r", "?"} {
		m = press(t, m, k)
		if !strings.Contains(viewText(m), "INSECURE") {
			t.Errorf("after %q: no --insecure warning", k)
		}
	}
}

func TestViewFitsTheWindow(t *testing.T) {
	for _, tc := range viewCases() {
		m := tc.build(t)
		checkFits(t, tc.name, m)
	}
}

func TestTooSmallWindow(t *testing.T) {
	m := newTestModel(t, 30, 8)
	if !strings.Contains(viewText(m), "needs at least") {
		t.Errorf("got %q, want a too-small message", viewText(m))
	}
}

// checkFits fails the test when the view is taller or wider than the
// window.
func checkFits(t *testing.T, name string, m Model) {
	t.Helper()
	lines := strings.Split(viewText(m), "\n")
	if len(lines) > m.c.height {
		t.Errorf("%s: %d lines, window has %d", name, len(lines), m.c.height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.c.width {
			t.Errorf("%s: line %d is %d cells wide, window has %d", name, i, w, m.c.width)
		}
	}
}
