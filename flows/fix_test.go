package flows

import (
	"encoding/json"
	"testing"
)

// TestFix_JSONShape: the --json shape stays {"text", "action": "KIND=VALUE"}.
func TestFix_JSONShape(t *testing.T) {
	tests := []struct {
		fix  Fix
		want string
	}{
		{
			Fix{Text: "switch", Kind: FixAuth, Value: string(AuthPost)},
			`{"text":"switch","action":"auth=client_secret_post"}`,
		},
		{Fix{Text: "no scope", Kind: FixScope}, `{"text":"no scope","action":"scope="}`},
		{Fix{Text: "again", Kind: FixRetry}, `{"text":"again","action":"retry"}`},
		{Fix{Text: "keys", Kind: FixRefetchJWKS}, `{"text":"keys","action":"refetch_jwks"}`},
		{Fix{Text: "read the body"}, `{"text":"read the body"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.fix)
		if err != nil || string(b) != tt.want {
			t.Errorf("Marshal(%+v): got %s, %v; want %s", tt.fix, b, err, tt.want)
		}
		var back Fix
		if err := json.Unmarshal(b, &back); err != nil || back != tt.fix {
			t.Errorf("Unmarshal(%s): got %+v, %v; want %+v", b, back, err, tt.fix)
		}
	}
	d, _ := json.Marshal(Diagnosis{Code: CodeTokenInvalidClientTryPost, Fixes: []Fix{{Text: "t", Kind: FixReacquire}}})
	want := `{"code":"token.invalid_client.try_post","summary":"","causes":null,` +
		`"fixes":[{"text":"t","action":"reacquire"}],"refs":null,"evidence":null}`
	if string(d) != want {
		t.Errorf("Diagnosis: got %s, want %s", d, want)
	}
}
