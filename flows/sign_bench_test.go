package flows

import "testing"

// BenchmarkSignAssertion signs a client assertion with each algorithm
// (private_key_jwt), and HS256 (client_secret_jwt).
func BenchmarkSignAssertion(b *testing.B) {
	claims := AssertionClaims{Issuer: "client", Subject: "client", Audience: "https://as.example/token"}
	for _, alg := range SigningAlgs {
		key, _, err := GenerateSigningKey(alg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(alg, func(b *testing.B) {
			for b.Loop() {
				if _, err := SignAssertion(key, claims); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("HS256", func(b *testing.B) {
		for b.Loop() {
			if _, err := SignSecretAssertion("a-client-secret-of-32-bytes-long", claims); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDPoPProof signs an API call's DPoP proof (with ath) with each
// algorithm.
func BenchmarkDPoPProof(b *testing.B) {
	for _, alg := range SigningAlgs {
		d, err := NewDPoP(alg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(alg, func(b *testing.B) {
			for b.Loop() {
				if _, err := d.Proof("GET", "https://api.example/me?x=1", "nonce", "access-token"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
