package profiles

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// CmdTimeout bounds a cmd: reference's command.
const CmdTimeout = 10 * time.Second

// resolveCmd runs a command without a shell and returns its trimmed stdout.
func resolveCmd(ctx context.Context, command string) (string, error) {
	args, err := splitCommand(command)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, CmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// A child that keeps stdout open must not keep us waiting.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return "", cmdContextError(ctx.Err())
	}
	if err != nil {
		return "", cmdRunError(err, stderr.String())
	}
	s := strings.TrimSpace(stdout.String())
	if s == "" {
		return "", errors.New("the command printed nothing")
	}
	return s, nil
}

// cmdContextError says why a command was stopped.
func cmdContextError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the command did not finish in time (at most %s) and was stopped", CmdTimeout)
	}
	return errors.New("cancelled before the command finished")
}

// cmdRunError reports a command that failed to start or exited non-zero,
// with the first line of its stderr.
func cmdRunError(err error, stderr string) error {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return fmt.Errorf("the command could not run: %w", err)
	}
	msg := fmt.Sprintf("the command failed (%s)", exit.ProcessState)
	line, _, _ := strings.Cut(strings.TrimSpace(stderr), "\n")
	if line = strings.TrimSpace(line); line != "" {
		msg += ": " + line
	}
	return errors.New(msg)
}

// splitCommand splits a command line into arguments like a simple shell:
// white space separates, '…' quotes literally, "…" quotes with \" and \\
// escapes, and a backslash outside quotes escapes the next character.
func splitCommand(s string) ([]string, error) {
	args, ok := splitWords(s)
	if !ok {
		return nil, errors.New("the command has an unterminated quote or a trailing backslash")
	}
	if len(args) == 0 {
		return nil, errors.New("no command after cmd:")
	}
	return args, nil
}

// splitWords does splitCommand's work; ok is false when a quote or an
// escape is left open.
func splitWords(s string) (args []string, ok bool) {
	var (
		cur   strings.Builder
		inArg bool
		quote rune
		esc   bool
	)
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case quote == '\'' && r != '\'', quote == '"' && r != '"' && r != '\\':
			cur.WriteRune(r)
		case quote != 0 && r == quote:
			quote = 0
		case r == '\\':
			esc, inArg = true, true
		case quote == 0 && (r == '\'' || r == '"'):
			quote, inArg = r, true
		case quote == 0 && (r == ' ' || r == '\t' || r == '\n'):
			if inArg {
				args, inArg = append(args, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, quote == 0 && !esc
}
