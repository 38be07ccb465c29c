package flows

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// deviceServer answers the device authorization request, then the polls
// in order from answers (each "error" or "" for a token).
func deviceServer(t *testing.T, answers ...string) *httptest.Server {
	t.Helper()
	n := 0
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/device":
			fmt.Fprint(w, `{"device_code":"dc-secret-0123456789","user_code":"WDJB-MJHT",`+
				`"verification_uri":"https://as.example/device","expires_in":600,"interval":1}`)
		case "/token":
			if got := r.PostForm.Get("device_code"); got != "dc-secret-0123456789" {
				t.Errorf("device_code: got %q", got)
			}
			if got := r.PostForm.Get("grant_type"); got != string(GrantDeviceCode) {
				t.Errorf("grant_type: got %q", got)
			}
			a := answers[n]
			n++
			if a != "" {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"error":%q}`, a)
				return
			}
			fmt.Fprint(w, `{"access_token":"at-0123456789","token_type":"Bearer","expires_in":60}`)
		}
	}))
}

func TestDevicePoll_PendingSlowDownToken(t *testing.T) {
	ts := deviceServer(t, "authorization_pending", "slow_down", "")
	defer ts.Close()
	ctx := context.Background()
	d, ex, err := RequestDeviceAuthorization(ctx, ts.Client(), DeviceAuthRequest{Endpoint: ts.URL + "/device",
		ClientID: "app", AuthMethod: AuthNone, Scopes: []string{"openid"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.UserCode != "WDJB-MJHT" || d.PollInterval() != time.Second || d.ExpiresIn != 600 {
		t.Fatalf("got %+v", d)
	}
	if strings.Contains(string(RedactorFor([]Exchange{ex}).Bytes(ex.ResponseBody)), "dc-secret") {
		t.Error("the device code shows in the rendered exchange")
	}
	p := NewDevicePoller(TokenRequest{TokenURL: ts.URL + "/token", ClientID: "app", AuthMethod: AuthNone}, d)
	p.Interval, p.SlowDown = time.Millisecond, time.Millisecond
	var seen []PollStatus
	last, exs := PollDevice(ctx, ts.Client(), p, d, func(p Poll) { seen = append(seen, p.Status) })
	want := []PollStatus{PollPending, PollSlowDown, PollDone}
	if fmt.Sprint(seen) != fmt.Sprint(want) || len(exs) != 3 {
		t.Fatalf("got %v (%d exchanges), want %v", seen, len(exs), want)
	}
	if last.Token.AccessToken != "at-0123456789" || last.Interval != 2*time.Millisecond {
		t.Errorf("got token %q interval %v", last.Token.AccessToken, last.Interval)
	}
}

func TestDevicePoll_Stops(t *testing.T) {
	for _, code := range []PollStatus{PollDenied, PollExpired, "invalid_grant"} {
		ts := deviceServer(t, string(code))
		d := DeviceAuthorization{DeviceCode: "dc-secret-0123456789", Interval: 1}
		p := NewDevicePoller(TokenRequest{TokenURL: ts.URL + "/token", ClientID: "app", AuthMethod: AuthNone}, d)
		p.Interval = time.Millisecond
		last, _ := PollDevice(context.Background(), ts.Client(), p, d, nil)
		want := code
		if code == "invalid_grant" {
			want = PollFailed
		}
		if last.Status != want || last.Err == nil || last.Status.Continues() {
			t.Errorf("%s: got %s %v", code, last.Status, last.Err)
		}
		ts.Close()
	}
}

func TestDeviceAuthorization_MissingMembers(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"user_code":"ABCD"}`)
	}))
	defer ts.Close()
	_, _, err := RequestDeviceAuthorization(context.Background(), ts.Client(),
		DeviceAuthRequest{Endpoint: ts.URL, ClientID: "app", AuthMethod: AuthNone})
	if err == nil || !strings.Contains(err.Error(), "device_code, verification_uri, expires_in") {
		t.Errorf("got %v", err)
	}
}
