package walk

import (
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// TriedFix is a fix applied to a plan, with the value its setting had
// before, so that a fix that would undo it can be recognised.
type TriedFix struct {
	Fix    flows.Fix
	Before string
}

// setting is the plan's current value of the setting a fix kind changes;
// ok is false for kinds that change no setting (retry, reacquire, …).
func (pl Plan) setting(k flows.FixKind) (string, bool) {
	switch k {
	case flows.FixAuth:
		m, _ := flows.NormalizeAuth(pl.Token.AuthMethod)
		return string(m), true
	case flows.FixScope:
		return strings.Join(pl.Token.Scopes, " "), true
	case flows.FixBasicEnc:
		e, _ := flows.ParseBasicEncoding(string(pl.Token.BasicEncoding))
		return string(e), true
	case flows.FixAudience:
		return pl.Token.Audience, true
	case flows.FixIssuer:
		return pl.Issuer, true
	case flows.FixTokenURL:
		return pl.Token.TokenURL, true
	case flows.FixDiscovery:
		return pl.Discovery, true
	case flows.FixResource:
		return strings.Join(pl.Token.Resource, " "), true
	}
	return "", false
}

// normalValue is a fix's value as the setting would hold it.
func normalValue(f flows.Fix) string {
	switch f.Kind {
	case flows.FixAuth:
		m, _ := flows.NormalizeAuth(f.Value)
		return string(m)
	case flows.FixScope, flows.FixStepUp:
		return strings.Join(strings.Fields(f.Value), " ")
	case flows.FixBasicEnc:
		e, _ := flows.ParseBasicEncoding(f.Value)
		return string(e)
	}
	return f.Value
}

// Offerable reports whether f may be offered as the fix to apply: it has
// something to apply, it was not tried already in this walk, it would not
// set a setting back to a value it had before an earlier fix (undoing it:
// the loop "switch to post" → "switch to basic" → …), and it changes
// something. A walk driven by applying the offered fix again and again
// therefore never returns to a state it was in.
func (pl Plan) Offerable(f flows.Fix) bool {
	if f.Kind == flows.FixNone {
		return false
	}
	v := normalValue(f)
	for _, t := range pl.Tried {
		if t.Fix.Kind == f.Kind && normalValue(t.Fix) == v {
			return false // tried already
		}
		if t.Fix.Kind == f.Kind && t.Before == v {
			return false // would undo a fix
		}
	}
	if cur, ok := pl.setting(f.Kind); ok && cur == v {
		return false // changes nothing
	}
	if f.Kind == flows.FixResource {
		return flows.CheckResourceIndicator(f.Value) == nil && // ApplyFix refuses it
			!slices.Equal(withResource(pl.Token.Resource, f.Value), pl.Token.Resource) // changes nothing
	}
	return true
}

// Offer returns the first fix of the diagnoses that is Offerable.
func (pl Plan) Offer(ds []flows.Diagnosis) (flows.Fix, bool) {
	for _, d := range ds {
		if i := slices.IndexFunc(d.Fixes, pl.Offerable); i >= 0 {
			return d.Fixes[i], true
		}
	}
	return flows.Fix{}, false
}
