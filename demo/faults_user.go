package demo

import "time"

// The fault switches of the flows with a user (authorization code, device,
// refresh); they join Faults at init.
const (
	FaultSlowDown          Fault = "slow-down"
	FaultExpiredDeviceCode Fault = "expired-device-code"
)

// shortDeviceLife is a device code's lifetime under FaultExpiredDeviceCode.
const shortDeviceLife = 10 * time.Second

// userFaults describe the faults above.
var userFaults = []FaultInfo{
	{FaultSlowDown, "the first poll of every device code answers slow_down (the client must add 5 s)"},
	{FaultExpiredDeviceCode, "device codes expire after 10 seconds (expired_token)"},
}

func init() { Faults = append(Faults, userFaults...) }
