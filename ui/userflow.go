package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// grantChoices are the grants step 3 offers, by their short names (the
// Grant field's values, flows.GrantNames), in the order t cycles them.
var grantChoices = []string{"client_credentials", "authorization_code", "device", "refresh_token",
	"token_exchange", "jwt_bearer"}

// grantLabels name the grants on screen.
var grantLabels = map[flows.GrantType]string{
	flows.GrantClientCredentials: "client credentials (RFC 6749 §4.4)",
	flows.GrantAuthorizationCode: "authorization code + PKCE (RFC 6749 §4.1, RFC 7636)",
	flows.GrantDeviceCode:        "device authorization (RFC 8628)",
	flows.GrantRefreshToken:      "refresh token (RFC 6749 §6)",
	flows.GrantTokenExchange:     "token exchange (RFC 8693)",
	flows.GrantJWTBearer:         "JWT bearer (RFC 7523)",
}

// userState is step 3's state for the grants with a user: the grant
// chosen, the device authorization or authorization request under way,
// the refresh token's rotation and the ID token's checks.
type userState struct {
	device *deviceView // the device authorization on screen while polling
	auth   *authView   // the authorization request on screen while waiting

	rotation     *flows.Rotation  // the last refresh's old and new refresh tokens
	reuse        string           // the outcome of the last reuse of a rotated refresh token
	autoRefresh  bool             // refresh shortly before expiry (A)
	redirectRows []flows.CheckRow // the authorization response's checks (state, iss)
	grant        flows.Grant      // the grant the token on screen came by (the call's diagnosis)
	tokenURL     string           // the token endpoint that issued the token on screen (R refreshes there)
	refreshErr   error            // the last refresh's failure; the token on screen stays
	idRows       []flows.CheckRow
	userinfoSub  string
}

// grantType is the grant of step 3's Grant field (client credentials when
// empty or unknown: the walk then says what is wrong with it).
func (m tokenPane) grantType() flows.GrantType {
	t, _ := flows.NormalizeGrant(m.grant())
	return t
}

// ticking reports whether the clock must run for the user flows: a device
// code counts down.
func (u userState) ticking() bool { return u.device != nil }

// userKeys are the keys of the grants with a user.
type userKeys struct {
	Grant, Refresh, Reuse, AutoRefresh, Approve key.Binding
}

func defaultUserKeys() userKeys {
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	return userKeys{
		Grant:       b("t", "grant type"),
		Refresh:     b("R", "refresh"),
		Reuse:       b("u", "reuse old refresh token"),
		AutoRefresh: b("A", "auto-refresh"),
		Approve:     b("o", "approve login (demo)"),
	}
}

var uk = defaultUserKeys()

// userKey handles the keys of the grants with a user on step 3; ok is
// false for other keys.
func (m *Model) userKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.zoomed {
		return nil, false
	}
	if m.current != stepToken { // say where the key works instead of nothing
		for _, b := range []key.Binding{uk.Grant, uk.Refresh, uk.Reuse, uk.AutoRefresh} {
			if key.Matches(msg, b) {
				m.setStatus(b.Help().Key+" ("+b.Help().Desc+") works on step 3 (Token): press 3", true)
				return nil, true
			}
		}
		return nil, false
	}
	switch {
	case key.Matches(msg, uk.Grant) && m.running < 0:
		m.cycleGrant()
	case key.Matches(msg, uk.Refresh):
		return m.refreshToken(false), true
	case key.Matches(msg, uk.Reuse):
		return m.refreshToken(true), true
	case key.Matches(msg, uk.AutoRefresh):
		m.token.user.autoRefresh = !m.token.user.autoRefresh
		m.setStatus(onOff("auto-refresh (a minute before expiry, or at 90% of the lifetime)",
			m.token.user.autoRefresh), false)
		return m.ensureTick(), true
	case key.Matches(msg, uk.Approve):
		return m.approveLogin(), true
	default:
		return nil, false
	}
	return nil, true
}

func onOff(what string, on bool) string {
	if on {
		return what + ": on"
	}
	return what + ": off"
}

// cycleGrant moves to the next grant.
func (m *Model) cycleGrant() {
	g, next := m.token.grantType(), grantChoices[0]
	for i, c := range grantChoices {
		if t, _ := flows.NormalizeGrant(c); t == g {
			next = grantChoices[(i+1)%len(grantChoices)]
		}
	}
	m.token.form.setValue(fGrant, next)
	m.setStatus("grant: "+grantLabels[m.token.grantType()]+" · enter runs it", false)
	m.token.refresh(false)
	m.tokenFieldsChanged()
}

// afterEdit follows an edit of a field of the step on screen.
func (m *Model) afterEdit(s step) {
	s.afterEdit()
	if m.current == stepToken {
		m.tokenFieldsChanged()
	}
}

// tokenFieldsChanged drops step 3's result once its fields (the grant,
// the scopes, …) no longer say what was sent: step 3 is ○ again and the
// call's result is from before, so that enter runs the grant on screen
// rather than going on with the old grant's token. The token itself
// stays (the header): it still works.
func (m *Model) tokenFieldsChanged() {
	t := &m.token
	if t.state != stateOK && t.state != stateFailed || t.fieldsKey() == t.sentFields {
		return
	}
	t.state, t.err, t.staleBy = stateIdle, nil, -1
	t.diag, t.warnings = diagnosis{}, nil
	t.refresh(false)
	m.held = false
	m.markStale(stepToken)
}

// runUserGrant starts the grant chosen when it is not client credentials;
// ok is false for client credentials (step 3's own run).
func (m *Model) runUserGrant() (tea.Cmd, bool) {
	switch m.token.grantType() {
	case flows.GrantDeviceCode:
		return m.startDevice(), true
	case flows.GrantAuthorizationCode:
		return m.startAuthCode(), true
	case flows.GrantRefreshToken:
		return m.refreshToken(false), true
	}
	return nil, false
}

// userKeysHelp are the help entries of the user grants on step 3.
func (m *Model) userKeysHelp() []key.Binding {
	hasRefresh := m.tok != nil && m.tok.RefreshToken != ""
	waiting := m.token.user.device != nil || m.token.user.auth != nil
	return []key.Binding{enabled(uk.Grant, m.running < 0), enabled(uk.Refresh, hasRefresh && m.running < 0),
		enabled(uk.Reuse, m.token.user.rotation != nil && m.running < 0), enabled(uk.AutoRefresh, hasRefresh),
		enabled(uk.Approve, waiting && m.approver() != nil)}
}

// onUserMsg handles the answers of the user grants.
func (m *Model) onUserMsg(sm stepMsg) tea.Cmd {
	switch msg := sm.(type) {
	case deviceStartedMsg:
		return m.onDeviceStarted(msg)
	case pollDueMsg:
		return m.onPollDue(msg)
	case devicePolledMsg:
		return m.onDevicePolled(msg)
	case authStartedMsg:
		return m.onAuthStarted(msg)
	case callbackMsg:
		return m.onCallback(msg)
	case authFinishedMsg:
		return m.onAuthFinished(msg)
	case refreshedMsg:
		return m.onRefreshed(msg)
	case approvedMsg:
		return m.onApproved(msg)
	}
	return nil
}

// Approver approves the pending login of the demo server from the TUI
// (o), for demos where no browser is at hand. *demo.Server implements it.
type Approver interface {
	ApproveDevice(userCode string, approve bool) error
}

// approver is the demo server when it can approve logins: on the demo
// walk, and on any walk whose issuer is the embedded demo's (a profile the
// picker's New API… made for it).
func (m *Model) approver() Approver {
	if !m.loaded.Demo && !m.onEmbeddedDemo(m.plan.Issuer) {
		return nil
	}
	a, _ := m.faults.sw.(Approver)
	return a
}

// onEmbeddedDemo reports whether u is the embedded demo server's issuer or
// a URL under it (a port of this run only).
func (m *Model) onEmbeddedDemo(u string) bool {
	demoIssuer := strings.TrimSuffix(m.picker.demoIssuer, "/")
	u = strings.TrimSpace(u)
	return demoIssuer != "" && (strings.TrimSuffix(u, "/") == demoIssuer || strings.HasPrefix(u, demoIssuer+"/"))
}

// approvedMsg is the answer of o.
type approvedMsg struct{ err error }

func (approvedMsg) owner() int { return stepToken }

func (m *Model) onApproved(msg approvedMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus("✗ approving the login: "+clean(msg.err.Error()), true)
		return nil
	}
	m.setStatus("✓ approved as the demo user "+demoUser+": the next poll or the redirect brings the token", false)
	return nil
}

// demoUser and demoPassword are the demo server's user (demo.UserName).
const (
	demoUser     = "alice"
	demoPassword = "demo-password"
)

// idTokenChecked records the ID token's checks of a new grant's token
// (not a refresh's): the rotation and the redirect checks of an earlier
// token no longer apply.
func (u *userState) idTokenChecked(c walk.IDTokenCheck) {
	u.rotation, u.reuse, u.redirectRows = nil, "", nil
	u.idRows = c.Rows
	u.userinfoSub, _ = c.UserInfo["sub"].(string)
}

// userRunningLines draw the device authorization or the authorization
// request while step 3 waits for the person; nil otherwise.
func (m *tokenPane) userRunningLines() []string {
	switch {
	case m.user.device != nil:
		return m.deviceLines(m.user.device)
	case m.user.auth != nil:
		return m.authLines(m.user.auth)
	}
	return nil
}

// userIdleLines say what enter will do with a grant other than client
// credentials; nil for client credentials (step 3's own text).
func (m *tokenPane) userIdleLines() []string {
	st, w := m.c.styles, m.width
	var what string
	switch m.grantType() {
	case flows.GrantDeviceCode:
		what = "enter starts the device flow: a user code to enter on another device (or a QR code to scan), " +
			"then polling until the person approves."
	case flows.GrantAuthorizationCode:
		what = "enter opens the browser on the authorization URL (PKCE S256, state, nonce) with a loopback " +
			"redirect on 127.0.0.1, then exchanges the code."
	case flows.GrantRefreshToken:
		what = "enter (or R) exchanges the refresh token of the token on screen for a new token."
	default:
		return nil
	}
	lines := wrapLines("Grant: "+st.text.accent.Render(grantLabels[m.grantType()])+"  "+
		st.text.dim.Render("t changes it"), w)
	return append(lines, wrapLines(what, w)...)
}

// stepUp acts on a step-up fix (walk.Effect.Authorize, RFC 6750 §3.1):
// the authorization code grant runs again from step 3 with the scopes the
// plan now holds (a new authorization by the person, as the grant picker's
// authorization code choice starts it), then the call.
func (m *Model) stepUp() tea.Cmd {
	m.token.form.setValue(fGrant, "authorization_code")
	m.token.refresh(false)
	return m.rerun(stepToken, stepCall)
}
