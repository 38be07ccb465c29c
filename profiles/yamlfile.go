package profiles

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// FileError is a profile file that could not be loaded: YAML syntax, an
// unknown key, a value of the wrong type, or a field that fails Validate.
type FileError struct {
	Path     string
	Problems []Problem // at least one, in file order where lines are known
}

// Problem is one thing wrong in a profile file. Line and Column are
// 1-based, or 0 when unknown.
type Problem struct {
	Line, Column int
	Msg          string
}

// Error implements error: "PATH:LINE:COL: msg", then "; line N: msg" for
// each further problem.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	for i, p := range e.Problems {
		switch {
		case i == 0 && p.Line > 0:
			fmt.Fprintf(&b, ":%d:%d: %s", p.Line, p.Column, p.Msg)
		case i == 0:
			fmt.Fprintf(&b, ": %s", p.Msg)
		case p.Line > 0:
			fmt.Fprintf(&b, "; line %d: %s", p.Line, p.Msg)
		default:
			fmt.Fprintf(&b, "; %s", p.Msg)
		}
	}
	return b.String()
}

// Line returns the line of the first problem, or 0.
func (e *FileError) Line() int {
	if len(e.Problems) == 0 {
		return 0
	}
	return e.Problems[0].Line
}

// decodeProfile parses a profile file's bytes strictly (unknown and
// duplicate keys are errors), names it after the file, applies defaults and
// checks it.
func decodeProfile(path string, data []byte) (Profile, error) {
	var doc yaml.Node
	if err := yaml.Load(data, &doc, yaml.WithV4Defaults()); err != nil {
		return Profile{}, &FileError{Path: path, Problems: yamlProblems(err)}
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		msg := "expected a mapping of keys (issuer: …, client_id: …)"
		return Profile{}, &FileError{Path: path, Problems: []Problem{{Line: 1, Column: 1, Msg: msg}}}
	}
	var p Profile
	if err := doc.Load(&p, yaml.WithV4Defaults(), yaml.WithKnownFields()); err != nil {
		return Profile{}, &FileError{Path: path, Problems: yamlProblems(err)}
	}
	name := strings.TrimSuffix(filepath.Base(path), fileExt)
	if p.Name != "" && p.Name != name {
		p.Warnings = append(
			p.Warnings,
			fmt.Errorf("%s: name: says %q but the file is named %q; the file name wins", path, p.Name, name+fileExt),
		)
	}
	p.Name = name
	p = p.WithDefaults()
	if err := p.Validate(); err != nil {
		return Profile{}, &FileError{Path: path, Problems: fieldProblems(&doc, err)}
	}
	return p, nil
}

// yamlProblems turns a yaml error into problems with positions.
func yamlProblems(err error) []Problem {
	var many *yaml.LoadErrors
	var one *yaml.LoadError
	switch {
	case errors.As(err, &many):
		ps := make([]Problem, 0, len(many.Errors))
		for _, e := range many.Errors {
			ps = append(ps, Problem{e.Mark.Line, e.Mark.Column, friendlyYAML(e.Message)})
		}
		return ps
	case errors.As(err, &one):
		return []Problem{{one.Mark.Line, one.Mark.Column, friendlyYAML(one.Message)}}
	}
	return []Problem{{Msg: err.Error()}}
}

var (
	unknownFieldRE = regexp.MustCompile("^field (.+) not found in type (\\S+)$")
	constructRE    = regexp.MustCompile("^cannot construct !!(\\w+)(?: `.*`)? into (.+)$")
)

// friendlyYAML rewrites the yaml package's messages into the file's terms
// and drops the offending value, which might be a misplaced secret.
func friendlyYAML(msg string) string {
	if m := unknownFieldRE.FindStringSubmatch(msg); m != nil {
		return unknownKey(m[1], m[2])
	}
	if m := constructRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("expected %s, found %s", goTypeWords(m[2]), yamlKindWords(m[1]))
	}
	switch {
	case strings.Contains(msg, "no documents"):
		return "the file is empty"
	case strings.Contains(msg, "found multiple"):
		return "the file holds more than one YAML document (---)"
	}
	return msg
}

// keyTypes are the types a profile file's mappings decode into.
var keyTypes = map[string]reflect.Type{
	"Profile":         reflect.TypeFor[Profile](),
	"Request":         reflect.TypeFor[Request](),
	"ClientTemplate":  reflect.TypeFor[ClientTemplate](),
	"*ClientTemplate": reflect.TypeFor[ClientTemplate](),
}

// unknownKey says a key is unknown, suggesting a known one that differs
// only in case, "_" or "-", or a plural "s".
func unknownKey(key, typeName string) string {
	msg := fmt.Sprintf("unknown key %q", key)
	t, ok := keyTypes[typeName[strings.LastIndex(typeName, ".")+1:]]
	if !ok {
		return msg
	}
	want := normKey(key)
	for i := range t.NumField() {
		k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if k != "" && k != "-" && (normKey(k) == want || normKey(k) == want+"s") {
			return fmt.Sprintf("%s (did you mean %q?)", msg, k)
		}
	}
	return msg
}

// normKey lowercases a key and drops "_", "-" and spaces.
func normKey(k string) string {
	return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(k))
}

// goTypeWords names a Go field type the way the file shows it.
func goTypeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list (one \"- item\" per line)"
	case strings.HasPrefix(t, "map["), strings.HasSuffix(t, "Request"), strings.HasSuffix(t, "ClientTemplate"):
		return "a mapping of keys to values"
	case strings.HasPrefix(t, "int"):
		return "a number"
	case t == "bool":
		return "true or false"
	}
	return "a single value"
}

// yamlKindWords names a YAML tag ("str", "seq") in words.
func yamlKindWords(kind string) string {
	switch kind {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "str":
		return "text"
	case "int", "float":
		return "a number"
	case "bool":
		return "true/false"
	}
	return "a " + kind
}

// fieldProblems turns Validate's errors into problems at their keys' lines.
func fieldProblems(doc *yaml.Node, err error) []Problem {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	ps := make([]Problem, 0, len(errs))
	for _, e := range errs {
		var fe *FieldError
		var p Problem
		if errors.As(e, &fe) {
			p.Line, p.Column = keyPosition(doc, fe.Field)
		}
		p.Msg = e.Error()
		ps = append(ps, p)
	}
	return ps
}

// keyPosition finds the line and column of a dotted key path, or of the
// deepest part of it that exists.
func keyPosition(doc *yaml.Node, field string) (line, col int) {
	n := doc.Content[0]
	for _, seg := range strings.Split(field, ".") {
		k, v := lookupKey(n, seg)
		if k == nil {
			break
		}
		line, col, n = k.Line, k.Column, v
	}
	return line, col
}

// lookupKey returns the key and value nodes of key in mapping n.
func lookupKey(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}
