package flows

// Code is the stable id of a Diagnosis, e.g. "token.invalid_client.try_post".
// docs/diagnosis.md lists them; front-ends compare with these constants.
type Code string

// Diagnosis codes with a fixed value. Some are built from a step or a status
// ("token.rate_limited", "call.http_500"): see CodeFor.
const (
	CodeCallForbidden                   Code = "call.forbidden"
	CodeCallInsufficientScope           Code = "call.insufficient_scope"
	CodeCallInvalidToken                Code = "call.invalid_token"
	CodeCallInvalidTokenSignature       Code = "call.invalid_token.signature"
	CodeCallNoChallenge                 Code = "call.no_challenge"
	CodeCallNoToken                     Code = "call.no_token"
	CodeCallOtherScheme                 Code = "call.other_scheme"
	CodeCallRefusedAfterReacquire       Code = "call.refused_after_reacquire"
	CodeCallTokenExpired                Code = "call.token_expired"
	CodeCallWrongAudience               Code = "call.wrong_audience"
	CodeConfigInvalid                   Code = "config.invalid"
	CodeDiscoveryHtml                   Code = "discovery.html"
	CodeDiscoveryInvalidJSON            Code = "discovery.invalid_json"
	CodeDiscoveryIssuerMismatch         Code = "discovery.issuer_mismatch"
	CodeDiscoveryNoTokenEndpoint        Code = "discovery.no_token_endpoint"
	CodeDiscoveryNotFound               Code = "discovery.not_found"
	CodeJWKSUnusable                    Code = "jwks.unusable"
	CodeJWTAlgNotAllowed                Code = "jwt.alg_not_allowed"
	CodeJWTCritUnsupported              Code = "jwt.crit_unsupported"
	CodeJWTKidNotFound                  Code = "jwt.kid_not_found"
	CodeJWTSignatureInvalid             Code = "jwt.signature_invalid"
	CodeJWTUnverified                   Code = "jwt.unverified"
	CodeNetworkConnectionRefused        Code = "network.connection_refused"
	CodeNetworkDNS                      Code = "network.dns"
	CodeNetworkNotTLS                   Code = "network.not_tls"
	CodeNetworkTimeout                  Code = "network.timeout"
	CodeNetworkTLSCertificateInvalid    Code = "network.tls_certificate_invalid"
	CodeNetworkTLSNameMismatch          Code = "network.tls_name_mismatch"
	CodeNetworkTLSUnknownAuthority      Code = "network.tls_unknown_authority"
	CodeTokenAlreadyExpired             Code = "token.already_expired"
	CodeTokenAuthNotAdvertised          Code = "token.auth_not_advertised"
	CodeTokenWrongURL                   Code = "token.wrong_url"
	CodeTokenAudMismatch                Code = "token.aud_mismatch"
	CodeTokenClockSkew                  Code = "token.clock_skew"
	CodeTokenExpiresInString            Code = "token.expires_in_string"
	CodeTokenInvalidClient              Code = "token.invalid_client"
	CodeTokenInvalidClientBasicEncoding Code = "token.invalid_client.basic_encoding"
	CodeTokenInvalidClientTryBasic      Code = "token.invalid_client.try_basic"
	CodeTokenInvalidClientTryPost       Code = "token.invalid_client.try_post"
	CodeTokenInvalidGrant               Code = "token.invalid_grant"
	CodeTokenInvalidString              Code = "token.invalid_token_string"
	CodeTokenInvalidJSON                Code = "token.invalid_json"
	CodeTokenInvalidRequest             Code = "token.invalid_request"
	CodeTokenInvalidScope               Code = "token.invalid_scope"
	CodeTokenInvalidTarget              Code = "token.invalid_target"
	CodeTokenIssMismatch                Code = "token.iss_mismatch"
	CodeTokenNoAccessToken              Code = "token.no_access_token"
	CodeTokenNoExpiresIn                Code = "token.no_expires_in"
	CodeTokenNonstandardError           Code = "token.nonstandard_error"
	CodeTokenPlainTextError             Code = "token.plain_text_error"
	CodeTokenRefreshToken               Code = "token.refresh_token"
	CodeTokenTypeLowercase              Code = "token.type_lowercase"
	CodeTokenTypeMissing                Code = "token.type_missing"
	CodeTokenTypeNotBearer              Code = "token.type_not_bearer"
	CodeTokenUnauthorizedClient         Code = "token.unauthorized_client"
	CodeTokenUnsupportedGrantType       Code = "token.unsupported_grant_type"
	CodeUnknown                         Code = "unknown"
)

// CodeFor builds the code of a diagnosis that several steps share:
// CodeFor(StepToken, "rate_limited") is "token.rate_limited".
func CodeFor(step Step, what string) Code { return Code(string(step) + "." + what) }
