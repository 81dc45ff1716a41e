package domain

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestResolveEveryCombination walks the full space of the resolution rule: own enabled/disabled ×
// own slot empty/full × default enabled/disabled × default slot empty/full × environment × company
// is the default itself, and checks each outcome against the rule written out here.
func TestResolveEveryCombination(t *testing.T) {
	bools := []bool{false, true}
	cases := 0
	for _, isDefault := range bools {
		for _, env := range Envs {
			for _, ownOn := range bools {
				for _, ownFull := range bools {
					for _, defOn := range bools {
						for _, defFull := range bools {
							c := Company{ID: "id-acme", Code: "ACME", Name: "Acme"}
							if isDefault {
								c = Company{ID: "id-d", Code: DefaultCode, Name: "Default"}
							}
							own := setupWith(ownOn, ownFull, env, "own")
							def := setupWith(defOn, defFull, env, "def")
							if isDefault {
								def = own // the caller passes the same setup twice
							}
							name := fmt.Sprintf("default=%v/env=%s/own=%v,%v/def=%v,%v", isDefault, env, ownOn, ownFull, defOn, defFull)
							t.Run(name, func(t *testing.T) {
								checkResolution(t, c, env, own, def, Resolve(c, env, own, def))
							})
							cases++
						}
					}
				}
			}
		}
	}
	if cases != 64 {
		t.Fatalf("%d combinations, want 64", cases)
	}
}

// setupWith builds a setup whose slot for env is full or empty; the other environment's slot
// is always full so that a resolution that looks at the wrong slot is caught.
func setupWith(enabled, full bool, env Env, prefix string) Setup {
	s := Setup{Enabled: enabled}
	s.SetSlot(env.Other(), fullSlot(prefix+"-other"))
	if full {
		s.SetSlot(env, fullSlot(prefix))
	}
	return s
}

func checkResolution(t *testing.T, c Company, env Env, own, def Setup, r Resolution) {
	t.Helper()
	if r.Company != c.Code || r.Env != env {
		t.Fatalf("company/env = %s/%s", r.Company, r.Env)
	}
	ownFull := !own.Slot(env).IsEmpty()
	defFull := !def.Slot(env).IsEmpty()
	var wantSource Source
	var wantTransfer bool
	var wantReason string
	envWord := string(env)
	switch {
	case own.Enabled: // rule 1
		wantSource, wantTransfer = SourceSpecific, ownFull
		if ownFull {
			wantReason = c.Code + "'s setup is enabled and has " + envWord + " credentials"
		} else {
			wantReason = c.Code + "'s setup is enabled but has no " + envWord + " credentials"
		}
	case !c.IsDefault() && def.Enabled: // rule 2
		wantSource, wantTransfer = SourceDefault, defFull
		if defFull {
			wantReason = c.Code + "'s setup is not enabled; the ***** setup is used"
		} else {
			wantReason = c.Code + "'s setup is not enabled and the ***** setup is enabled but has no " + envWord + " credentials"
		}
	default: // rule 3
		wantSource = SourceNone
		if c.IsDefault() {
			wantReason = "the ***** setup is not enabled"
		} else {
			wantReason = "no enabled setup for " + c.Code + " nor for *****"
		}
	}
	if r.Source != wantSource || r.Transfer != wantTransfer || r.Reason != wantReason {
		t.Fatalf("got %s transfer=%v %q; want %s transfer=%v %q", r.Source, r.Transfer, r.Reason, wantSource, wantTransfer, wantReason)
	}
	wantWarning := wantSource == SourceDefault
	if (r.Warning != "") != wantWarning || (wantWarning && !strings.Contains(r.Warning, "***** should not be used")) {
		t.Fatalf("warning %q, want present=%v", r.Warning, wantWarning)
	}
	switch wantSource {
	case SourceSpecific:
		if r.SetupFrom != c.Code {
			t.Fatalf("SetupFrom %q", r.SetupFrom)
		}
	case SourceDefault:
		if r.SetupFrom != DefaultCode {
			t.Fatalf("SetupFrom %q", r.SetupFrom)
		}
	case SourceNone:
		if r.SetupFrom != "" || r.Transfer {
			t.Fatalf("none with SetupFrom %q transfer %v", r.SetupFrom, r.Transfer)
		}
	}
	// The reason and warning are translatable and survive a JSON round trip.
	requireCatalog(t, r.ReasonError())
	if r.ReasonError().Error() != r.Reason {
		t.Fatalf("ReasonError %q != Reason %q", r.ReasonError().Error(), r.Reason)
	}
	if w := r.WarningError(); (w != nil) != wantWarning {
		t.Fatalf("WarningError %v", w)
	} else if w != nil {
		requireCatalog(t, w)
	}
	var back Resolution
	b, _ := json.Marshal(r)
	if err := json.Unmarshal(b, &back); err != nil || back != r {
		t.Fatalf("JSON round trip: %v %+v", err, back)
	}
	if fr := r.ReasonError().Localize("fr"); fr == r.Reason {
		t.Fatalf("no French reason: %q", fr)
	}
}

func TestResolveReasonWording(t *testing.T) {
	// The two reasons of the rule, word for word (docs/rules.md, Which setup applies).
	c := Company{Code: "ACME"}
	r := Resolve(c, Production, Setup{Enabled: true, Sandbox: fullSlot("s")}, Setup{})
	if r.Reason != "ACME's setup is enabled but has no production credentials" || r.Transfer {
		t.Fatalf("rule 1 empty slot: %+v", r)
	}
	r = Resolve(c, Sandbox, Setup{}, Setup{})
	if r.Reason != "no enabled setup for ACME nor for *****" || r.Source != SourceNone {
		t.Fatalf("rule 3: %+v", r)
	}
}

func BenchmarkResolve(b *testing.B) {
	c := Company{Code: "ACME"}
	own, def := Setup{}, Setup{Enabled: true, Sandbox: fullSlot("d")}
	for b.Loop() {
		_ = Resolve(c, Sandbox, own, def)
	}
}
