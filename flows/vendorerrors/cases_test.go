package vendorerrors

// matchCase is a realistic response that must match the entry want.
type matchCase struct {
	want   string // the entry's id
	vendor string // the vendor passed to Match; "" when the body alone must be enough
	status int
	body   string
}

// oktaEntraCases are Okta's and Entra's answers as their servers send them.
var oktaEntraCases = []matchCase{
	{"okta.access_denied.policy", "", 400, `{"error":"access_denied",` +
		`"error_description":"Policy evaluation failed for this request, please check the policy configurations."}`},
	{"okta.invalid_client.org_server_private_key_jwt", "", 401, `{"error":"invalid_client","error_description":` +
		`"Client Credentials requests to the Org Authorization Server must use the private_key_jwt ` +
		`token_endpoint_auth_method."}`},
	{"okta.invalid_client", "", 401, `{"error":"invalid_client","error_description":` +
		`"Client authentication failed. Either the client or the client credentials are invalid."}`},
	{"okta.invalid_request.multiple_credentials", "okta", 400, `{"error":"invalid_request","error_description":` +
		`"Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization ` +
		`header, credentials in the post body, or a client_assertion in the post body."}`},
	{"okta.invalid_scope.not_configured", "", 400, `{"error":"invalid_scope","error_description":` +
		`"One or more scopes are not configured for the authorization server resource."}`},
	{"okta.invalid_scope.no_default", "", 400, `{"error":"invalid_scope","error_description":"The authorization ` +
		`server resource does not have any configured default scopes, 'scope' must be provided."}`},
	{"okta.unauthorized_client.grant_type", "", 400, `{"error":"unauthorized_client","error_description":` +
		`"The client is not authorized to use the provided grant type. Configured grant types: [authorization_code]."}`},
	{"okta.E0000004", "", 401, `{"errorCode":"E0000004","errorSummary":"Authentication failed",` +
		`"errorLink":"E0000004","errorId":"oae1-ZzOwdbTbS8mIvPCGZ5ow","errorCauses":[]}`},
	{"okta.E0000006", "", 403, `{"errorCode":"E0000006","errorSummary":"You do not have permission to perform ` +
		`the requested action","errorLink":"E0000006","errorId":"oaeq8QjQ4sJT-a9JZh1Yp6Opg","errorCauses":[]}`},
	{"okta.E0000007", "", 404, `{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: ` +
		`ausXXXX (AuthorizationServer)","errorLink":"E0000007","errorId":"oaeR1AqWAYTSfSrQ1dGRBOHUg","errorCauses":[]}`},
	{"okta.E0000011", "", 401, `{"errorCode":"E0000011","errorSummary":"Invalid token provided",` +
		`"errorLink":"E0000011","errorId":"oaeB0QNcf5nRPi0T5Gg3p_xtg","errorCauses":[]}`},
	{"okta.E0000015", "", 403, `{"errorCode":"E0000015","errorSummary":"You do not have permission to access ` +
		`the feature you are requesting","errorLink":"E0000015","errorId":"oaeYxVdK1yQRlCCIc3r8rI9eA","errorCauses":[]}`},
	{"okta.E0000021", "", 400, `{"errorCode":"E0000021","errorSummary":"Bad request.  Accept and/or ` +
		`Content-Type headers likely do not match supported values.","errorLink":"E0000021",` +
		`"errorId":"oaelUIk7mhFQQq7Ue5e0yKLJw","errorCauses":[]}`},
	{"okta.E0000022", "", 405, `{"errorCode":"E0000022","errorSummary":"The endpoint does not support the ` +
		`provided HTTP method","errorLink":"E0000022","errorId":"oae2bOIyb7OSESuqTGA1d9cDQ","errorCauses":[]}`},
	{"okta.E0000047", "", 429, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to ` +
		`too many requests.","errorLink":"E0000047","errorId":"oaeZmJRqzpJRP6Z8BtqP6dUfA","errorCauses":[]}`},

	{"entra.AADSTS7000215", "", 401, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid ` +
		`client secret provided. Ensure the secret being sent in the request is the client secret value, not the ` +
		`client secret ID, for a secret added to app '3f2a6c1e-8f55-4a51-9d43-2f0c7e4b1a9d'. Trace ID: ` +
		`0d5a3e57-2f3b-4a4e-9e0c-5b1f9c3d1e00 Correlation ID: 6c2d5c3a-8a9b-4e21-a1a6-0f2c5d4e3b2a ` +
		`Timestamp: 2025-03-04 10:11:12Z","error_codes":[7000215],"timestamp":"2025-03-04 10:11:12Z",` +
		`"trace_id":"0d5a3e57-2f3b-4a4e-9e0c-5b1f9c3d1e00","correlation_id":"6c2d5c3a-8a9b-4e21-a1a6-0f2c5d4e3b2a",` +
		`"error_uri":"https://login.microsoftonline.com/error?code=7000215"}`},
	{"entra.AADSTS7000222", "", 401, `{"error":"invalid_client","error_description":"AADSTS7000222: The ` +
		`provided client secret keys for app '3f2a6c1e-8f55-4a51-9d43-2f0c7e4b1a9d' are expired. Visit the Azure ` +
		`portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate ` +
		`credentials for added security: https://aka.ms/certCreds.","error_codes":[7000222],` +
		`"trace_id":"a1","correlation_id":"b2"}`},
	{"entra.AADSTS700016", "", 400, `{"error":"unauthorized_client","error_description":"AADSTS700016: ` +
		`Application with identifier '3f2a6c1e-8f55-4a51-9d43-2f0c7e4b1a9d' was not found in the directory ` +
		`'Contoso'. This can happen if the application has not been installed by the administrator of the tenant ` +
		`or consented to by any user in the tenant. You may have sent your authentication request to the wrong ` +
		`tenant.","error_codes":[700016]}`},
	{"entra.AADSTS1002012", "", 400, `{"error":"invalid_scope","error_description":"AADSTS1002012: The ` +
		`provided value for scope User.Read is not valid. Client credential flows must have a scope value with ` +
		`/.default suffixed to the resource identifier (application ID URI).","error_codes":[1002012]}`},
	{"entra.AADSTS70011", "", 400, `{"error":"invalid_scope","error_description":"AADSTS70011: The provided ` +
		`request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is ` +
		`not valid.","error_codes":[70011]}`},
	{"entra.AADSTS90002", "", 400, `{"error":"invalid_request","error_description":"AADSTS90002: Tenant ` +
		`'contoso.onmicrosoft.con' not found. Check to make sure you have the correct tenant ID and are signing ` +
		`into the correct cloud.","error_codes":[90002]}`},
	{"entra.AADSTS500011", "", 400, `{"error":"invalid_resource","error_description":"AADSTS500011: The ` +
		`resource principal named api://orders was not found in the tenant named Contoso. This can happen if the ` +
		`application has not been installed by the administrator of the tenant.","error_codes":[500011]}`},
	{"entra.AADSTS9002327", "", 400, `{"error":"invalid_request","error_description":"AADSTS9002327: ` +
		`Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin ` +
		`requests.","error_codes":[9002327]}`},
	{"entra.AADSTS7000218", "", 401, `{"error":"invalid_client","error_description":"AADSTS7000218: The ` +
		`request body must contain the following parameter: 'client_assertion' or 'client_secret'. Trace ID: ` +
		`6ee9ec92-6726-422a-85ce-86a1a6502800","error_codes":[7000218],"trace_id":"6ee9ec92-6726-422a-85ce-86a1a6502800"}`},
	{"entra.AADSTS900144", "", 400, `{"error":"invalid_request","error_description":"AADSTS900144: The ` +
		`request body must contain the following parameter: 'grant_type'.","error_codes":[900144]}`},
	{"entra.AADSTS50194", "", 400, `{"error":"invalid_request","error_description":"AADSTS50194: ` +
		`Application 'x'(orders) is not configured as a multi-tenant application. Usage of the /common endpoint ` +
		`is not supported for such applications created after '10/15/2018'.","error_codes":[50194]}`},
	{"entra.AADSTS50059", "", 400, `{"error":"invalid_request","error_description":"AADSTS50059: No ` +
		`tenant-identifying information found in either the request or implied by any provided credentials.",` +
		`"error_codes":[50059]}`},
	{"entra.AADSTS7000112", "", 400, `{"error":"unauthorized_client","error_description":"AADSTS7000112: ` +
		`Application '3f2a6c1e'(orders) is disabled.","error_codes":[7000112]}`},
	{"entra.AADSTS700024", "", 400, `{"error":"invalid_client","error_description":"AADSTS700024: Client ` +
		`assertion is not within its valid time range.","error_codes":[700024]}`},
	{"entra.AADSTS700027", "", 401, `{"error":"invalid_client","error_description":"AADSTS700027: Client ` +
		`assertion failed signature validation.","error_codes":[700027]}`},
	{"entra.AADSTS50011", "", 400, `{"error":"invalid_request","error_description":"AADSTS50011: The ` +
		`redirect URI 'http://localhost:8085/callback' specified in the request does not match the redirect URIs ` +
		`configured for the application."}`},
	{"entra.AADSTS65001", "", 400, `{"error":"invalid_grant","error_description":"AADSTS65001: The user or ` +
		`administrator has not consented to use the application with ID '3f2a6c1e'.","error_codes":[65001]}`},
}

// auth0KeycloakCases are Auth0's and Keycloak's answers.
var auth0KeycloakCases = []matchCase{
	{"auth0.access_denied.scopes_not_granted", "", 403, `{"error":"access_denied",` +
		`"error_description":"Client has not been granted scopes: read:orders write:orders"}`},
	{"auth0.access_denied.service_not_enabled", "", 403, `{"error":"access_denied",` +
		`"error_description":"Service not enabled within domain: https://api.example.com/"}`},
	{"auth0.access_denied.client_grant", "", 403, `{"error":"access_denied","error_description":"Client is ` +
		`not authorized to access \"https://example.us.auth0.com/api/v2/\". You need to create a \"client-grant\" ` +
		`associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"}`},
	{"auth0.access_denied.no_audience", "", 403, `{"error":"access_denied","error_description":"No audience ` +
		`parameter was provided, and no default audience has been configured"}`},
	{"auth0.access_denied.unauthorized", "auth0", 401, `{"error":"access_denied","error_description":"Unauthorized"}`},
	{"auth0.unauthorized_client.grant_type", "", 403, `{"error":"unauthorized_client","error_description":` +
		`"Grant type 'client_credentials' not allowed for the client.",` +
		`"error_uri":"https://auth0.com/docs/clients/client-grant-types"}`},
	{"auth0.too_many_requests", "auth0", 429, `{"error":"too_many_requests",` +
		`"error_description":"Global limit has been reached"}`},

	{"keycloak.unauthorized_client.service_account", "", 400, `{"error":"unauthorized_client",` +
		`"error_description":"Client not enabled to retrieve service account"}`},
	{"keycloak.unauthorized_client.public_client", "", 400, `{"error":"unauthorized_client",` +
		`"error_description":"Public client not allowed to retrieve service account"}`},
	{"keycloak.invalid_client.credentials", "", 401, `{"error":"invalid_client",` +
		`"error_description":"Invalid client or Invalid client credentials"}`},
	{"keycloak.invalid_client.secret_missing", "", 401, `{"error":"unauthorized_client",` +
		`"error_description":"Client secret not provided in request"}`},
	{"keycloak.realm_not_found", "", 404, `{"error":"Realm does not exist"}`},
	{"keycloak.invalid_scope", "", 400, `{"error":"invalid_scope","error_description":"Invalid scopes: orders:read"}`},
	{"keycloak.invalid_request.missing_parameter", "", 400, `{"error":"invalid_request",` +
		`"error_description":"Missing form parameter: grant_type"}`},
}
