package profiles

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Where StoreOneTimeSecret may put a secret that a server shows only once.
const (
	// SecretStoreKeyring is the system keyring (service "oauthlens").
	SecretStoreKeyring = "keyring"
	// SecretStoreFile is a 0600 file in SecretsDir.
	SecretStoreFile = "file"
	// SecretStorePrint stores nothing: the caller shows the secret once.
	SecretStorePrint = "print"
)

// SecretStores lists the choices of StoreOneTimeSecret.
var SecretStores = []string{SecretStoreFile, SecretStoreKeyring, SecretStorePrint}

// maxSameName bounds the NAME, NAME-2, NAME-3 … tried for a free name.
const maxSameName = 100

// SecretsDir returns the directory of file-stored secrets: "secrets" next
// to the store's profile directory (os.UserConfigDir()/oauthlens/secrets
// for the default store).
func (s Store) SecretsDir() string {
	return filepath.Join(filepath.Dir(s.Dir), "secrets")
}

// StoreOneTimeSecret keeps a secret that a server has just shown for the
// only time (a new client's secret, a registration access token) and
// returns a reference that resolves to it:
//
//   - "keyring": the system keyring under NAME, ref "keyring:NAME";
//   - "file": the file SecretsDir()/NAME, written atomically with mode 0600
//     in a 0700 directory and read back to check it, ref "file:PATH";
//   - "print": nothing is stored and ref is "": the caller must show the
//     secret once, saying that it will not be shown again.
//
// An existing secret is never replaced: when NAME is taken, NAME-2, NAME-3 …
// is used, and the ref says which. Errors never contain the secret; when
// one is returned nothing was stored and the caller must show the secret.
func StoreOneTimeSecret(store Store, choice, name, secret string) (ref string, err error) {
	if secret == "" {
		return "", errors.New("no secret to store")
	}
	if err := ValidName(name); err != nil {
		return "", fmt.Errorf("secret name: %w", err)
	}
	switch choice {
	case SecretStoreKeyring:
		return storeOneTimeKeyring(name, secret)
	case SecretStoreFile:
		return storeOneTimeFile(store, name, secret)
	case SecretStorePrint:
		return "", nil
	}
	return "", fmt.Errorf("unknown secret store %q (use file, keyring or print)", choice)
}

// storeOneTimeKeyring saves the secret under the first free name.
func storeOneTimeKeyring(name, secret string) (string, error) {
	free := ""
	for i := 1; i <= maxSameName && free == ""; i++ {
		cand := numbered(name, i)
		// Nothing there, or a keyring that cannot say (StoreKeyring then
		// reports why): use this name.
		if _, err := resolveKeyring(context.Background(), cand); err != nil {
			free = cand
		}
	}
	if free == "" {
		return "", fmt.Errorf("keyring: %s and %d more like it exist already", name, maxSameName-1)
	}
	if err := StoreKeyring(free, secret); err != nil {
		return "", err
	}
	return "keyring:" + free, nil
}

// numbered returns name for i == 1, else name-i.
func numbered(name string, i int) string {
	if i == 1 {
		return name
	}
	return name + "-" + strconv.Itoa(i)
}

// storeOneTimeFile writes the secret to the first free file name.
func storeOneTimeFile(store Store, name, secret string) (string, error) {
	if store.Dir == "" {
		return "", errors.New("profiles: the store has no directory")
	}
	if strings.TrimSpace(secret) != secret {
		return "", errors.New("the secret begins or ends with white space, which file: references trim")
	}
	dir := store.SecretsDir()
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return "", fmt.Errorf("creating %s: %w", dir, describeOSError(err))
	}
	if info, err := os.Stat(dir); err == nil && loose(info.Mode()) {
		if err := os.Chmod(dir, dirMode); err != nil {
			return "", fmt.Errorf("%s is open to other users and cannot be made 0700: %w", dir, describeOSError(err))
		}
	}
	path, err := freePath(dir, name)
	if err != nil {
		return "", err
	}
	if err := writeAtomic(path, []byte(secret+"\n")); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, describeOSError(err))
	}
	if got, err := resolveFile(path); err != nil || got != secret {
		os.Remove(path)
		return "", fmt.Errorf("%s did not read back as written", path)
	}
	return "file:" + path, nil
}

// freePath returns dir/name, or dir/name-2, -3 … when it exists.
func freePath(dir, name string) (string, error) {
	for i := 1; i <= maxSameName; i++ {
		p := filepath.Join(dir, numbered(name, i))
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		} else if err != nil {
			return "", fmt.Errorf("checking %s: %w", p, describeOSError(err))
		}
	}
	return "", fmt.Errorf("%s and %d more like it exist already", filepath.Join(dir, name), maxSameName-1)
}
