package profiles

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestRenderBody_WorkfloPlus(t *testing.T) {
	wfp, _ := Template("workfloplus")
	c := wfp.ClientCreation
	body, err := c.RenderBody(`My "Scheduler"`, wfp.Scopes, c.Permissions)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Name        string   `json:"name"`
		Scopes      []string `json:"scopes"`
		Permissions []string `json:"permissions"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	if got.Name != `My "Scheduler"` || !reflect.DeepEqual(got.Scopes, wfp.Scopes) || !reflect.DeepEqual(got.Permissions, []string{"admin"}) {
		t.Errorf("got %+v", got)
	}
	if body, err := c.RenderBody("x", nil, nil); err != nil || !strings.Contains(body, `"scopes": []`) {
		t.Errorf("nil lists: got %s, %v; want empty arrays", body, err)
	}
	if body, err := (ClientTemplate{}).RenderBody("x", nil, nil); body != "" || err != nil {
		t.Errorf("empty body: got %q, %v", body, err)
	}
}

func TestExtractPath(t *testing.T) {
	answer := []byte(`{"client": {"clientId": "6169571b", "secrets": [{"secretId": "4897"}], "n": 12},
		"newSecret": "` + secretValue + `"}`)
	tests := []struct{ path, want, err string }{
		{"client.clientId", "6169571b", ""},
		{"newSecret", secretValue, ""},
		{"client.secrets.0.secretId", "4897", ""},
		{"client.n", "12", ""},
		{"client.secret", "", "the answer has no client.secret"},
		{"client.secrets.5.secretId", "", "the answer has no client.secrets.5"},
		{"client", "", "client in the answer is not a string"},
	}
	for _, tt := range tests {
		got, err := ExtractPath(answer, tt.path)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("%s: got %q, %v; want %q", tt.path, got, err, tt.want)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("%s: got %v, want %q", tt.path, err, tt.err)
		}
		if err != nil && strings.Contains(err.Error(), secretValue) {
			t.Errorf("%s: error contains the secret", tt.path)
		}
	}
	if _, err := ExtractPath([]byte("<html>"), "x"); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("got %v, want not JSON", err)
	}
}
