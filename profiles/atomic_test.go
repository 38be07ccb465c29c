package profiles

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestSave_AtomicWhenRenameFails simulates a crash just before the rename:
// the old file must be whole and no temporary file may be left.
func TestSave_AtomicWhenRenameFails(t *testing.T) {
	s := newStore(t)
	old := fullProfile("p")
	if err := s.Save(old); err != nil {
		t.Fatal(err)
	}
	oldBytes, _ := os.ReadFile(s.Path("p"))
	changed := old
	changed.Description = "changed"
	rename = func(tmp, path string) error {
		if b, _ := os.ReadFile(path); string(b) != string(oldBytes) {
			t.Errorf("the target changed before the rename")
		}
		if b, _ := os.ReadFile(tmp); !strings.Contains(string(b), "changed") {
			t.Errorf("the temporary file is not complete before the rename")
		}
		assertMode(t, tmp, 0o600)
		return errors.New("simulated crash")
	}
	t.Cleanup(func() { rename = os.Rename })
	if err := s.Save(changed); err == nil || !strings.Contains(err.Error(), "simulated crash") {
		t.Fatalf("got %v, want the rename error", err)
	}
	if b, _ := os.ReadFile(s.Path("p")); string(b) != string(oldBytes) {
		t.Errorf("old file changed:\n%s", b)
	}
	assertOnlyFiles(t, s.Dir, "p.yaml")
}

// TestSave_AtomicRealRenameFailure makes the real rename fail: the target
// path is a non-empty directory.
func TestSave_AtomicRealRenameFailure(t *testing.T) {
	s := newStore(t)
	os.MkdirAll(filepath.Join(s.Path("p"), "x"), 0o700)
	if err := s.Save(fullProfile("p")); err == nil {
		t.Fatal("got nil, want an error")
	}
	assertOnlyFiles(t, s.Dir, "p.yaml")
}

func TestSave_RemovesStaleTemps(t *testing.T) {
	s := newStore(t)
	if err := s.Save(fullProfile("p")); err != nil {
		t.Fatal(err)
	}
	stale, fresh := filepath.Join(s.Dir, ".p.yaml.tmp-1"), filepath.Join(s.Dir, ".p.yaml.tmp-2")
	os.WriteFile(stale, []byte("half a pro"), 0o600)
	os.WriteFile(fresh, []byte("another save in progress"), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	if err := s.Save(fullProfile("p")); err != nil {
		t.Fatal(err)
	}
	assertOnlyFiles(t, s.Dir, ".p.yaml.tmp-2", "p.yaml")
}

func assertOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got files %v, want %v", got, want)
	}
}

// TestSave_SurvivesKill kills a process that saves in a loop, once it has
// saved at least once, while this process keeps reading: every read and the
// file after each kill must be a whole profile.
func TestSave_SurvivesKill(t *testing.T) {
	if dir := os.Getenv("OAUTHLENS_SAVE_LOOP"); dir != "" {
		saveLoop(Store{Dir: dir}, os.Getenv("OAUTHLENS_SAVE_RUN"))
		return
	}
	s := newStore(t)
	if err := s.Save(bigProfile("initial", 0)); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		run := fmt.Sprint(i)
		cmd := exec.Command(os.Args[0], "-test.run=^TestSave_SurvivesKill$")
		cmd.Env = append(os.Environ(), "OAUTHLENS_SAVE_LOOP="+s.Dir, "OAUTHLENS_SAVE_RUN="+run)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForRun(t, s, run)
		time.Sleep(time.Duration(i*7) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		loadWhole(t, s)
	}
}

// waitForRun reads the profile until the saving process's run shows up.
func waitForRun(t *testing.T, s Store, run string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		if strings.HasPrefix(loadWhole(t, s).Description, "run "+run+" ") {
			return
		}
	}
	t.Fatalf("run %s never saved", run)
}

// loadWhole loads the profile and checks nothing is missing.
func loadWhole(t *testing.T, s Store) Profile {
	t.Helper()
	p, err := s.Load("p")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Params) != 500 || p.ClientCreation == nil {
		t.Fatalf("got a partial profile (%d params)", len(p.Params))
	}
	return p
}

// saveLoop saves ever-new versions of a large profile until killed.
func saveLoop(s Store, run string) {
	for i := 1; ; i++ {
		if err := s.Save(bigProfile(run, i)); err != nil {
			panic(err)
		}
	}
}

// bigProfile is a profile of about 15 KB, so that writes take a while.
func bigProfile(run string, version int) Profile {
	p := fullProfile("p")
	p.Description = fmt.Sprintf("run %s version %d", run, version)
	p.Params = map[string]string{}
	for i := range 500 {
		p.Params[fmt.Sprintf("param_%04d", i)] = fmt.Sprintf("value %d of version %d", i, version)
	}
	return p
}
