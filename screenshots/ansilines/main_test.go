package main

import "testing"

// A line that starts in the colour the line before left on gets that
// colour again; a reset ends the carry.
func TestCarry(t *testing.T) {
	grey := "\x1b[38;2;160;160;160m"
	in := "title" + grey + " sub\n  Method\x1b[39m GET\x1b[0m\nplain"
	want := "title" + grey + " sub\n" + grey + "  Method\x1b[39m GET\x1b[0m\nplain"
	if got := carry(in); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
