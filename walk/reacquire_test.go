package walk

import "testing"

// A call refused after a user's grant never re-acquires with the plan's
// token request (that would be client credentials).
func TestPlan_Reacquires(t *testing.T) {
	for name, want := range map[string]bool{"": true, "client_credentials": true, "jwt_bearer": true,
		"authorization_code": false, "device": false, "refresh_token": false} {
		if got := (Plan{GrantPlan: GrantPlan{Name: name}}).Reacquires(); got != want {
			t.Errorf("%q: got %v, want %v", name, got, want)
		}
	}
}
