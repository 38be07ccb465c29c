package vendorerrors

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

//go:embed dict/*.json
var dictFS embed.FS

// Dictionary is one vendor's file: its name, the names it also answers to
// (a template or product name such as "floriday" for Okta), the vendor's
// error reference and its entries in matching order.
type Dictionary struct {
	Vendor  string   `json:"vendor"`  // the file's base name, e.g. "okta"
	Name    string   `json:"name"`    // for display, e.g. "Okta"
	Aliases []string `json:"aliases"` // other names Match accepts
	Docs    string   `json:"docs"`    // the vendor's error reference
	Entries []Entry  `json:"entries"`
}

// dicts is every dictionary, sorted by vendor, read on first use: parsing
// them costs about a millisecond, which no command that never meets an
// error should pay at start (oauthlens token is measured against curl).
var dicts = sync.OnceValue(func() []Dictionary { return mustLoad(dictFS) })

// mustLoad reads and validates the embedded dictionaries; the data ships
// with the binary, so a bad file is a programming error (and a test failure).
func mustLoad(fsys fs.FS) []Dictionary {
	ds, err := load(fsys)
	if err != nil {
		panic("vendorerrors: " + err.Error())
	}
	return ds
}

// load reads every dict/*.json of fsys.
func load(fsys fs.FS) ([]Dictionary, error) {
	names, err := fs.Glob(fsys, "dict/*.json")
	if err != nil {
		return nil, err
	}
	var out []Dictionary
	for _, name := range names {
		d, err := loadOne(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, d)
	}
	slices.SortStableFunc(out, func(a, b Dictionary) int { return strings.Compare(a.Vendor, b.Vendor) })
	return out, nil
}

// loadOne reads one file, rejecting unknown fields, and compiles its texts.
func loadOne(fsys fs.FS, name string) (Dictionary, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Dictionary{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Dictionary
	if err := dec.Decode(&d); err != nil {
		return Dictionary{}, err
	}
	if want := strings.TrimSuffix(path.Base(name), ".json"); d.Vendor != want {
		return Dictionary{}, fmt.Errorf("vendor %q, want %q (the file name)", d.Vendor, want)
	}
	for i := range d.Entries {
		if err := prepare(&d.Entries[i], d.Vendor); err != nil {
			return Dictionary{}, fmt.Errorf("entry %d (%s): %w", i, d.Entries[i].ID, err)
		}
	}
	return d, nil
}

// prepare sets the entry's vendor, checks its fields and compiles its text.
func prepare(e *Entry, vendor string) error {
	e.Vendor = vendor
	m := &e.Match
	switch {
	case !strings.HasPrefix(e.ID, vendor+"."):
		return fmt.Errorf("id %q does not start with %q", e.ID, vendor+".")
	case len(m.Status) == 0 && len(m.Error) == 0 && !m.strong():
		return errors.New("match sets no condition")
	case e.Summary == "" || len(e.Causes) == 0 || len(e.Fixes) == 0 || len(e.Refs) == 0:
		return errors.New("summary, causes, fixes and refs are required")
	}
	for _, r := range e.Refs {
		if !strings.HasPrefix(r, "https://") {
			return fmt.Errorf("ref %q is not an https URL", r)
		}
	}
	if m.Text == "" {
		return nil
	}
	re, err := regexp.Compile("(?i)" + m.Text)
	if err != nil {
		return err
	}
	m.re = re
	return nil
}

// Vendors lists the vendors that have a dictionary, sorted.
func Vendors() []string {
	out := make([]string, 0, len(dicts()))
	for _, d := range dicts() {
		out = append(out, d.Vendor)
	}
	return out
}

// Dictionaries returns a copy of every dictionary, sorted by vendor.
func Dictionaries() []Dictionary {
	out := slices.Clone(dicts())
	for i := range out {
		out[i].Aliases = slices.Clone(out[i].Aliases)
		out[i].Entries = slices.Clone(out[i].Entries)
		for j := range out[i].Entries {
			out[i].Entries[j] = out[i].Entries[j].clone()
		}
	}
	return out
}

// dictionary finds a vendor's dictionary by its name or an alias, without
// regard to case.
func dictionary(vendor string) (Dictionary, bool) {
	for _, d := range dicts() {
		if strings.EqualFold(d.Vendor, vendor) || slices.ContainsFunc(d.Aliases, func(a string) bool {
			return strings.EqualFold(a, vendor)
		}) {
			return d, true
		}
	}
	return Dictionary{}, false
}
