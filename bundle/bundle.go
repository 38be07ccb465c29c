// Package bundle writes and reads oauthlens support bundles: one tar.gz
// that holds everything support needs to understand a failing walk — the
// doctor result (JSON and text), the exchanges as HAR, the profile with
// references only, and a summary of the environment (version, OS, clock
// skew, proxies, DNS, TLS chains) — and no secret.
//
// Every file passes through the run's flows.Redactor before it is added,
// and Write checks each again afterwards: Written.Clean says no value the
// Redactor knows is inside.
package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

// The files of a bundle.
const (
	FileDoctorJSON = "doctor.json"
	FileDoctorText = "doctor.txt"
	FileHAR        = "walk.har"
	FileProfile    = "profile.yaml"
	FileEnvJSON    = "environment.json"
	FileEnvText    = "environment.txt"
	FileReadme     = "README.txt"
)

// File is one file of a bundle.
type File struct {
	Name string
	Data []byte
	What string // what it holds, for the list shown before writing
}

// Written is what Write did.
type Written struct {
	Path  string
	Files []File
	// Clean says the finished archive was checked: no form of any secret
	// the Redactor knows is in any file.
	Clean bool
}

// Contents lists the files as "name: what" lines, for the person to read
// before the bundle is written.
func Contents(files []File) []string {
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, fmt.Sprintf("%-16s %s", f.Name, f.What))
	}
	return out
}

// Write masks every file with red, writes them as a tar.gz to path
// (atomically, mode 0600), and checks the masked files again.
func Write(path string, files []File, red *flows.Redactor, now time.Time) (Written, error) {
	w := Written{Path: path, Clean: true}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		f.Data = red.Bytes(f.Data)
		if !bytes.Equal(red.Bytes(f.Data), f.Data) {
			w.Clean = false
		}
		hdr := &tar.Header{Name: f.Name, Mode: 0o600, Size: int64(len(f.Data)), ModTime: now, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return w, err
		}
		if _, err := tw.Write(f.Data); err != nil {
			return w, err
		}
		w.Files = append(w.Files, f)
	}
	if err := tw.Close(); err != nil {
		return w, err
	}
	if err := gz.Close(); err != nil {
		return w, err
	}
	return w, har.WriteFile(path, buf.Bytes())
}

// MaxFile caps each file read from a bundle (a bundle is data from
// someone else).
const MaxFile = 64 << 20

// Read returns the files of a bundle by name.
func Read(data []byte) (map[string][]byte, error) {
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a support bundle (tar.gz): %w", err)
	}
	tr := tar.NewReader(gz)
	out := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the bundle: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg || strings.Contains(hdr.Name, "/") {
			continue // oauthlens writes only plain files at the top
		}
		b, err := io.ReadAll(io.LimitReader(tr, MaxFile+1))
		if err != nil {
			return nil, fmt.Errorf("reading %s in the bundle: %w", hdr.Name, err)
		}
		if len(b) > MaxFile {
			return nil, fmt.Errorf("%s in the bundle is larger than %d bytes", hdr.Name, MaxFile)
		}
		out[hdr.Name] = b
	}
}

// IsBundle reports whether data looks like a bundle (gzip magic).
func IsBundle(data []byte) bool { return len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b }

// Readme is the bundle's README: what each file is and how to open it.
func Readme(version string, now time.Time) []byte {
	return []byte("oauthlens support bundle, written by oauthlens " + version + " at " +
		now.UTC().Format(time.RFC3339) + ".\n\n" +
		"Open it with:  oauthlens open THIS-FILE\n" +
		"(the walk read-only: timeline, raw exchanges, decoded claims, diagnoses).\n\n" +
		"doctor.txt / doctor.json  the checklist and the diagnosis of every failure\n" +
		"walk.har                  every HTTP exchange (HAR 1.2; browser devtools open it)\n" +
		"profile.yaml              the profile, with secret references only\n" +
		"environment.txt / .json   version, OS, clock skew, proxies, DNS, TLS certificates\n\n" +
		"Secrets are masked (••••••••) and JWT signatures removed (header.claims.REDACTED).\n")
}
