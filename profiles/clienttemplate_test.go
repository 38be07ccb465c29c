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
	if got.Name != `My "Scheduler"` || !reflect.DeepEqual(got.Scopes, wfp.Scopes) ||
		!reflect.DeepEqual(got.Permissions, []string{"admin"}) {
		t.Errorf("got %+v", got)
	}
	if body, err := c.RenderBody("x", nil, nil); err != nil || !strings.Contains(body, `"scopes": []`) {
		t.Errorf("nil lists: got %s, %v; want empty arrays", body, err)
	}
	if body, err := (ClientTemplate{}).RenderBody("x", nil, nil); body != "" || err != nil {
		t.Errorf("empty body: got %q, %v", body, err)
	}
}
