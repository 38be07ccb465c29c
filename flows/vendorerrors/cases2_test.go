package vendorerrors

// otherCases are the answers of Cognito, Google, Duende, Spring and Ping.
var otherCases = []matchCase{
	{"cognito.invalid_client", "cognito", 400, `{"error":"invalid_client"}`},
	{"cognito.unauthorized_client", "aws", 400, `{"error":"unauthorized_client"}`},
	{"cognito.invalid_scope", "cognito", 400, `{"error":"invalid_scope"}`},
	{"cognito.invalid_grant", "cognito", 400, `{"error":"invalid_grant"}`},
	{"cognito.NotAuthorizedException.secret_hash", "", 400, `{"__type":"NotAuthorizedException",` +
		`"message":"Unable to verify secret hash for client 4at70aijtkr7sd"}`},
	{"cognito.NotAuthorizedException", "", 400, `{"__type":"NotAuthorizedException",` +
		`"message":"Incorrect username or password."}`},
	{"cognito.ResourceNotFoundException", "", 400, `{"__type":"ResourceNotFoundException",` +
		`"message":"User pool client 4at70aijtkr7sd does not exist."}`},
	{"cognito.TooManyRequestsException", "", 400, `{"__type":"TooManyRequestsException",` +
		`"message":"Too many requests"}`},

	{"google.invalid_grant.jwt_signature", "", 400, "{\n  \"error\": \"invalid_grant\",\n" +
		"  \"error_description\": \"Invalid JWT Signature.\"\n}"},
	{"google.invalid_grant.jwt_time", "", 400, `{"error":"invalid_grant","error_description":"Invalid JWT: ` +
		`Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp ` +
		`values in the JWT claim."}`},
	{"google.invalid_grant.account_not_found", "", 400, `{"error":"invalid_grant",` +
		`"error_description":"Invalid grant: account not found"}`},
	{"google.invalid_grant.expired", "", 400, `{"error":"invalid_grant",` +
		`"error_description":"Token has been expired or revoked."}`},
	{"google.unauthorized_client.delegation", "", 401, `{"error":"unauthorized_client","error_description":` +
		`"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any ` +
		`of the scopes requested."}`},
	{"google.invalid_scope", "", 400, `{"error":"invalid_scope",` +
		`"error_description":"Invalid OAuth scope or ID token audience provided."}`},
	{"google.invalid_client.not_found", "", 401, `{"error":"invalid_client",` +
		`"error_description":"The OAuth client was not found."}`},
	{"google.invalid_client.unauthorized", "google", 401, `{"error":"invalid_client",` +
		`"error_description":"Unauthorized"}`},
	{
		"google.deleted_client",
		"",
		401,
		`{"error":"deleted_client","error_description":"The OAuth client was deleted."}`,
	},
	{"google.ACCESS_TOKEN_SCOPE_INSUFFICIENT", "", 403, `{"error":{"code":403,"message":"Request had ` +
		`insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global",` +
		`"reason":"insufficientPermissions"}],"status":"PERMISSION_DENIED","details":[{"@type":` +
		`"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT",` +
		`"domain":"googleapis.com"}]}}`},
	{"google.UNAUTHENTICATED", "", 401, `{"error":{"code":401,"message":"Request had invalid authentication ` +
		`credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",` +
		`"status":"UNAUTHENTICATED"}}`},
	{"google.PERMISSION_DENIED", "", 403, `{"error":{"code":403,"message":"Permission 'storage.buckets.list' ` +
		`denied on resource (or it may not exist).","status":"PERMISSION_DENIED"}}`},

	{"duende.invalid_client", "duende", 400, `{"error":"invalid_client"}`},
	{"duende.unauthorized_client", "identityserver", 400, `{"error":"unauthorized_client"}`},
	{"duende.invalid_scope", "duende", 400, `{"error":"invalid_scope"}`},
	{"duende.invalid_target", "duende", 400, `{"error":"invalid_target"}`},
	{"duende.unsupported_grant_type", "duende", 400, `{"error":"unsupported_grant_type"}`},

	{"spring.invalid_client.authentication_method", "", 401, `{"error_description":"Client authentication ` +
		`failed: authentication_method","error":"invalid_client",` +
		`"error_uri":"https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1"}`},
	{"spring.invalid_client.client_secret_expired", "", 401, `{"error_description":"Client authentication ` +
		`failed: client_secret_expires_at","error":"invalid_client"}`},
	{"spring.invalid_client.client_secret", "", 401, `{"error_description":"Client authentication failed: ` +
		`client_secret","error":"invalid_client",` +
		`"error_uri":"https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1"}`},
	{"spring.invalid_client.client_id", "", 401, `{"error_description":"Client authentication failed: ` +
		`client_id","error":"invalid_client","error_uri":"https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1"}`},
	{"spring.invalid_request.parameter", "", 400, `{"error_description":"OAuth 2.0 Parameter: grant_type",` +
		`"error":"invalid_request","error_uri":"https://datatracker.ietf.org/doc/html/rfc6749#section-5.2"}`},
	{"spring.invalid_client", "spring", 401, `{"error":"invalid_client"}`},
	{"spring.unauthorized_client", "spring", 400, `{"error":"unauthorized_client"}`},
	{"spring.invalid_scope", "", 400, `{"error":"invalid_scope",` +
		`"error_uri":"https://datatracker.ietf.org/doc/html/rfc6749#section-5.2"}`},

	{"ping.invalid_client.auth_method", "", 401, `{"error":"invalid_client","error_description":"Request ` +
		`denied: Unsupported authentication method (Correlation ID: 5b4f2a3c-9d0e-4c1b-8a7f-6e5d4c3b2a19)"}`},
	{"ping.invalid_client", "pingfederate", 401, `{"error":"invalid_client",` +
		`"error_description":"Invalid client or client credentials."}`},
	{"ping.unauthorized_client", "pingone", 400, `{"error":"unauthorized_client"}`},
	{"ping.invalid_scope", "ping", 400, `{"error":"invalid_scope"}`},
	{"ping.INVALID_TOKEN", "", 401, `{"id":"8d9a2b3c-4e5f-4a6b-9c8d-7e6f5a4b3c2d","code":"INVALID_TOKEN",` +
		`"message":"The request could not be completed. The access token is expired."}`},
	{"ping.ACCESS_FAILED", "", 403, `{"id":"1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b","code":"ACCESS_FAILED",` +
		`"message":"The request could not be completed. You do not have access to this resource."}`},
	{"ping.REQUEST_LIMITED", "", 429, `{"id":"0a1b2c3d-4e5f-4061-8273-9a8b7c6d5e4f","code":"REQUEST_LIMITED",` +
		`"message":"The request could not be completed. Too many requests."}`},
}
