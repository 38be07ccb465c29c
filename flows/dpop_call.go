package flows

import (
	"context"
	"net/http"
)

// sendCallNonce sends the call, and once more with the nonce when a
// DPoP resource server asks for one (RFC 9449 §9); the retry is its own
// exchange. r keeps the nonce for later calls.
func sendCallNonce(ctx context.Context, hc *http.Client, r *CallRequest, tok Token, label string) ([]Exchange,
	Exchange, error) {
	ex, err := sendCall(ctx, hc, *r, tok, label)
	exs := []Exchange{ex}
	if err != nil || r.DPoP == nil {
		return exs, ex, err
	}
	if nonce, ok := DPoPNonce(ex); ok && nonce != r.apiNonce {
		r.apiNonce = nonce
		ex, err = sendCall(ctx, hc, *r, tok, label+" (DPoP nonce)")
		exs = append(exs, ex)
	}
	return exs, ex, err
}
