package demo

import (
	"os"
	"path/filepath"
	"testing"
)

// The signing key is kept in KeyFile (0600) and used again by the next
// server, which then generates nothing.
func TestKeyFile_KeptAndReused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cache", "demo-signing-key.pem")
	first := New(Config{KeyFile: file}).signer()
	st, err := os.Stat(file)
	if err != nil {
		t.Fatalf("the key was not kept: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	second := New(Config{KeyFile: file})
	select {
	case <-second.keys.done:
	default:
		t.Fatal("the second server is still generating: the kept key was not loaded at once")
	}
	if second.signer().kid != first.kid {
		t.Errorf("kid %q, want the kept key's %q", second.signer().kid, first.kid)
	}
}

// A broken key file is ignored: a new key is made and kept.
func TestKeyFile_BrokenIgnored(t *testing.T) {
	file := filepath.Join(t.TempDir(), "k.pem")
	if err := os.WriteFile(file, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if k := New(Config{KeyFile: file}).signer(); k == nil || k.priv.N.BitLen() != 2048 {
		t.Fatal("no key made")
	}
	if _, err := loadKey(file); err != nil {
		t.Errorf("the new key was not kept: %v", err)
	}
}
