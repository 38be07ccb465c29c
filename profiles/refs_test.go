package profiles

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// secretValue is what every failing case below has access to; no error
// may contain it.
const secretValue = "s3cr3t-VALUE-do-not-print"

func TestParseRef(t *testing.T) {
	tests := []struct{ in, kind, value string }{
		{"env:FOO", KindEnv, "FOO"},
		{"file:~/x y", KindFile, "~/x y"},
		{"cmd:pass show x", KindCmd, "pass show x"},
		{"keyring:acme", KindKeyring, "acme"},
		{"-", KindStdin, ""},
		{"hunter2", KindLiteral, "hunter2"},
		{"ENV:FOO", KindLiteral, "ENV:FOO"},
		{"https://x", KindLiteral, "https://x"},
		{"", "", ""},
	}
	for _, tt := range tests {
		kind, value := ParseRef(tt.in)
		if kind != tt.kind || value != tt.value {
			t.Errorf("ParseRef(%q): got %q %q, want %q %q", tt.in, kind, value, tt.kind, tt.value)
		}
		if got := IsLiteral(tt.in); got != (tt.kind == KindLiteral) {
			t.Errorf("IsLiteral(%q): got %v", tt.in, got)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := map[string]string{
		"env:FOO":          "environment variable FOO",
		"file:~/x":         "file ~/x",
		"cmd:pass show x":  "command `pass show x`",
		"keyring:acme":     "system keyring (oauthlens/acme)",
		"-":                "standard input",
		secretValue:        "stored in plain text in the profile",
		"":                 "",
		"keyring:":         "system keyring (oauthlens/)",
		"cmd:op read x://": "command `op read x://`",
	}
	for in, want := range tests {
		if got := Describe(in); got != want {
			t.Errorf("Describe(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestResolve_Success(t *testing.T) {
	t.Setenv("OAUTHLENS_TEST_SECRET", secretValue)
	dir := t.TempDir()
	file := filepath.Join(dir, "secret")
	os.WriteFile(file, []byte("  "+secretValue+"\n"), 0o600)
	t.Setenv("HOME", dir)
	tests := []struct {
		ref   string
		stdin string
	}{
		{"env:OAUTHLENS_TEST_SECRET", ""},
		{"file:" + file, ""},
		{"file:~/secret", ""},
		{"cmd:printf '  %s\\n' " + secretValue, ""},
		{`cmd:sh -c "echo $OAUTHLENS_TEST_SECRET"`, ""},
		{"-", secretValue + "\n"},
		{secretValue, ""},
	}
	for _, tt := range tests {
		got, err := Resolve(context.Background(), tt.ref, strings.NewReader(tt.stdin))
		if err != nil || got != secretValue {
			t.Errorf("Resolve(%q): got %q, %v; want the secret", tt.ref, got, err)
		}
	}
}

func TestResolve_Failures(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OAUTHLENS_TEST_SECRET", secretValue)
	t.Setenv("OAUTHLENS_EMPTY", "")
	os.Unsetenv("OAUTHLENS_UNSET")
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	tests := []struct{ ref, stdin, want string }{
		{"env:OAUTHLENS_UNSET", "", "env:OAUTHLENS_UNSET: the variable is not set"},
		{"env:OAUTHLENS_EMPTY", "", "env:OAUTHLENS_EMPTY: the variable is set but empty"},
		{"env:", "", "no variable name"},
		{"file:" + dir + "/missing", "", "file:" + dir + "/missing: no such file or directory"},
		{"file:" + empty, "", "the file is empty"},
		{"file:" + dir, "", "is a directory"},
		{`cmd:sh -c 'echo $OAUTHLENS_TEST_SECRET; echo "vault: permission denied" >&2; echo more >&2; exit 3'`, "",
			"the command failed (exit status 3): vault: permission denied"},
		{"cmd:true", "", "the command printed nothing"},
		{"cmd:/nonexistent/oauthlens-helper", "", "the command could not run"},
		{"cmd:echo 'unterminated", "", "unterminated quote"},
		{"cmd:", "", "no command"},
		{"-", "  \n", "standard input is empty"},
		{"", "", "no secret reference given"},
	}
	for _, tt := range tests {
		_, err := Resolve(context.Background(), tt.ref, strings.NewReader(tt.stdin))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Resolve(%q): got %v, want %q", tt.ref, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), secretValue) {
			t.Errorf("Resolve(%q): error contains the secret: %v", tt.ref, err)
		}
		var re *RefError
		if tt.ref != "" && (!errors.As(err, &re) || re.Ref != tt.ref) {
			t.Errorf("Resolve(%q): got %T, want *RefError naming the reference", tt.ref, err)
		}
	}
	if _, err := Resolve(context.Background(), "-", nil); err == nil ||
		!strings.Contains(err.Error(), "not available") {
		t.Errorf("stdin nil: got %v", err)
	}
}

func TestResolve_CmdTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Resolve(ctx, "cmd:sleep 5", nil)
	if err == nil || !strings.Contains(err.Error(), "did not finish in time") {
		t.Fatalf("got %v, want a timeout error", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s, want the command stopped at the deadline", d)
	}
}

func TestResolve_CmdCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := Resolve(ctx, "cmd:sleep 5", nil)
	if err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("got %v, want cancelled", err)
	}
}

func TestResolve_LargeFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "big")
	os.WriteFile(f, []byte(strings.Repeat(secretValue, 10000)), 0o600)
	_, err := Resolve(context.Background(), "file:"+f, nil)
	if err == nil || !strings.Contains(err.Error(), "larger than 64 KiB") ||
		strings.Contains(err.Error(), secretValue) {
		t.Errorf("got %v, want a size error without the contents", err)
	}
}

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"pass show x", []string{"pass", "show", "x"}},
		{"  op   read 'op://vault/item name/password' ", []string{"op", "read", "op://vault/item name/password"}},
		{`sh -c "echo \"hi\" \\ there"`, []string{"sh", "-c", `echo "hi" \ there`}},
		{`a\ b c`, []string{"a b", "c"}},
		{`x '' "" y`, []string{"x", "", "", "y"}},
		{`it's'"quoted"'`, nil},
		{"a\tb\nc", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		got, err := splitCommand(tt.in)
		if tt.want == nil {
			if err == nil {
				t.Errorf("splitCommand(%q): got %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitCommand(%q): got %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
