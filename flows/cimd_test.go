package flows

import (
	"slices"
	"testing"
)

func TestRegistrationPaths(t *testing.T) {
	for id, want := range map[string]bool{"https://app.example.com/client.json": true,
		"http://127.0.0.1:8080/client.json": true, "http://localhost/c": true, "https://app.example.com/": false,
		"http://app.example.com/client.json": false, "my-client": false, "https://u:p@app.example.com/c": false} {
		if got := IsClientMetadataDocumentID(id); got != want {
			t.Errorf("%q: got %v", id, got)
		}
	}
	got := RegistrationPaths(Metadata{ClientIDMetadataDocumentSupported: true, RegistrationEndpoint: "https://as/reg"})
	if !slices.Equal(got, []RegistrationPath{PathCIMD, PathRFC7591, PathPreRegistered}) {
		t.Errorf("paths: %v", got)
	}
	if got := RegistrationPaths(Metadata{}); !slices.Equal(got, []RegistrationPath{PathPreRegistered}) {
		t.Errorf("no metadata: %v", got)
	}
	if RegistrationPathOf("https://app.example.com/c.json", false) != PathCIMD ||
		RegistrationPathOf("abc", true) != PathRFC7591 || RegistrationPathOf("abc", false) != PathPreRegistered {
		t.Error("RegistrationPathOf")
	}
}
