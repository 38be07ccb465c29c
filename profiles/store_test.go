package profiles

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// fullProfile sets every saved field to a non-default value.
func fullProfile(name string) Profile {
	return Profile{
		Name:         name,
		Description:  "every field: set",
		Issuer:       "https://issuer.example/oauth2/abc",
		TokenURL:     "https://issuer.example/oauth2/abc/v1/token",
		Discovery:    flows.StyleRFC8414,
		ClientID:     "client-123",
		ClientSecret: "env:FULL_SECRET",
		AuthMethod:   flows.AuthPost,
		Scopes:       []string{"role:app", "https://api.example/auth/read"},
		Audience:     "https://api.example",
		Resource:     []string{"https://api.example/v1", "urn:example:res"},
		Params:       map[string]string{"tenant": "t1", "x": "y z"},
		APIBaseURL:   "https://api.example",
		APIHeaders:   map[string]string{"X-Api-Key": "file:~/api-key", "Accept": "application/json"},
		TestRequest:  Request{Method: "POST", Path: "/v1/me"},
		ReacquireOn:  []int{401, 419},
		ClientCreation: &ClientTemplate{
			Method:           "PUT",
			URL:              "https://admin.example/api/client/",
			BearerToken:      "keyring:admin",
			Headers:          map[string]string{"X-Tenant": "t1"},
			Body:             "{\"name\": \"{{name}}\",\n \"scopes\": {{scopes}}, \"permissions\": {{permissions}}}\n",
			ClientIDPath:     "client.clientId",
			ClientSecretPath: "newSecret",
			Permissions:      []string{"admin", "read"},
		},
	}
}

func newStore(t *testing.T) Store {
	t.Helper()
	return Store{Dir: filepath.Join(t.TempDir(), "oauthlens", "profiles")}
}

func TestSaveLoad_RoundTripEveryField(t *testing.T) {
	s := newStore(t)
	want := fullProfile("full")
	if err := s.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load("full")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v", got, want)
	}
	// Saving the loaded profile again changes nothing.
	before, _ := os.ReadFile(s.Path("full"))
	if err := s.Save(got); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(s.Path("full"))
	if string(before) != string(after) {
		t.Errorf("second save changed the file:\n%s\n---\n%s", before, after)
	}
}

func TestSave_Permissions(t *testing.T) {
	s := newStore(t)
	if err := s.Save(fullProfile("p")); err != nil {
		t.Fatal(err)
	}
	assertMode(t, s.Dir, 0o700)
	assertMode(t, s.Path("p"), 0o600)
	// Saving over a loose file tightens it.
	os.Chmod(s.Path("p"), 0o644)
	if err := s.Save(fullProfile("p")); err != nil {
		t.Fatal(err)
	}
	assertMode(t, s.Path("p"), 0o600)
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s: got mode %04o, want %04o", path, got, want)
	}
}

func TestLoad_LoosePermissionsWarns(t *testing.T) {
	s := newStore(t)
	if err := s.Save(fullProfile("loose")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(s.Path("loose"), 0o644)
	p, err := s.Load("loose")
	if err != nil {
		t.Fatalf("a loose file must still load: %v", err)
	}
	var pw *PermissionWarning
	if len(p.Warnings) != 1 || !errors.As(p.Warnings[0], &pw) || pw.Mode != 0o644 {
		t.Fatalf("got warnings %v, want one *PermissionWarning for 0644", p.Warnings)
	}
	if !strings.Contains(pw.Error(), "chmod 600") {
		t.Errorf("got %q, want a chmod hint", pw.Error())
	}
	list, errs := s.List()
	if len(list) != 1 || len(errs) != 1 || !errors.As(errs[0], &pw) {
		t.Errorf("List: got %d profiles and errors %v, want 1 profile and the warning", len(list), errs)
	}
}

func TestList_BadFilesDoNotStopOthers(t *testing.T) {
	s := newStore(t)
	for _, n := range []string{"a-good", "z-good"} {
		if err := s.Save(fullProfile(n)); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]struct {
		body string
		line int
		want string
	}{
		"malformed": {"issuer: https://x.example\nscopes: [a, b\n", 3, "did not find expected"},
		"unknownkey": {
			"issuer: https://x.example\nclient_id: c\nclientSecret: env:X\n",
			3,
			`unknown key "clientSecret" (did you mean "client_secret"?)`,
		},
		"nested": {"issuer: https://x.example\ntest_request:\n  method: GET\n  url: /x\n", 4, `unknown key "url"`},
		"invalid": {
			"issuer: https://x.example\nauth_method: attest_jwt_client_auth\n",
			2,
			`auth_method: "attest_jwt_client_auth" is not one of`,
		},
		"empty": {"", 0, "the file is empty"},
	}
	for name, f := range files {
		os.WriteFile(s.Path(name), []byte(f.body), 0o600)
	}
	list, errs := s.List()
	if len(list) != 2 || list[0].Name != "a-good" || list[1].Name != "z-good" {
		t.Fatalf("got %d profiles, want a-good and z-good", len(list))
	}
	if len(errs) != len(files) {
		t.Fatalf("got %d errors, want %d: %v", len(errs), len(files), errs)
	}
	for _, err := range errs {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("got %T %v, want *FileError", err, err)
		}
		f := files[strings.TrimSuffix(filepath.Base(fe.Path), ".yaml")]
		if fe.Line() != f.line || !strings.Contains(err.Error(), f.want) || !strings.HasPrefix(err.Error(), fe.Path) {
			t.Errorf("got %q (line %d), want line %d and %q", err, fe.Line(), f.line, f.want)
		}
	}
}

func TestList_MissingDirAndIgnoredFiles(t *testing.T) {
	s := newStore(t)
	if list, errs := s.List(); list != nil || errs != nil {
		t.Fatalf("missing dir: got %v %v, want nothing", list, errs)
	}
	if err := s.Save(fullProfile("one")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(s.Dir, ".one.yaml.tmp-123"), []byte("junk"), 0o600)
	os.WriteFile(filepath.Join(s.Dir, "notes.txt"), []byte("junk"), 0o600)
	os.WriteFile(filepath.Join(s.Dir, "typo.yml"), []byte("issuer: https://x.example\n"), 0o600)
	list, errs := s.List()
	if len(list) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "typo.yml: ignored") {
		t.Errorf("got %d profiles and %v, want 1 profile and a .yml notice", len(list), errs)
	}
}

func TestSave_KeepsComments(t *testing.T) {
	s := newStore(t)
	os.MkdirAll(s.Dir, 0o700)
	hand := "# Staging client for the ACME integration.\n\n" +
		"client_id: abc # from the welcome e-mail\n" +
		"# the AS publishes RFC 8414 metadata\n" +
		"issuer: https://x.example\n" +
		"scopes: [read, write] # agreed with ACME\n" +
		"api_headers:\n  X-Api-Key: env:ACME_KEY # rotated monthly\n"
	os.WriteFile(s.Path("acme"), []byte(hand), 0o600)
	p, err := s.Load("acme")
	if err != nil {
		t.Fatal(err)
	}
	p.Scopes = []string{"read", "write", "admin"}
	p.Audience = "https://api.example"
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(s.Path("acme"))
	out := string(b)
	for _, want := range []string{
		"# Staging client for the ACME integration.", "client_id: abc # from the welcome e-mail",
		"# the AS publishes RFC 8414 metadata\nissuer: https://x.example",
		"scopes: [read, write, admin] # agreed with ACME", "X-Api-Key: env:ACME_KEY # rotated monthly",
		"audience: https://api.example",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("saved file lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "client_id") > strings.Index(out, "issuer") {
		t.Errorf("the person's key order was not kept:\n%s", out)
	}
	if got, err := s.Load("acme"); err != nil || got.Audience != "https://api.example" {
		t.Errorf("reload: got %+v, %v", got, err)
	}
}

func TestSave_NewFileHasHeader(t *testing.T) {
	s := newStore(t)
	if err := s.Save(fullProfile("p")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(s.Path("p"))
	if !strings.HasPrefix(string(b), "# oauthlens profile \"p\"") {
		t.Errorf("got %q, want a header comment", b)
	}
}

func TestSave_ThroughSymlink(t *testing.T) {
	s := newStore(t)
	os.MkdirAll(s.Dir, 0o700)
	realDir := t.TempDir()
	target := filepath.Join(realDir, "dotfiles-p.yaml")
	os.WriteFile(target, []byte("issuer: https://old.example\n"), 0o600)
	os.Symlink(target, s.Path("p"))
	if err := s.Save(fullProfile("p")); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Lstat(s.Path("p")); info.Mode()&fs.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if b, _ := os.ReadFile(target); !strings.Contains(string(b), "issuer.example") {
		t.Errorf("the target was not updated: %s", b)
	}
}

func TestSaveLoadDelete_Names(t *testing.T) {
	s := newStore(t)
	for _, bad := range []string{"", ".hidden", "a/b", `a\b`, "../x", "a:b", "tab\tname"} {
		p := fullProfile(bad)
		if err := s.Save(p); err == nil {
			t.Errorf("Save(%q): got nil, want an error", bad)
		}
		if _, err := s.Load(bad); err == nil {
			t.Errorf("Load(%q): got nil, want an error", bad)
		}
	}
	if _, err := s.Load("missing"); !errors.Is(err, ErrNotFound) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want ErrNotFound and fs.ErrNotExist", err)
	}
	if err := s.Delete("missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound", err)
	}
	if err := s.Save(fullProfile("gone")); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("gone"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path("gone")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file still there: %v", err)
	}
}

func TestLoad_NameFromFileWins(t *testing.T) {
	s := newStore(t)
	os.MkdirAll(s.Dir, 0o700)
	os.WriteFile(s.Path("copy"), []byte("name: original\nissuer: https://x.example\n"), 0o600)
	p, err := s.Load("copy")
	if err != nil || p.Name != "copy" || len(p.Warnings) != 1 {
		t.Errorf("got %q, %v, warnings %v; want name copy and one warning", p.Name, err, p.Warnings)
	}
}

func TestDefaultStore(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg-test")
	t.Setenv("HOME", "/tmp/home-test")
	s, err := DefaultStore()
	want, _ := os.UserConfigDir()
	if err != nil || s.Dir != filepath.Join(want, "oauthlens", "profiles") {
		t.Errorf("got %q, %v", s.Dir, err)
	}
}
