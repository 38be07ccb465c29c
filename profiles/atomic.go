package profiles

import (
	"os"
	"path/filepath"
	"time"
)

// staleTemp is the age after which a leftover temporary file (from a
// process killed mid-save) is removed by the next save of that profile.
const staleTemp = time.Minute

// rename is os.Rename, replaceable in tests to simulate a crash.
var rename = os.Rename

// writeAtomic replaces path with data so that readers, and the file after a
// crash, see either the old contents or the new ones, never a mix or a
// truncated file: write a temporary file in the same directory (so the
// rename stays on one file system), fsync it, rename it over path, then
// fsync the directory so the rename itself is durable. On any failure the
// temporary file is removed and path is untouched.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	removeStaleTemps(path)
	f, err := os.CreateTemp(dir, tempPattern(path))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(fileMode); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = rename(tmp, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir fsyncs a directory, where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// tempPattern is the os.CreateTemp pattern of path's temporary files; the
// leading dot makes Store.List skip them.
func tempPattern(path string) string {
	return "." + filepath.Base(path) + ".tmp-*"
}

// removeStaleTemps deletes path's temporary files older than staleTemp,
// which only a killed save leaves behind.
func removeStaleTemps(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(path)))
	for _, m := range matches {
		if info, err := os.Lstat(m); err == nil && info.Mode().IsRegular() && time.Since(info.ModTime()) > staleTemp {
			os.Remove(m)
		}
	}
}
