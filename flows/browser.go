package flows

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// BrowserCommand is the command that opens url: $BROWSER when set (the
// convention git and Python's webbrowser follow: a list separated by ':',
// "%s" replaced by the URL, else the URL appended), else the system
// opener (xdg-open, open, rundll32).
func BrowserCommand(url string) (*exec.Cmd, error) {
	if env := os.Getenv("BROWSER"); env != "" {
		for _, b := range strings.Split(env, string(os.PathListSeparator)) {
			if f := strings.Fields(b); len(f) > 0 {
				return browserCmd(f, url), nil
			}
		}
	}
	switch runtime.GOOS {
	case "darwin":
		return exec.Command("open", url), nil
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", url), nil
	}
	if _, err := exec.LookPath("xdg-open"); err != nil {
		return nil, errors.New("no browser: $BROWSER is not set and xdg-open is not installed")
	}
	return exec.Command("xdg-open", url), nil
}

func browserCmd(f []string, url string) *exec.Cmd {
	args, replaced := make([]string, 0, len(f)), false
	for _, a := range f[1:] {
		if strings.Contains(a, "%s") {
			a, replaced = strings.ReplaceAll(a, "%s", url), true
		}
		args = append(args, a)
	}
	if !replaced {
		args = append(args, url)
	}
	return exec.Command(f[0], args...)
}

// OpenBrowser starts the browser on url and does not wait for it.
func OpenBrowser(url string) error {
	cmd, err := BrowserCommand(url)
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
