package walk

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// TestReacquirer: how each kind of token is replaced when the API refuses
// it: the grants without a person by their token request; a user grant's
// token by a refresh (rotated, or not: the old refresh token kept); and
// none without a refresh token.
func TestReacquirer(t *testing.T) {
	var got []string
	rotate := true
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		got = append(got, r.PostForm.Get("grant_type")+" "+r.PostForm.Get("refresh_token"))
		w.Header().Set("Content-Type", "application/json")
		rt := ""
		if rotate {
			rt = `,"refresh_token":"rt-new"`
		}
		fmt.Fprintf(w, `{"access_token":"at-new","token_type":"Bearer"%s}`, rt)
	}))
	defer ts.Close()
	plan := func(grant string, g flows.Grant) Plan {
		return Plan{Token: flows.TokenRequest{TokenURL: ts.URL, ClientID: "c", ClientSecret: "s",
			AuthMethod: flows.AuthPost, Grant: g}, GrantPlan: GrantPlan{Name: grant}}
	}
	ctx := context.Background()

	if f := Reacquirer(ts.Client(), plan("", nil), flows.Token{RefreshToken: "rt"}, nil); f == nil {
		t.Fatal("client credentials: no re-acquire")
	} else if f(ctx); got[0] != "client_credentials " {
		t.Errorf("client credentials sent %q", got[0])
	}

	var rot *flows.Rotation
	f := Reacquirer(ts.Client(), plan("authorization_code", nil), flows.Token{RefreshToken: "rt-old"},
		func(r flows.Rotation) { rot = &r })
	tok, _, err := f(ctx)
	if err != nil || got[1] != "refresh_token rt-old" || tok.RefreshToken != "rt-new" || rot == nil || !rot.Rotated() {
		t.Errorf("authorization code: sent %q, got %q (err %v), rotation %+v", got[1], tok.RefreshToken, err, rot)
	}

	rotate = false
	f = Reacquirer(ts.Client(), plan("device", nil), flows.Token{RefreshToken: "rt-kept"}, nil)
	if tok, _, _ = f(ctx); got[2] != "refresh_token rt-kept" || tok.RefreshToken != "rt-kept" {
		t.Errorf("device, not rotated: sent %q, the token keeps %q, want rt-kept", got[2], tok.RefreshToken)
	}

	// what was sent decides over the plan's name: --grant refresh_token
	sent := plan("", flows.RefreshToken{Token: "x"})
	if Reacquirer(ts.Client(), sent, flows.Token{}, nil) != nil ||
		Reacquirer(ts.Client(), plan("authorization_code", nil), flows.Token{}, nil) != nil {
		t.Error("a user grant's token without a refresh token is re-acquired")
	}
	if len(got) != 3 {
		t.Errorf("%d token requests, want 3", len(got))
	}
}
