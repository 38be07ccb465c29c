package walk

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// TestAuthCode_AudienceOnTheAuthorizationRequest: a plan's audience goes
// on the authorization request (Auth0 picks the API there) and the token
// the code brings is for that audience.
func TestAuthCode_AudienceOnTheAuthorizationRequest(t *testing.T) {
	ts := httptest.NewServer(demo.New(demo.Config{}).Handler())
	defer ts.Close()
	const aud = "https://reports.example"
	pl := Plan{Issuer: ts.URL, Token: flows.TokenRequest{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		Scopes: []string{"openid", "api:read"}, Audience: aud}}
	run := runAuthCodePlan(t, ts, &pl, AuthCodeOptions{}, "approve")
	if run.err != nil {
		t.Fatal(run.err)
	}
	u, _ := url.Parse(run.start.URL)
	if got := u.Query()["audience"]; !slices.Equal(got, []string{aud}) {
		t.Errorf("authorization request audience: got %v, want [%s]", got, aud)
	}
	d, err := flows.DecodeJWT(run.res.Token.AccessToken)
	if err != nil || !slices.Contains(d.Audience(), aud) {
		t.Errorf("access token aud: got %v (%v), want %s", d.Audience(), err, aud)
	}
}

// TestStartDevice_ProfileDeviceURLAndAudience: without metadata (GitHub
// publishes none) the profile's device_url is the device authorization
// endpoint; --device-url wins over it; the audience goes in the request.
func TestStartDevice_ProfileDeviceURLAndAudience(t *testing.T) {
	var got []url.Values
	var paths []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		got, paths = append(got, r.PostForm), append(paths, r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"device_code":"dc-0123456789","user_code":"WDJB-MJHT",` +
			`"verification_uri":"https://example.com/device","expires_in":900,"interval":5}`))
	}))
	defer ts.Close()
	p := profiles.Profile{Name: "gh", TokenURL: ts.URL + "/token", ClientID: "Iv1.app", AuthMethod: flows.AuthNone,
		Scopes: []string{"read:user"}, Audience: "https://api.example",
		GrantFields: profiles.GrantFields{Grant: "device", DeviceURL: ts.URL + "/login/device/code"}}
	for _, flag := range []string{"", ts.URL + "/other"} {
		pl, err := Build(t.Context(), &p, Overrides{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		st, err := StartDevice(t.Context(), ts.Client(), &pl, flag, Guards{})
		if err != nil || st.Auth.UserCode != "WDJB-MJHT" {
			t.Fatalf("device-url %q: %v %+v", flag, err, st.Auth)
		}
	}
	if !slices.Equal(paths, []string{"/login/device/code", "/other"}) {
		t.Errorf("device endpoints: got %v", paths)
	}
	if f := got[0]; f.Get("client_id") != "Iv1.app" || f.Get("scope") != "read:user" ||
		f.Get("audience") != "https://api.example" || f.Has("client_secret") {
		t.Errorf("device authorization form: %v", f)
	}
	back := Plan{}.ToProfile(profiles.Profile{})
	if pl, _ := Build(t.Context(), &p, Overrides{}, nil); !strings.HasSuffix(pl.ToProfile(back).DeviceURL,
		"/login/device/code") {
		t.Errorf("ToProfile drops device_url")
	}
}
