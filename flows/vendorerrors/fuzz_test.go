package vendorerrors

import (
	"testing"
	"unicode/utf8"
)

func FuzzMatch(f *testing.F) {
	for _, c := range allCases() {
		f.Add(c.status, []byte(c.body), "application/json", "")
	}
	f.Add(401, []byte("error=invalid_client&error_description=AADSTS7000215"), "application/x-www-form-urlencoded", "")
	f.Add(401, []byte(nil), "", `Bearer error="invalid_token", error_description="expired"`)
	f.Add(400, []byte(`[{"error":{"status":"X","code":1,"details":[{"code":"Y"}]}}]`), "", "")
	f.Fuzz(func(t *testing.T, status int, body []byte, contentType, wwwAuth string) {
		r := Response{Status: status, Body: body, ContentType: contentType, WWWAuthenticate: wwwAuth}
		_ = Detect(r)
		for _, v := range []string{"", "okta", "duende"} {
			res, ok := Match(v, r)
			if !ok {
				continue
			}
			if res.ID == "" {
				t.Fatal("matched an entry without an id")
			}
			for _, e := range res.Evidence {
				checkClean(t, e)
			}
		}
		for _, s := range extract(r).texts {
			checkClean(t, s)
		}
	})
}

// checkClean fails on invalid UTF-8 or a control character.
func checkClean(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if isControl(r) {
			t.Fatalf("control character %U in %q", r, s)
		}
	}
}
