package demo_test

import "github.com/oauthlens/oauthlens/demo"

// userFaultsTested are the faults of the flows with a user, each tested
// by the demo's own tests (device_test.go, …) rather than by a checkup.
var userFaultsTested = []demo.Fault{
	demo.FaultSlowDown,           // TestDevice_DenyExpireSlowDown
	demo.FaultExpiredDeviceCode,  // TestDevice_DenyExpireSlowDown
	demo.FaultRefreshTokenReused, // TestRefresh_Faults
	demo.FaultBadAtHash,          // TestRefresh_Faults
	demo.FaultBadCHash,           // TestIDToken_CHash
	demo.FaultStateMismatch,      // walk: TestAuthCode_StateMismatchSendsNothing
	demo.FaultPKCERequired,       // TestAuthorize_PKCEAndRedirectChecks
	demo.FaultRedirectMismatch,   // TestAuthorize_PKCEAndRedirectChecks
	demo.FaultWrongNonce,         // walk: TestCheckIDToken_RowsAndFaults
}
