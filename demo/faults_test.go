package demo

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestSetFaults(t *testing.T) {
	s := New(Config{Faults: []string{"slow"}})
	if got := s.Faults(); !slices.Equal(got, []string{"slow"}) {
		t.Fatalf("Faults() = %v, want [slow]", got)
	}
	if err := s.SetFaults("wrong-secret,rate-limit", "html-error"); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Faults(), []string{"html-error", "rate-limit", "wrong-secret"}; !slices.Equal(got, want) {
		t.Errorf("Faults() = %v, want %v", got, want)
	}
	err := s.SetFaults("wrong-secret", "no-such-fault")
	if err == nil || !strings.Contains(err.Error(), "no-such-fault") {
		t.Fatalf("SetFaults with an unknown name: got %v, want an error naming it", err)
	}
	if len(s.Faults()) != 3 {
		t.Errorf("a failed SetFaults changed the faults to %v", s.Faults())
	}
}

func TestToggleFault(t *testing.T) {
	s := New(Config{})
	for _, want := range []bool{true, false} {
		on, err := s.ToggleFault("rate-limit")
		if err != nil || on != want {
			t.Fatalf("ToggleFault: got %v, %v; want %v", on, err, want)
		}
	}
	if _, err := s.ToggleFault("nope"); err == nil {
		t.Error("ToggleFault accepted an unknown fault")
	}
}

func TestStart_RejectsUnknownFaults(t *testing.T) {
	if s, err := Start("127.0.0.1:0", Config{Faults: []string{"nope"}}); err == nil {
		s.Close()
		t.Fatal("Start accepted an unknown fault")
	}
}

func TestFaults_SwitchWhileRunning(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	post := func() int {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/token", strings.NewReader("grant_type=client_credentials"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(ClientID, ClientSecret)
		return do(t, req).status
	}
	if got := post(); got != http.StatusOK {
		t.Fatalf("no fault: got %d, want 200", got)
	}
	_ = s.SetFaults("rate-limit")
	if got := post(); got != http.StatusTooManyRequests {
		t.Fatalf("rate-limit: got %d, want 429", got)
	}
	_ = s.SetFaults()
	if got := post(); got != http.StatusOK {
		t.Fatalf("faults cleared: got %d, want 200", got)
	}
}

func TestFaults_ConcurrentToggles(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); _, _ = s.ToggleFault("clock-skew"); _ = s.Faults() }()
		go func() { defer wg.Done(); get(t, ts.URL+"/.well-known/openid-configuration", "") }()
	}
	wg.Wait()
}

func TestFaults_DescribedOnce(t *testing.T) {
	seen := map[Fault]bool{}
	for _, f := range Faults {
		if seen[f.Name] || f.Description == "" || strings.Contains(f.Description, "\n") {
			t.Errorf("fault %q: duplicate or bad description %q", f.Name, f.Description)
		}
		seen[f.Name] = true
	}
}
