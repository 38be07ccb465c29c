package flows

import (
	"math"
	"testing"
	"time"
)

func TestHumanDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{300 * time.Millisecond, "<1s"},
		{time.Second, "1s"},
		{42*time.Second + 900*time.Millisecond, "42s"},
		{time.Minute, "1m"},
		{59*time.Minute + 12*time.Second, "59m 12s"},
		{time.Hour, "1h"},
		{time.Hour + 59*time.Second, "1h"},
		{time.Hour + 5*time.Minute + 30*time.Second, "1h 5m"},
		{76 * time.Hour, "3d 4h"},
		{48*time.Hour + 5*time.Minute, "2d"},
		{(365*74 + 12) * 24 * time.Hour, "74y 12d"},
		{-90 * time.Second, "-1m 30s"},
		{math.MinInt64, "-292y 171d"},
		{math.MaxInt64, "292y 171d"},
	}
	for _, tt := range tests {
		if got := HumanDuration(tt.in); got != tt.want {
			t.Errorf("HumanDuration(%v): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRelative(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "just now"},
		{999 * time.Millisecond, "just now"},
		{-999 * time.Millisecond, "just now"},
		{59*time.Minute + 12*time.Second, "in 59m 12s"},
		{-3 * time.Hour, "3h ago"},
		{-3*time.Hour - 20*time.Second, "3h ago"},
		{52 * time.Hour, "in 2d 4h"},
		{-45 * time.Second, "45s ago"},
	}
	for _, tt := range tests {
		if got := Relative(now.Add(tt.d), now); got != tt.want {
			t.Errorf("Relative(now%+v): got %q, want %q", tt.d, got, tt.want)
		}
	}
	if got := Relative(time.Time{}, now); got != "292y 171d ago" {
		t.Errorf("Relative(zero time): got %q, want the saturated %q", got, "292y 171d ago")
	}
}

func TestCountdown(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{59*time.Minute + 12*time.Second, "59:12"},
		{59*time.Minute + 11*time.Second + 300*time.Millisecond, "59:12"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1:02:03"},
		{time.Hour, "1:00:00"},
		{9 * time.Second, "0:09"},
		{time.Millisecond, "0:01"},
		{50*time.Hour + 4*time.Minute + 5*time.Second, "2d 02:04:05"},
		{0, "expired"},
		{-time.Minute, "expired"},
	}
	for _, tt := range tests {
		if got := Countdown(tt.in); got != tt.want {
			t.Errorf("Countdown(%v): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
