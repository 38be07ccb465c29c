package profiles

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Kinds of secret reference, as returned by ParseRef.
const (
	KindEnv     = "env"     // env:NAME, an environment variable
	KindFile    = "file"    // file:PATH, a file's contents ("~/" is the home directory)
	KindCmd     = "cmd"     // cmd:COMMAND, a command's standard output
	KindKeyring = "keyring" // keyring:NAME, the system keyring (service "oauthlens")
	KindStdin   = "stdin"   // "-", standard input
	KindLiteral = "literal" // anything else: the secret itself, in plain text
)

// maxSecretSize caps what Resolve reads from a file or standard input.
const maxSecretSize = 64 << 10

// ErrNoRef is returned by Resolve for an empty reference.
var ErrNoRef = errors.New("no secret reference given")

// ParseRef splits a secret reference into its kind (KindEnv, KindFile,
// KindCmd, KindKeyring, KindStdin, KindLiteral) and the value after the
// prefix. "-" is KindStdin; an empty string has kind "". Prefixes are
// lowercase; anything without a known prefix is a literal, returned whole.
func ParseRef(s string) (kind, value string) {
	if s == "" {
		return "", ""
	}
	if s == "-" {
		return KindStdin, ""
	}
	if prefix, rest, ok := strings.Cut(s, ":"); ok {
		switch prefix {
		case KindEnv, KindFile, KindCmd, KindKeyring:
			return prefix, rest
		}
	}
	return KindLiteral, s
}

// IsLiteral reports whether s is a secret in plain text rather than a
// reference. The empty string is not a literal.
func IsLiteral(s string) bool {
	k, _ := ParseRef(s)
	return k == KindLiteral
}

// Describe says in words where the secret a reference points to lives:
// "environment variable FOO", "file ~/x", "command `pass show x`",
// "system keyring (oauthlens/NAME)", "standard input", "stored in plain text
// in the profile", or "" for an empty reference. It never repeats a literal.
func Describe(ref string) string {
	kind, v := ParseRef(ref)
	switch kind {
	case KindEnv:
		return "environment variable " + v
	case KindFile:
		return "file " + v
	case KindCmd:
		return "command `" + v + "`"
	case KindKeyring:
		return "system keyring (" + KeyringService + "/" + v + ")"
	case KindStdin:
		return "standard input"
	case KindLiteral:
		return "stored in plain text in the profile"
	}
	return ""
}

// RefError is a failure to resolve a secret reference. Ref is the reference
// as written (a literal never fails, so Ref never holds a secret).
type RefError struct {
	Ref string
	Err error
}

// Error implements error.
func (e *RefError) Error() string { return e.Ref + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *RefError) Unwrap() error { return e.Err }

// Resolve returns the secret a reference points to. Errors are *RefError
// values that name the reference, never the secret.
//
//   - env:NAME: the variable's value; unset or empty is an error.
//   - file:PATH: the file's contents, surrounding white space trimmed.
//   - cmd:COMMAND: the command's standard output, trimmed. The command is run
//     without a shell (arguments split on spaces, with '…' and "…" quoting),
//     for at most 10 seconds or until ctx ends.
//   - keyring:NAME: the system keyring's secret for service "oauthlens",
//     user NAME, given at most 3 seconds; see ErrKeyringUnavailable.
//   - "-": all of stdin, trimmed.
//   - anything else is a literal, returned as is.
func Resolve(ctx context.Context, ref string, stdin io.Reader) (string, error) {
	kind, v := ParseRef(ref)
	var s string
	var err error
	switch kind {
	case "":
		return "", ErrNoRef
	case KindLiteral:
		return ref, nil
	case KindEnv:
		s, err = resolveEnv(v)
	case KindFile:
		s, err = resolveFile(v)
	case KindCmd:
		s, err = resolveCmd(ctx, v)
	case KindKeyring:
		s, err = resolveKeyring(ctx, v)
	case KindStdin:
		s, err = resolveStdin(stdin)
	}
	if err != nil {
		return "", &RefError{Ref: ref, Err: err}
	}
	return s, nil
}

// resolveEnv reads an environment variable.
func resolveEnv(name string) (string, error) {
	if name == "" {
		return "", errors.New("no variable name after env:")
	}
	v, ok := os.LookupEnv(name)
	switch {
	case !ok:
		return "", errors.New("the variable is not set")
	case v == "":
		return "", errors.New("the variable is set but empty")
	}
	return v, nil
}

// resolveFile reads a secret file, expanding a leading "~/".
func resolveFile(path string) (string, error) {
	if path == "" {
		return "", errors.New("no path after file:")
	}
	f, err := os.Open(expandHome(path))
	if err != nil {
		return "", describeOSError(err)
	}
	defer f.Close()
	return readSecret(f, "the file")
}

// resolveStdin reads the secret from standard input.
func resolveStdin(stdin io.Reader) (string, error) {
	if stdin == nil {
		return "", errors.New("standard input is not available")
	}
	return readSecret(stdin, "standard input")
}

// readSecret reads at most maxSecretSize bytes and trims white space.
func readSecret(r io.Reader, what string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSecretSize+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", what, describeOSError(err))
	}
	if len(b) > maxSecretSize {
		return "", fmt.Errorf("%s is larger than %d KiB; is it the right one?", what, maxSecretSize>>10)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", fmt.Errorf("%s is empty", what)
	}
	return s, nil
}

// describeOSError turns a *PathError into its plain cause ("no such file or
// directory"), since the reference already names the path.
func describeOSError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// expandHome replaces a leading "~/" with the home directory.
func expandHome(path string) string {
	rest, ok := strings.CutPrefix(path, "~/")
	if !ok {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return path
	}
	return filepath.Join(home, rest)
}
