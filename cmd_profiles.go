package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/oauthlens/oauthlens/profiles"
)

// loadProfile loads a saved profile by name; problems are configuration
// errors (exit code 2).
func loadProfile(name string) (profiles.Profile, error) {
	store, err := profiles.DefaultStore()
	if err != nil {
		return profiles.Profile{}, &configError{fmt.Sprintf("profiles: %v", err)}
	}
	p, err := store.Load(name)
	if errors.Is(err, fs.ErrNotExist) {
		return p, &configError{fmt.Sprintf("no profile named %q in %s (see 'oauthlens profiles list')", name, store.Dir)}
	}
	if err != nil {
		return p, &configError{fmt.Sprintf("profile %s: %v", name, err)}
	}
	return p, nil
}
