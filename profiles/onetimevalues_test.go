package profiles

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestOneTimeValues(t *testing.T) {
	got := OneTimeValues("s3cret", "reg-tok", []byte(" {\"x\":1}\n"))
	if len(got) != 3 || got[0].Field != "client_secret" || got[1].Suffix != "-registration-token" ||
		got[2].Value != `{"x":1}` {
		t.Fatalf("got %+v", got)
	}
	if got := OneTimeValues("", "", nil); len(got) != 0 {
		t.Errorf("got %+v, want nothing to keep", got)
	}
}

func TestKeepOneTime_FileAndNoStore(t *testing.T) {
	store := Store{Dir: t.TempDir() + "/profiles"}
	vals := KeepOneTime(store, nil, SecretStoreFile, "app", OneTimeValues("s3cret-value", "reg-token-value", nil))
	for _, v := range vals {
		if v.Err != nil || !strings.HasPrefix(v.Ref, "file:") {
			t.Fatalf("got %+v, want stored in a file", v)
		}
		b, err := os.ReadFile(strings.TrimPrefix(v.Ref, "file:"))
		if err != nil || strings.TrimSpace(string(b)) != v.Value {
			t.Errorf("%s: file holds %q, %v", v.Field, b, err)
		}
	}
	noDir := errors.New("no config directory")
	vals = KeepOneTime(Store{}, noDir, SecretStoreFile, "app", OneTimeValues("s3cret-value", "", nil))
	if !errors.Is(vals[0].Err, noDir) || vals[0].Ref != "" {
		t.Errorf("got %+v, want the store error and nothing stored", vals[0])
	}
}

func TestSecretName(t *testing.T) {
	for in, want := range map[string]string{"My App/1": "My-App-1", "..hidden": "hidden", "": "client", "ok.name_2": "ok.name_2"} {
		if got := SecretName(in); got != want {
			t.Errorf("SecretName(%q): got %q, want %q", in, got, want)
		}
	}
	if got := SecretName(strings.Repeat("a", 100)); len(got) != 80 {
		t.Errorf("got %d bytes, want 80", len(got))
	}
}
