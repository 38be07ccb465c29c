package demo

import (
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Device authorization (RFC 8628) settings of the demo server.
const (
	deviceLife       = 10 * time.Minute
	deviceInterval   = 5 // seconds (RFC 8628 §3.2 default)
	deviceAuthPath   = "/device_authorization"
	deviceVerifyPath = "/device"
)

// deviceState is where a device authorization stands.
type deviceState int

const (
	devicePending deviceState = iota
	deviceApproved
	deviceDenied
	deviceUsed
)

// deviceGrant is one device authorization, from the device authorization
// request to the token.
type deviceGrant struct {
	deviceCode, userCode string
	req                  tokenRequest // client, scopes, audience
	expires              time.Time
	state                deviceState
	polls                int
}

// devices holds the device authorizations by device code and user code.
type devices struct {
	mu       sync.Mutex
	byCode   map[string]*deviceGrant
	byUser   map[string]*deviceGrant
	last     string // the latest user code, for ApproveDevice("")
	interval int    // seconds between polls
}

func newDevices(interval int) *devices {
	if interval <= 0 {
		interval = deviceInterval
	}
	return &devices{byCode: map[string]*deviceGrant{}, byUser: map[string]*deviceGrant{}, interval: interval}
}

// handleDeviceAuthorization is the device authorization endpoint (RFC 8628
// §3.1, §3.2): the client is authenticated as at the token endpoint (a
// public client sends its client_id) and gets a device code and a user code.
func (s *Server) handleDeviceAuthorization(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !allowMethod(w, r, http.MethodPost) {
		return
	}
	form, e := readForm(w, r)
	if e == nil {
		var c Client
		if c, e = s.authenticateClient(r, form); e == nil {
			e = s.startDevice(w, r, c, form)
		}
	}
	if e != nil {
		writeOAuthError(w, e)
	}
}

// startDevice records a new device authorization and answers with it.
func (s *Server) startDevice(w http.ResponseWriter, r *http.Request, c Client, form url.Values) *oauthError {
	scope, e := param(form, "scope")
	if e != nil {
		return e
	}
	scopes, e := userScopes(c, scope)
	if e != nil {
		return e
	}
	aud, e := audiences(form, issuerOf(r))
	if e != nil {
		return e
	}
	life := deviceLife
	if s.has(FaultExpiredDeviceCode) {
		life = shortDeviceLife
	}
	g := &deviceGrant{deviceCode: randomCode(32), userCode: newUserCode(), expires: s.now().Add(life),
		req: tokenRequest{client: c, scopes: scopes, audience: aud}}
	s.devices.add(g)
	verify := issuerOf(r) + deviceVerifyPath
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code": g.deviceCode, "user_code": g.userCode,
		"verification_uri": verify, "verification_uri_complete": verify + "?user_code=" + url.QueryEscape(g.userCode),
		"expires_in": int64(life.Seconds()), "interval": s.devices.interval,
	})
	return nil
}

func (d *devices) add(g *deviceGrant) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byCode[g.deviceCode] = g
	d.byUser[g.userCode] = g
	d.last = g.userCode
}

// Errors of ApproveDevice.
var (
	ErrUnknownUserCode = errors.New("no device authorization has this user code")
	ErrDeviceDecided   = errors.New("this device authorization was already approved, denied or used")
	ErrDeviceExpired   = errors.New("this device authorization has expired")
)

// ApproveDevice approves (or denies) the device authorization with the
// user code as the demo user would on the verification page; "" means the
// latest one. It is what `oauthlens demo`'s approve key calls when no
// browser is at hand.
func (s *Server) ApproveDevice(userCode string, approve bool) error {
	d := s.devices
	d.mu.Lock()
	defer d.mu.Unlock()
	if userCode == "" {
		userCode = d.last
	}
	g, ok := d.byUser[normalizeUserCode(userCode)]
	switch {
	case !ok:
		return ErrUnknownUserCode
	case g.state != devicePending:
		return ErrDeviceDecided
	case !s.now().Before(g.expires):
		return ErrDeviceExpired
	}
	g.state = deviceDenied
	if approve {
		g.state = deviceApproved
		g.req.user = &userGrant{subject: UserName, authTime: s.now(), family: randomCode(12)}
	}
	return nil
}
