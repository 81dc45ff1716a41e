package domain

import (
	"fmt"
	"testing"
)

// owners builds n companies with both slots full and distinct credentials, as a large firm
// would have: the environment rule compares a save against all of them.
func owners(n int) []SlotOwner {
	out := make([]SlotOwner, n)
	for i := range out {
		out[i] = SlotOwner{CompanyID: fmt.Sprintf("id-%d", i), CompanyCode: fmt.Sprintf("C%d", i), Setup: Setup{
			Enabled: true, Sandbox: fullSlot(fmt.Sprintf("s%d", i)), Production: fullSlot(fmt.Sprintf("p%d", i))}}
	}
	return out
}

func BenchmarkCheckEnvironmentRule(b *testing.B) {
	for _, n := range []int{10, 1000} {
		others := owners(n)
		s := Setup{Sandbox: fullSlot("new-s"), Production: fullSlot("new-p")}
		b.Run(fmt.Sprintf("companies=%d", n), func(b *testing.B) {
			for b.Loop() {
				if len(CheckEnvironmentRule("me", "ME", s, others)) != 0 {
					b.Fatal("unexpected conflict")
				}
				_ = SharedLoginWarnings("me", s, others)
			}
		})
	}
}

func BenchmarkNormalizeSetup(b *testing.B) {
	s := Setup{Tag: " t ", Sandbox: fullSlot(" s"), Production: fullSlot("p ")}
	for b.Loop() {
		_, _, _ = NormalizeSetup(s)
	}
}

func BenchmarkValidSIRET(b *testing.B) {
	for b.Loop() {
		_ = ValidSIRET("73282932000074")
	}
}
