package walk

import (
	"context"
	"net/http"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// IDTokenCheck is the validation of an ID token (OIDC Core §3.1.3.7) and
// the UserInfo comparison, each a row, with the exchanges they needed
// (the JWKS, UserInfo).
type IDTokenCheck struct {
	Rows      []flows.CheckRow
	UserInfo  map[string]any
	Exchanges []flows.Exchange
}

// IDTokenExpect is what the ID token is checked against: the client, the
// nonce and code of the request, max_age, and the program's clock.
type IDTokenExpect struct {
	ClientID, Nonce, Code string
	MaxAge                time.Duration
	Now                   time.Time
	// JWKS is the walk's JWKS cache: the ID token is verified with the set
	// the access token was, without a second fetch. nil fetches the set.
	JWKS *JWKSCache
}

// CheckIDToken validates the token's ID token, if any, against the
// discovery document (issuer, JWKS) and the request (client, nonce, code),
// then calls UserInfo when the metadata names it and compares its sub.
func CheckIDToken(ctx context.Context, hc *http.Client, d *flows.Discovery, tok flows.Token,
	e IDTokenExpect) IDTokenCheck {
	var c IDTokenCheck
	raw, _ := tok.Fields["id_token"].(string)
	if raw == "" || d == nil {
		return c
	}
	var jwks []byte
	if u := d.Metadata.JWKSURI; u != "" {
		dec, _ := flows.DecodeJWT(raw)
		body, ex, err := e.JWKS.Keys(ctx, hc, u, dec.KID())
		if ex != nil {
			c.Exchanges = append(c.Exchanges, *ex)
		}
		if err == nil {
			jwks = body
		}
	}
	c.Rows = flows.CheckIDToken(raw, jwks, flows.IDTokenExpect{Issuer: d.Metadata.Issuer, ClientID: e.ClientID,
		Nonce: e.Nonce, AccessToken: tok.AccessToken, Code: e.Code, MaxAge: e.MaxAge, Now: e.Now,
		Leeway: time.Minute})
	if u := d.Metadata.UserinfoEndpoint(); u != "" {
		info, ex, err := flows.FetchUserInfo(ctx, hc, u, tok.AccessToken)
		c.Exchanges = append(c.Exchanges, ex)
		if err == nil {
			c.UserInfo = info
			c.Rows = append(c.Rows, flows.UserInfoSubRow(raw, info))
		} else {
			c.Rows = append(c.Rows, flows.CheckRow{Name: "userinfo sub", Refs: "OIDC Core §5.3",
				Status: flows.CheckFail, Detail: flows.SanitizeLine(err.Error())})
		}
	}
	return c
}
