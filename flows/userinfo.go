package flows

import (
	"context"
	"fmt"
	"net/http"
)

// FetchUserInfo calls the UserInfo endpoint (OIDC Core §5.3) with the
// access token and returns its claims. The exchange is returned in every
// case.
func FetchUserInfo(ctx context.Context, hc *http.Client, endpoint, accessToken string) (map[string]any, Exchange,
	error) {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+accessToken)
	h.Set("Accept", "application/json")
	ex, err := Send(ctx, hc, Request{Label: "userinfo", Method: http.MethodGet, URL: endpoint, Header: h,
		Secrets: []Secret{{Name: "ACCESS_TOKEN", Value: accessToken}}})
	if err != nil {
		return nil, ex, fmt.Errorf("userinfo: %w", err)
	}
	if err := answerError("userinfo", ex); err != nil {
		return nil, ex, err
	}
	f, err := parseFields(ex.ResponseBody, ex.ContentType())
	if err != nil {
		return nil, ex, fmt.Errorf("userinfo response: %w", err)
	}
	return f, ex, nil
}

// UserInfoSubRow compares the UserInfo sub with the ID token's (OIDC Core
// §5.3.2: they must be equal, or the answer must not be used).
func UserInfoSubRow(idToken string, info map[string]any) CheckRow {
	const refs = "OIDC Core §5.3.2"
	d, err := DecodeJWT(idToken)
	if err != nil {
		return CheckRow{Name: "userinfo sub", Refs: refs, Status: CheckSkip, Detail: "no ID token to compare with"}
	}
	id, _ := d.Claims["sub"].(string)
	got, _ := info["sub"].(string)
	return row(
		"userinfo sub",
		refs,
		got != "" && got == id,
		"equals the ID token's sub "+QuoteText(id),
		fmt.Sprintf(
			"UserInfo says %s, the ID token %s: do not use this UserInfo answer",
			QuoteText(got),
			QuoteText(id),
		),
	)
}
