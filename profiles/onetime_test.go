package profiles

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

const oneTimeSecret = "One-Time-Secret-xyz"

func TestStoreOneTimeSecret_File(t *testing.T) {
	store := Store{Dir: filepath.Join(t.TempDir(), "oauthlens", "profiles")}
	ref, err := StoreOneTimeSecret(store, SecretStoreFile, "my-client", oneTimeSecret)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(filepath.Dir(store.Dir), "secrets", "my-client")
	if ref != "file:"+path {
		t.Errorf("got ref %q, want file:%s", ref, path)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: got %v, %v; want mode %04o", p, info.Mode(), err, want)
		}
	}
	if got, err := Resolve(context.Background(), ref, nil); err != nil || got != oneTimeSecret {
		t.Errorf("resolving %s: got %q, %v", ref, got, err)
	}
	ref2, err := StoreOneTimeSecret(store, SecretStoreFile, "my-client", "Second-Secret")
	if err != nil || ref2 != "file:"+path+"-2" {
		t.Fatalf("second secret of that name: got %q, %v; want file:%s-2", ref2, err, path)
	}
	if got, _ := Resolve(context.Background(), ref, nil); got != oneTimeSecret {
		t.Error("the first secret was overwritten")
	}
}

func TestStoreOneTimeSecret_LooseDirIsTightened(t *testing.T) {
	store := Store{Dir: filepath.Join(t.TempDir(), "profiles")}
	if err := os.MkdirAll(store.SecretsDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := StoreOneTimeSecret(store, SecretStoreFile, "c", oneTimeSecret); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(store.SecretsDir()); info.Mode().Perm() != 0o700 {
		t.Errorf("got %04o, want 0700", info.Mode().Perm())
	}
}

func TestStoreOneTimeSecret_FileFailureSaysWhereNotWhat(t *testing.T) {
	home := t.TempDir()
	store := Store{Dir: filepath.Join(home, "profiles")}
	// A file where the secrets directory should be: MkdirAll fails even
	// for root.
	if err := os.WriteFile(store.SecretsDir(), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	ref, err := StoreOneTimeSecret(store, SecretStoreFile, "c", oneTimeSecret)
	if err == nil || ref != "" {
		t.Fatalf("got %q, %v; want an error", ref, err)
	}
	if !strings.Contains(err.Error(), store.SecretsDir()) || strings.Contains(err.Error(), oneTimeSecret) {
		t.Errorf("got %q, want the directory named and the secret not", err)
	}
}

func TestStoreOneTimeSecret_Keyring(t *testing.T) {
	stored := map[string]string{"taken": "old"}
	fakeKeyring(t, func(_, user string) (string, error) {
		if v, ok := stored[user]; ok {
			return v, nil
		}
		return "", keyring.ErrNotFound
	}, func(service, user, pw string) error {
		if service != KeyringService {
			t.Errorf("got service %q", service)
		}
		stored[user] = pw
		return nil
	})
	ref, err := StoreOneTimeSecret(Store{}, SecretStoreKeyring, "taken", oneTimeSecret)
	if err != nil || ref != "keyring:taken-2" || stored["taken-2"] != oneTimeSecret || stored["taken"] != "old" {
		t.Errorf("got %q, %v, %v", ref, err, stored)
	}
}

func TestStoreOneTimeSecret_KeyringUnavailable(t *testing.T) {
	down := errors.New("no dbus")
	fakeKeyring(t, func(string, string) (string, error) { return "", down },
		func(string, string, string) error { return down })
	ref, err := StoreOneTimeSecret(Store{}, SecretStoreKeyring, "c", oneTimeSecret)
	if !errors.Is(err, ErrKeyringUnavailable) || ref != "" || strings.Contains(err.Error(), oneTimeSecret) {
		t.Errorf("got %q, %v; want ErrKeyringUnavailable without the secret", ref, err)
	}
}

func TestStoreOneTimeSecret_PrintAndBadInput(t *testing.T) {
	if ref, err := StoreOneTimeSecret(Store{}, SecretStorePrint, "c", oneTimeSecret); ref != "" || err != nil {
		t.Errorf("print: got %q, %v; want nothing stored and no error", ref, err)
	}
	store := Store{Dir: t.TempDir()}
	for name, args := range map[string][3]string{
		"unknown store": {"vault", "c", oneTimeSecret},
		"bad name":      {SecretStoreFile, "../c", oneTimeSecret},
		"no secret":     {SecretStoreFile, "c", ""},
		"white space":   {SecretStoreFile, "c", " x\n"},
	} {
		if _, err := StoreOneTimeSecret(store, args[0], args[1], args[2]); err == nil {
			t.Errorf("%s: got nil error", name)
		}
	}
}
