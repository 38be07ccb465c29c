package walk

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// TestCreate_WarnsAboutPlainHTTPBeforeSending: a registration or a vendor
// creation request to plain http:// on a host that is not loopback is
// warned about before it goes (the host does not resolve: nothing is sent).
func TestCreate_WarnsAboutPlainHTTPBeforeSending(t *testing.T) {
	hc := &http.Client{Timeout: 2 * time.Second}
	for name, c := range map[string]Creation{
		"rfc7591": {Name: "x", Registration: &flows.RegistrationRequest{
			Endpoint: "http://oauthlens-test.invalid/register", InitialAccessToken: "iat-0123456789"}},
		"vendor": {Name: "x", Vendor: &flows.VendorClientRequest{URL: "http://oauthlens-test.invalid/api/client/"}},
	} {
		var got []WarningCode
		c.Guards.OnWarning = func(w Warning) { got = append(got, w.Code) }
		_, _, err := Create(context.Background(), hc, c)
		if err == nil || len(got) != 1 || got[0] != WarnPlainHTTP {
			t.Errorf("%s: warnings %v, err %v; want one plain-http warning before the request failed", name, got, err)
		}
	}
}
