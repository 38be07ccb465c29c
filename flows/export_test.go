package flows

import (
	"net/http"
	"strings"
	"testing"
)

func TestExported_MasksShortSecretsInKnownFieldsAndKeepsJWTClaims(t *testing.T) {
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
	ex := Exchange{Method: "POST", URL: "https://as.example/token?token=" + jwt,
		RequestHeader: []HeaderField{{"Content-Type", "application/x-www-form-urlencoded"},
			{"Authorization", "Basic Y2lkOndyb25n"}, {"X-Vendor-Key", "short"}},
		RequestBody: []byte("grant_type=client_credentials&client_id=cid&client_secret=wrong"),
		Status:      200, ResponseHeader: http.Header{"Content-Type": {"application/json"}},
		ResponseBody: []byte(`{"access_token":"` + jwt + `","refresh_token":"opaque-1","note":"wrong"}`),
		Secrets:      []Secret{{Name: "CLIENT_SECRET", Value: "wrong"}}}
	out := ex.Exported(NewRedactor(Secret{Name: "OTHER", Value: "opaque-refresh-value"}))
	body := string(out.RequestBody)
	if strings.Contains(body, "client_secret=wrong") || !strings.Contains(body, "client_id=cid") {
		t.Errorf("request body %q", body)
	}
	for _, h := range out.RequestHeader {
		if h.Name != "Content-Type" && !strings.HasSuffix(h.Value, Mask) {
			t.Errorf("header %s: %q, want masked", h.Name, h.Value)
		}
	}
	resp := string(out.ResponseBody)
	stripped := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.REDACTED"
	if !strings.Contains(resp, stripped) || strings.Contains(resp, "opaque-1") ||
		strings.Contains(resp, "c2lnbmF0dXJl") {
		t.Errorf("response body %q", resp)
	}
	if !strings.Contains(resp, `"note":"wrong"`) {
		t.Errorf("a short secret was masked outside its field (ordinary words must survive): %q", resp)
	}
	if strings.Contains(out.URL, "c2lnbmF0dXJl") || out.Secrets != nil {
		t.Errorf("URL %q, secrets %v", out.URL, out.Secrets)
	}
}
