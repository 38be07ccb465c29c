package profiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// fileExt is the extension of profile files.
const fileExt = ".yaml"

// File and directory modes the store writes, and the bits it warns about.
const (
	fileMode  fs.FileMode = 0o600
	dirMode   fs.FileMode = 0o700
	looseBits fs.FileMode = 0o077
)

// ErrNotFound is wrapped by Load and Delete when a profile has no file.
// errors.Is(err, fs.ErrNotExist) holds for it too.
var ErrNotFound error = notFoundError{}

// notFoundError is ErrNotFound's type; it also matches fs.ErrNotExist.
type notFoundError struct{}

// Error implements error.
func (notFoundError) Error() string { return "profile not found" }

// Is lets errors.Is(err, fs.ErrNotExist) match.
func (notFoundError) Is(target error) bool { return target == fs.ErrNotExist }

// Store is a directory of profile files, NAME.yaml. The zero value is not
// usable; see DefaultStore.
type Store struct{ Dir string }

// DefaultStore returns the store in os.UserConfigDir()/oauthlens/profiles
// ($XDG_CONFIG_HOME/oauthlens/profiles on Linux). The directory is created
// by the first Save.
func DefaultStore() (Store, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return Store{}, fmt.Errorf("finding the config directory for profiles: %w", err)
	}
	return Store{Dir: filepath.Join(dir, "oauthlens", "profiles")}, nil
}

// PermissionWarning says a profile file or the store's directory can be
// read by other users. The file is still used.
type PermissionWarning struct {
	Path string
	Mode fs.FileMode // the permission bits found
	Want fs.FileMode // 0600 for files, 0700 for the directory
}

// Error implements error.
func (w *PermissionWarning) Error() string {
	return fmt.Sprintf("%s has permissions %04o, looser than %04o; other users may read it (fix: chmod %o %s)",
		w.Path, w.Mode, w.Want, w.Want, w.Path)
}

// Path returns the file a profile of this name is stored in.
func (s Store) Path(name string) string {
	return filepath.Join(s.Dir, name+fileExt)
}

// List loads every profile in the store, sorted by name. A missing
// directory is an empty store. The errors are, in order: a
// *PermissionWarning for a loose directory; for each file, a *FileError if
// it did not load (the other files still load), or the Warnings of the
// profile it holds (*PermissionWarning and others; the profile is in the
// list); and an error for each *.yml file, which is ignored.
func (s Store) List() ([]Profile, []error) {
	if s.Dir == "" {
		return nil, []error{errors.New("profiles: the store has no directory")}
	}
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{err}
	}
	var list []Profile
	errs := s.dirWarnings()
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".") || e.IsDir():
			continue
		case strings.HasSuffix(name, ".yml"):
			errs = append(errs, fmt.Errorf("%s: ignored: profile files end in %s", filepath.Join(s.Dir, name), fileExt))
			continue
		case !strings.HasSuffix(name, fileExt):
			continue
		}
		p, err := s.Load(strings.TrimSuffix(name, fileExt))
		var fe *FileError
		if err != nil && !errors.Is(err, ErrNotFound) && !errors.As(err, &fe) {
			err = &FileError{Path: filepath.Join(s.Dir, name), Problems: []Problem{{Msg: err.Error()}}}
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		list = append(list, p)
		errs = append(errs, p.Warnings...)
	}
	return list, errs
}

// dirWarnings warns when the store's directory is open to other users.
func (s Store) dirWarnings() []error {
	info, err := os.Stat(s.Dir)
	if err != nil || !loose(info.Mode()) {
		return nil
	}
	return []error{&PermissionWarning{Path: s.Dir, Mode: info.Mode().Perm(), Want: dirMode}}
}

// loose reports whether mode lets other users in, where that is checkable.
func loose(mode fs.FileMode) bool {
	return runtime.GOOS != "windows" && mode.Perm()&looseBits != 0
}

// Load reads the profile called name, with defaults applied (see
// WithDefaults). A file that does not parse or validate gives a
// *FileError naming the file and line; a missing one wraps ErrNotFound. A
// file that others can read is still loaded, with a *PermissionWarning in
// the profile's Warnings.
func (s Store) Load(name string) (Profile, error) {
	if err := ValidName(name); err != nil {
		return Profile{}, err
	}
	path := s.Path(name)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Profile{}, fmt.Errorf("%w: %q (no file %s)", ErrNotFound, name, path)
	}
	if err != nil {
		return Profile{}, err
	}
	p, err := decodeProfile(path, data)
	if err != nil {
		return Profile{}, err
	}
	if info, err := os.Stat(path); err == nil && loose(info.Mode()) {
		p.Warnings = append(p.Warnings, &PermissionWarning{Path: path, Mode: info.Mode().Perm(), Want: fileMode})
	}
	return p, nil
}

// Save validates p and writes it to NAME.yaml atomically: a temporary file
// in the same directory, written, fsynced, made 0600, then renamed over the
// old file (the directory is created 0700 if needed). A crash or kill at any
// point leaves either the old file or the new one, whole. When the file
// exists, the person's comments and key order are kept (see encodeProfile).
// A symlinked profile file is written through to the link's target.
func (s Store) Save(p Profile) error {
	if s.Dir == "" {
		return errors.New("profiles: the store has no directory")
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("profile %q not saved: %w", p.Name, err)
	}
	if err := os.MkdirAll(s.Dir, dirMode); err != nil {
		return err
	}
	path := s.Path(p.Name)
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	data, err := encodeProfile(p, old)
	if err != nil {
		return fmt.Errorf("profile %q not saved: %w", p.Name, err)
	}
	return writeAtomic(path, data)
}

// Delete removes the profile's file. A missing profile wraps ErrNotFound.
func (s Store) Delete(name string) error {
	if err := ValidName(name); err != nil {
		return err
	}
	err := os.Remove(s.Path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	return err
}
