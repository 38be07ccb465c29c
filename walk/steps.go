package walk

// Step is one step of the walk, in order.
type Step int

// The steps of the walk: Discover → Client → Token → Call.
const (
	StepDiscover Step = iota
	StepClient
	StepToken
	StepCall
)

// Steps lists the walk's steps in order.
var Steps = []Step{StepDiscover, StepClient, StepToken, StepCall}

var stepTitles = [...]string{"Discover", "Client", "Token", "Call"}

// Title is the step's name as shown in the step bar.
func (s Step) Title() string {
	if s < 0 || int(s) >= len(stepTitles) {
		return "?"
	}
	return stepTitles[s]
}

// Next is the step after s; ok is false after the last.
func (s Step) Next() (Step, bool) {
	if int(s)+1 >= len(Steps) {
		return s, false
	}
	return s + 1, true
}
