package profiles

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name oauthlens's secrets have in the
// system keyring; the user name is the NAME of keyring:NAME.
const KeyringService = "oauthlens"

// ErrKeyringUnavailable is wrapped by the errors of keyring: references and
// StoreKeyring when no system keyring answers (on Linux: no D-Bus session
// or no Secret Service such as gnome-keyring, as on a headless machine).
var ErrKeyringUnavailable = errors.New("no system keyring is reachable")

// ErrKeyringNotFound is wrapped when the keyring has nothing under the name.
var ErrKeyringNotFound = errors.New("nothing is stored in the system keyring under this name")

// Keyring access, replaceable in tests. keyringTimeout bounds every call:
// a keyring that does not answer must never hang oauthlens.
var (
	keyringGet     = keyring.Get
	keyringSet     = keyring.Set
	keyringTimeout = 3 * time.Second
)

// keyringHint is appended to every "unavailable" error.
const keyringHint = "use env:NAME, file:PATH or cmd:COMMAND (e.g. cmd:pass show NAME) instead"

// resolveKeyring reads keyring:NAME.
func resolveKeyring(ctx context.Context, name string) (string, error) {
	if name == "" {
		return "", errors.New("no name after keyring:")
	}
	get := keyringGet
	s, err := withTimeout(ctx, func() (string, error) { return get(KeyringService, name) })
	if err != nil {
		return "", keyringError(err)
	}
	return s, nil
}

// StoreKeyring saves secret in the system keyring under service "oauthlens"
// and user name, so that keyring:NAME resolves to it. Like Resolve, it gives
// up after 3 seconds, and its errors never contain the secret.
func StoreKeyring(name, secret string) error {
	if name == "" {
		return errors.New("keyring: empty name")
	}
	set := keyringSet
	_, err := withTimeout(context.Background(), func() (string, error) {
		return "", set(KeyringService, name, secret)
	})
	if err != nil {
		return &RefError{Ref: "keyring:" + name, Err: keyringError(err)}
	}
	return nil
}

// withTimeout runs op in a goroutine and waits at most keyringTimeout or
// until ctx ends. A call that never returns is left behind, not waited for.
func withTimeout(ctx context.Context, op func() (string, error)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, keyringTimeout)
	defer cancel()
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := op()
		ch <- result{s, err}
	}()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// keyringError explains a keyring failure without the secret.
func keyringError(err error) error {
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return ErrKeyringNotFound
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: the system keyring did not answer within %s; %s",
			ErrKeyringUnavailable, keyringTimeout, keyringHint)
	case errors.Is(err, context.Canceled):
		return errors.New("cancelled while waiting for the system keyring")
	}
	cause := err.Error()
	if runtime.GOOS == "linux" {
		cause = "no D-Bus session or Secret Service: " + cause
	}
	return fmt.Errorf("%w (%s); %s", ErrKeyringUnavailable, cause, keyringHint)
}
