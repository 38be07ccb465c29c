package demo

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// startDevice asks for a device authorization as the default client.
func startDevice(t *testing.T, base string, scope string) reply {
	t.Helper()
	rep := post(t, base+deviceAuthPath, url.Values{"scope": {scope}}, basic(ClientID, ClientSecret))
	if rep.status != 200 {
		t.Fatalf("device authorization: %d %s", rep.status, rep.raw)
	}
	return rep
}

// pollDevice makes one token request with the device code.
func pollDevice(t *testing.T, base, code string) reply {
	t.Helper()
	return post(t, base+"/token", url.Values{"grant_type": {grantDeviceCode}, "device_code": {code}},
		basic(ClientID, ClientSecret))
}

// verify submits the verification page's form.
func verify(t *testing.T, base, userCode, password, action string) reply {
	t.Helper()
	return postAs(t, base+deviceVerifyPath, "application/x-www-form-urlencoded", url.Values{
		"user_code": {userCode}, "username": {UserName}, "password": {password}, "action": {action}}.Encode(), "")
}

func TestDevice_ApproveOnPage(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	d := startDevice(t, ts.URL, "openid api:read")
	if !strings.HasSuffix(d.str("verification_uri"), deviceVerifyPath) || d.json["interval"] != float64(5) {
		t.Fatalf("got %s", d.raw)
	}
	if got := pollDevice(t, ts.URL, d.str("device_code")); got.str("error") != errAuthorizationPending {
		t.Fatalf("first poll: got %s", got.raw)
	}
	page := get(t, d.str("verification_uri_complete"), "")
	if !strings.Contains(page.raw, d.str("user_code")) || !strings.Contains(page.raw, "openid api:read") {
		t.Fatalf("verification page lacks the code or the scopes:\n%s", page.raw)
	}
	if got := verify(t, ts.URL, d.str("user_code"), "nope", "approve"); got.status != 401 {
		t.Fatalf("wrong password: got %d", got.status)
	}
	lower := strings.ToLower(strings.ReplaceAll(d.str("user_code"), "-", " "))
	if got := verify(t, ts.URL, lower, UserPassword, "approve"); got.status != 200 {
		t.Fatalf("approve: got %d %s", got.status, got.raw)
	}
	tok := pollDevice(t, ts.URL, d.str("device_code"))
	if tok.status != 200 || tok.str("access_token") == "" {
		t.Fatalf("token: got %s", tok.raw)
	}
	if again := pollDevice(t, ts.URL, d.str("device_code")); again.str("error") != errInvalidGrant {
		t.Errorf("second use of the device code: got %s", again.raw)
	}
}

func TestDevice_DenyExpireSlowDown(t *testing.T) {
	clock := newTestClock()
	s, ts := newTestServer(t, Config{Now: clock.Now})
	d := startDevice(t, ts.URL, "")
	if err := s.ApproveDevice("", false); err != nil {
		t.Fatal(err)
	}
	if got := pollDevice(t, ts.URL, d.str("device_code")); got.str("error") != errAccessDenied {
		t.Errorf("denied: got %s", got.raw)
	}
	d = startDevice(t, ts.URL, "")
	clock.Advance(deviceLife)
	if got := pollDevice(t, ts.URL, d.str("device_code")); got.str("error") != errExpiredToken {
		t.Errorf("expired: got %s", got.raw)
	}
	if err := s.ApproveDevice(d.str("user_code"), true); err != ErrDeviceExpired {
		t.Errorf("approving an expired code: got %v", err)
	}
	_ = s.SetFaults(string(FaultSlowDown), string(FaultExpiredDeviceCode))
	d = startDevice(t, ts.URL, "")
	if d.json["expires_in"] != float64(10) {
		t.Errorf("expired-device-code: expires_in %v", d.json["expires_in"])
	}
	if got := pollDevice(t, ts.URL, d.str("device_code")); got.str("error") != errSlowDown {
		t.Errorf("slow-down: got %s", got.raw)
	}
	clock.Advance(11 * time.Second)
	if got := pollDevice(t, ts.URL, d.str("device_code")); got.str("error") != errExpiredToken {
		t.Errorf("expired-device-code: got %s", got.raw)
	}
}

func TestDevice_OtherClientsCode(t *testing.T) {
	other := Client{ID: "other", Secret: "other-secret", Scopes: DefaultScopes}
	_, ts := newTestServer(t, Config{Clients: []Client{DefaultClient, other}})
	d := startDevice(t, ts.URL, "")
	got := post(t, ts.URL+"/token", url.Values{"grant_type": {grantDeviceCode}, "device_code": {d.str("device_code")}},
		basic("other", "other-secret"))
	if got.str("error") != errInvalidGrant {
		t.Errorf("got %s", got.raw)
	}
}
