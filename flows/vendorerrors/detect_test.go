package vendorerrors

import "testing"

func TestDetect(t *testing.T) {
	cases := []struct {
		want string
		r    Response
	}{
		{"okta", Response{Status: 401, Body: []byte(`{"errorCode":"E0000011","errorSummary":"Invalid token provided",` +
			`"errorLink":"E0000011","errorId":"oaeB0QNcf5nRPi0T5Gg3p_xtg","errorCauses":[]}`)}},
		{"okta", Response{Status: 400, Body: []byte(`{"error":"access_denied","error_description":` +
			`"Policy evaluation failed for this request, please check the policy configurations."}`)}},
		{"entra", Response{Status: 400, Body: []byte(`{"error":"invalid_request","error_description":"x",` +
			`"error_codes":[90002],"timestamp":"t","trace_id":"a","correlation_id":"b"}`)}},
		{
			"entra",
			Response{Status: 400, Body: []byte(`{"error":"invalid_request","trace_id":"a","correlation_id":"b"}`)},
		},
		{"auth0", Response{Status: 403, Body: []byte(`{"error":"unauthorized_client","error_description":"x",` +
			`"error_uri":"https://auth0.com/docs/clients/client-grant-types"}`)}},
		{"auth0", Response{Status: 403, Body: []byte(`{"error":"access_denied",` +
			`"error_description":"Service not enabled within domain: https://api"}`)}},
		{"keycloak", Response{Status: 400, Body: []byte(`{"error":"unauthorized_client",` +
			`"error_description":"Client not enabled to retrieve service account"}`)}},
		{"cognito", Response{Status: 400, Body: []byte(`{"__type":"NotAuthorizedException","message":"x"}`)}},
		{
			"google",
			Response{Status: 403, Body: []byte(`{"error":{"code":403,"message":"x","status":"PERMISSION_DENIED"}}`)},
		},
		{"google", Response{Status: 400, Body: []byte(`{"error":"invalid_grant",` +
			`"error_description":"Invalid JWT Signature."}`)}},
		{"ping", Response{Status: 401, Body: []byte(`{"id":"8d9a","code":"INVALID_TOKEN","message":"x"}`)}},
		{"spring", Response{Status: 401, Body: []byte(`{"error":"invalid_client",` +
			`"error_uri":"https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1"}`)}},
		{"", Response{Status: 401, Body: []byte(`{"error":"invalid_client"}`)}},
		{"", Response{Status: 500, Body: []byte(`not json at all`)}},
	}
	for _, c := range cases {
		if got := Detect(c.r); got != c.want {
			t.Errorf("Detect(%s): got %q, want %q", c.r.Body, got, c.want)
		}
	}
}
