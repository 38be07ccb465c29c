package profiles

import "testing"

// TestRebase_MovesEveryURL: the WorkfloPlus template rebased on a sandbox
// host keeps no URL on the production host, its admin API included
// (issue 12: the owner's admin token went to production).
func TestRebase_MovesEveryURL(t *testing.T) {
	p, _ := Template("workfloplus")
	got, err := Rebase(p, "https://sandbox.example.com/ignored")
	if err != nil {
		t.Fatal(err)
	}
	if got.TokenURL != "https://sandbox.example.com/connect/token" ||
		got.ClientCreation.URL != "https://sandbox.example.com/api/client/" {
		t.Errorf("got token %s, creation %s", got.TokenURL, got.ClientCreation.URL)
	}
	if p2, _ := Template("workfloplus"); p2.ClientCreation.URL != "https://accounts.workfloplus.com/api/client/" {
		t.Errorf("the template changed: %s", p2.ClientCreation.URL)
	}
	if _, err := Rebase(p, "sandbox.example.com"); err == nil {
		t.Error("a base URL without scheme was accepted")
	}
}
