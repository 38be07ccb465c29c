package flows

// Severity ranks a Problem of discovery or a Finding of a JWT check.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"   // the flow cannot be trusted or cannot go on
	SeverityWarning Severity = "warning" // doubtful, but the flow can go on
	SeverityInfo    Severity = "info"    // worth knowing; nothing is wrong
)
