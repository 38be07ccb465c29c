package flows

import (
	"fmt"
	"math"
	"time"
)

// durationUnits are the units of HumanDuration, largest first. A year is
// 365 days: long-lived tokens read "in 74y 12d" rather than "in 27022d".
var durationUnits = []struct {
	size time.Duration
	name string
}{
	{365 * 24 * time.Hour, "y"},
	{24 * time.Hour, "d"},
	{time.Hour, "h"},
	{time.Minute, "m"},
	{time.Second, "s"},
}

// HumanDuration renders d with its two most significant units, truncated:
// "1h", "59m 12s", "3d 4h", "42s". Seconds therefore appear only under an
// hour. Zero is "0s", less than a second "<1s", a negative d gets a "-".
func HumanDuration(d time.Duration) string {
	switch {
	case d == math.MinInt64:
		return HumanDuration(d + 1)
	case d < 0:
		return "-" + HumanDuration(-d)
	case d == 0:
		return "0s"
	case d < time.Second:
		return "<1s"
	}
	for i, u := range durationUnits {
		if d < u.size {
			continue
		}
		s := fmt.Sprintf("%d%s", d/u.size, u.name)
		if i+1 < len(durationUnits) {
			next := durationUnits[i+1]
			if n := d % u.size / next.size; n > 0 {
				s += fmt.Sprintf(" %d%s", n, next.name)
			}
		}
		return s
	}
	return "0s" // unreachable: d >= 1s matches the last unit
}

// Relative renders t relative to now: "in 59m 12s", "3h ago", "in 2d 4h",
// or "just now" when they are less than a second apart. The amount is
// HumanDuration's.
func Relative(t, now time.Time) string {
	d := t.Sub(now) // saturates at the Duration limits
	switch {
	case d > -time.Second && d < time.Second:
		return "just now"
	case d > 0:
		return "in " + HumanDuration(d)
	case d == math.MinInt64:
		d++
	}
	return HumanDuration(-d) + " ago"
}

// Countdown renders a remaining duration for a display that ticks every
// second: "59:12", "1:02:03", "2d 03:04:05", and "expired" once nothing is
// left. Partial seconds round up, so "0:00" is never shown for a token that
// is still valid.
func Countdown(remaining time.Duration) string {
	if remaining <= 0 {
		return "expired"
	}
	s := int64(remaining / time.Second)
	if remaining%time.Second != 0 {
		s++
	}
	h, m, sec := s/3600, s/60%60, s%60
	switch {
	case h >= 24:
		return fmt.Sprintf("%dd %02d:%02d:%02d", h/24, h%24, m, sec)
	case h > 0:
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}
