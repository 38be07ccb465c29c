package vendorerrors

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md from the dictionaries")

func TestREADME(t *testing.T) {
	want := Markdown()
	if *update {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("README.md is out of date: run go test ./flows/vendorerrors -run TestREADME -update")
	}
}
