package profiles

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// fakeKeyring replaces the keyring backend for one test.
func fakeKeyring(
	t *testing.T,
	get func(service, user string) (string, error),
	set func(service, user, pw string) error,
) {
	t.Helper()
	oldGet, oldSet := keyringGet, keyringSet
	keyringGet, keyringSet = get, set
	t.Cleanup(func() { keyringGet, keyringSet = oldGet, oldSet })
}

// TestKeyring_Real uses the machine's real keyring with a name nobody
// uses. On this headless box (no D-Bus session) it must fail quickly and
// say what to use instead; with a keyring it must say nothing is stored.
func TestKeyring_Real(t *testing.T) {
	start := time.Now()
	_, err := Resolve(context.Background(), "keyring:oauthlens-test-no-such-entry-7f3a", nil)
	if d := time.Since(start); d > keyringTimeout+time.Second {
		t.Errorf("took %s, want at most %s", d, keyringTimeout)
	}
	if err == nil {
		t.Fatal("got nil, want an error")
	}
	headless := runtime.GOOS == "linux" && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == ""
	if headless && !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("got %v, want ErrKeyringUnavailable", err)
	}
	if errors.Is(err, ErrKeyringUnavailable) && !strings.Contains(err.Error(), "env:NAME, file:PATH or cmd:COMMAND") {
		t.Errorf("got %q, want the alternatives suggested", err)
	}
	if !errors.Is(err, ErrKeyringUnavailable) && !errors.Is(err, ErrKeyringNotFound) {
		t.Errorf("got %v, want unavailable or not found", err)
	}
	t.Logf("real keyring: %v", err)
}

func TestKeyring_HangingBackendTimesOut(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	hang := func(string, string) (string, error) { <-release; return secretValue, nil }
	hangSet := func(string, string, string) error { <-release; return nil }
	fakeKeyring(t, hang, hangSet)
	old := keyringTimeout
	keyringTimeout = 100 * time.Millisecond
	t.Cleanup(func() { keyringTimeout = old })

	start := time.Now()
	_, err := Resolve(context.Background(), "keyring:acme", nil)
	if !errors.Is(err, ErrKeyringUnavailable) || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("Resolve: got %v, want a timeout", err)
	}
	err = StoreKeyring("acme", secretValue)
	if !errors.Is(err, ErrKeyringUnavailable) || strings.Contains(err.Error(), secretValue) {
		t.Errorf("StoreKeyring: got %v, want a timeout without the secret", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s, want about 200ms", d)
	}
}

func TestKeyring_StoreAndResolve(t *testing.T) {
	store := map[string]string{}
	fakeKeyring(t,
		func(service, user string) (string, error) {
			if v, ok := store[service+"/"+user]; ok {
				return v, nil
			}
			return "", keyring.ErrNotFound
		},
		func(service, user, pw string) error { store[service+"/"+user] = pw; return nil })

	if _, err := Resolve(context.Background(), "keyring:acme", nil); !errors.Is(err, ErrKeyringNotFound) ||
		!strings.HasPrefix(err.Error(), "keyring:acme: ") {
		t.Errorf("before storing: got %v, want ErrKeyringNotFound naming keyring:acme", err)
	}
	if err := StoreKeyring("acme", secretValue); err != nil {
		t.Fatal(err)
	}
	if store["oauthlens/acme"] != secretValue {
		t.Errorf("got store %v, want service oauthlens, user acme", store)
	}
	got, err := Resolve(context.Background(), "keyring:acme", nil)
	if err != nil || got != secretValue {
		t.Errorf("got %q, %v; want the secret", got, err)
	}
}

func TestKeyring_BackendErrorIsUnavailable(t *testing.T) {
	fakeKeyring(t,
		func(string, string) (string, error) { return "", errors.New("dbus: connection refused") },
		func(string, string, string) error { return errors.New("dbus: connection refused") })
	_, err := Resolve(context.Background(), "keyring:acme", nil)
	if !errors.Is(err, ErrKeyringUnavailable) || !strings.Contains(err.Error(), "dbus: connection refused") {
		t.Errorf("got %v, want ErrKeyringUnavailable with the cause", err)
	}
	if err := StoreKeyring("acme", secretValue); !errors.Is(err, ErrKeyringUnavailable) ||
		strings.Contains(err.Error(), secretValue) {
		t.Errorf("StoreKeyring: got %v", err)
	}
	if _, err := Resolve(context.Background(), "keyring:", nil); err == nil {
		t.Error("keyring: with no name: got nil, want an error")
	}
}
