package flows

import (
	"net/http"
	"testing"
	"time"
)

func TestDiagnoseClientAuth(t *testing.T) {
	key, _, _ := GenerateSigningKey("ES256")
	pk := &TokenRequest{ClientID: "c", AuthMethod: AuthPrivateKeyJWT, Key: key}
	tlsReq := &TokenRequest{ClientID: "c", AuthMethod: AuthTLS}
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	skewed := Exchange{
		Started:        now,
		ResponseHeader: http.Header{"Date": {now.Add(5 * time.Minute).Format(time.RFC1123)}},
	}
	es256Only := &Metadata{Raw: map[string]any{"token_endpoint_auth_signing_alg_values_supported": []any{"RS256"}}}
	tests := []struct {
		name string
		desc string
		req  *TokenRequest
		md   *Metadata
		exs  []Exchange
		code string
		want Code
	}{
		{"aud", "bad aud", pk, nil, nil, "invalid_client", CodeAssertionAudience},
		{"alg from metadata", "nope", pk, es256Only, nil, "invalid_client", CodeAssertionAlg},
		{"skew from Date", "invalid assertion", pk, nil, []Exchange{skewed}, "invalid_client", CodeAssertionSkew},
		{"nothing said", "invalid assertion", pk, nil, nil, "invalid_client", CodeAssertionRejected},
		{"mtls none sent", "no client certificate was sent", tlsReq, nil, nil, "invalid_client", CodeMTLSNoCert},
		{"mtls rejected", "unknown certificate", tlsReq, nil, nil, "invalid_client", CodeMTLSRejected},
		{"dpop proof", "htu mismatch", pk, nil, nil, "invalid_dpop_proof", CodeDPoPProof},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &OAuthError{Code: tt.code, Description: tt.desc, StatusCode: 401, Header: http.Header{}}
			ds := Diagnose(e, Context{Step: StepToken, Request: tt.req, Metadata: tt.md, Exchanges: tt.exs, Now: now})
			if len(ds) == 0 || ds[0].Code != tt.want {
				t.Fatalf("got %+v, want %s", ds, tt.want)
			}
		})
	}
}

func TestInspectToken_DPoP(t *testing.T) {
	d, _ := NewDPoP("ES256")
	req := &TokenRequest{DPoP: d}
	codes := func(ds []Diagnosis) (out []Code) {
		for _, x := range ds {
			if x.Code != CodeTokenNoExpiresIn {
				out = append(out, x.Code)
			}
		}
		return out
	}
	got := codes(InspectToken(Token{AccessToken: "opaque-0123456789", TokenType: "DPoP"}, Context{Request: req}))
	if len(got) != 0 {
		t.Errorf("an opaque DPoP token asked for with DPoP: got %v, want no notes", got)
	}
	got = codes(InspectToken(Token{AccessToken: "opaque-0123456789", TokenType: "Bearer"}, Context{Request: req}))
	if len(got) != 1 || got[0] != CodeDPoPNotBound {
		t.Errorf("a Bearer token asked for with DPoP: got %v, want %s", got, CodeDPoPNotBound)
	}
	got = codes(InspectToken(Token{AccessToken: "opaque-0123456789", TokenType: "DPoP"}, Context{}))
	if len(got) != 1 || got[0] != CodeTokenTypeNotBearer {
		t.Errorf("a DPoP token without DPoP asked for: got %v", got)
	}
}
