package main

import "testing"

// A line that starts in the colour the line before left on gets that
// colour again; 39 becomes a reset to what else is in force.
func TestCarry(t *testing.T) {
	grey := "\x1b[38;2;160;160;160m"
	full := "\x1b[0;38;2;160;160;160m"
	in := "title" + grey + " sub\n  Method\x1b[39m GET \x1b[1;4mbold\x1b[22m\x1b[0m\nplain" + grey + "\n"
	want := "title" + full + " sub\n" + full + "  Method\x1b[0m GET \x1b[0;1;4mbold\x1b[0;4m\x1b[0m\nplain" + full + "\n"
	if got := carry(in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
