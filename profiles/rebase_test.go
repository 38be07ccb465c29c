package profiles

import (
	"strings"
	"testing"
)

// TestRebase_MovesEveryURL: the WorkfloPlus template rebased on a sandbox
// host keeps no URL on the production host, its admin API included
// (issue 12: the owner's admin token went to production).
func TestRebase_MovesEveryURL(t *testing.T) {
	p, _ := Template("workfloplus")
	got, err := Rebase(p, "https://sandbox.example.com/ignored")
	if err != nil {
		t.Fatal(err)
	}
	if got.TokenURL != "https://sandbox.example.com/connect/token" ||
		got.ClientCreation.URL != "https://sandbox.example.com/api/client/" {
		t.Errorf("got token %s, creation %s", got.TokenURL, got.ClientCreation.URL)
	}
	if p2, _ := Template("workfloplus"); p2.ClientCreation.URL != "https://accounts.workfloplus.com/api/client/" {
		t.Errorf("the template changed: %s", p2.ClientCreation.URL)
	}
	if _, err := Rebase(p, "sandbox.example.com"); err == nil {
		t.Error("a base URL without scheme was accepted")
	}
}

// TestRebase_MovesTheDeviceURL: a device_url (GitHub's) moves with the
// rest, so no request of the rebased profile goes to the original host.
func TestRebase_MovesTheDeviceURL(t *testing.T) {
	p, _ := Template("github-device")
	got, err := Rebase(p, "http://127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{got.TokenURL, got.DeviceURL, got.APIBaseURL} {
		if !strings.HasPrefix(u, "http://127.0.0.1:8080") {
			t.Errorf("not moved: %s", u)
		}
	}
	if got.DeviceURL != "http://127.0.0.1:8080/login/device/code" {
		t.Errorf("device_url: got %q", got.DeviceURL)
	}
}
