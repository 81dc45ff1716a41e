package core

import (
	"errors"
	"strings"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

func TestMoveSetup(t *testing.T) {
	full := func(tag string) domain.Setup {
		return domain.Setup{Enabled: true, Tag: "T" + tag, Sandbox: creds(tag + "-sb"), Production: creds(tag + "-prod")}
	}
	tests := []struct {
		name      string
		from, to  string // codes; "*****" is the default company
		toHasData bool
		overwrite bool
		wantErr   error // nil = moved
	}{
		{"to an empty company", "A", "B", false, false, nil},
		{"from the default company", "*****", "B", false, false, nil},
		{"to the default company", "A", "*****", false, false, nil},
		{"destination has data", "A", "B", true, false, ErrDestinationHasData},
		{"destination has data, confirmed", "A", "B", true, true, nil},
		{"same company", "A", "A", false, true, errSame},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openService(t)
			mustAdd(t, s, "A")
			mustAdd(t, s, "B")
			from, _ := s.Company(tc.from)
			to, _ := s.Company(tc.to)
			if _, err := s.SaveSetup(from.ID, full("src")); err != nil {
				t.Fatal(err)
			}
			if tc.toHasData {
				if _, err := s.SaveSetup(to.ID, domain.Setup{Tag: "OLD"}); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range []string{from.ID, to.ID} {
				if err := s.SaveTestResult(id, domain.TestResult{Env: domain.Sandbox, OK: true}); err != nil {
					t.Fatal(err)
				}
			}
			srcBefore, _ := s.Setup(from.ID)
			dstBefore, _ := s.Setup(to.ID)
			err := s.MoveSetup(from.ID, to.ID, tc.overwrite)
			if tc.wantErr != nil {
				if tc.wantErr == errSame {
					if err == nil || !strings.Contains(err.Error(), "same company") {
						t.Fatalf("err = %v, want the same-company refusal", err)
					}
				} else if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				src, _ := s.Setup(from.ID)
				dst, _ := s.Setup(to.ID)
				if src != srcBefore || dst != dstBefore {
					t.Fatal("a refused move changed a setup")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			src, err := s.Setup(from.ID)
			if err != nil || src.HasData() {
				t.Fatalf("source not left empty and disabled: %v", err)
			}
			dst, err := s.Setup(to.ID)
			if err != nil || dst != full("src") {
				t.Fatalf("destination does not hold the moved setup: %v", err)
			}
			for _, id := range []string{from.ID, to.ID} {
				if _, ok, _ := s.LastTestResult(id, domain.Sandbox); ok {
					t.Fatal("stale test result kept after a move")
				}
			}
			e := lastAudit(t, s)
			if e.Action != ActionMove || !strings.Contains(e.Detail, from.Code) || !strings.Contains(e.Detail, to.Code) {
				t.Fatalf("audit %+v", e)
			}
			// The moved secrets are sealed for the destination: a save elsewhere still sees them.
			if _, err := s.SaveSetup(from.ID, domain.Setup{Production: creds("src-sb")}); err == nil {
				t.Fatal("env rule does not see the moved setup")
			}
		})
	}
}

var errSame = errors.New("same")

func TestMoveSetupRefusals(t *testing.T) {
	s := openService(t)
	a, b := mustAdd(t, s, "A"), mustAdd(t, s, "B")
	if err := s.MoveSetup(a.ID, b.ID, false); err == nil || !strings.Contains(err.Error(), "no setup") {
		t.Fatalf("moving an empty setup: %v", err)
	}
	if err := s.MoveSetup(a.ID, "0123456789abcdef", true); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown destination: %v", err)
	}
	s.Lock()
	if err := s.MoveSetup(a.ID, b.ID, true); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
}

// A move that fails half-way (here: the last sealed field of the source does not open, after
// seven others did) changes nothing at all.
func TestMoveSetupFailureChangesNothing(t *testing.T) {
	s := openService(t)
	a, b, c := mustAdd(t, s, "A"), mustAdd(t, s, "B"), mustAdd(t, s, "C")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: creds("a"), Production: creds("a-p")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSetup(c.ID, domain.Setup{Production: creds("c-p")}); err != nil {
		t.Fatal(err)
	}
	// Replace A's production password by C's (a valid sealed value, for another record).
	err := s.kv.Update(func(txn storage.Tx) error {
		ra, err := readSetupRecord(txn, a.ID)
		if err != nil {
			return err
		}
		rc, err := readSetupRecord(txn, c.ID)
		if err != nil {
			return err
		}
		name := sealedName(domain.Production, domain.FieldPassword)
		ra.Sealed[name] = rc.Sealed[name]
		return writeSetupRecord(txn, a.ID, ra)
	})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s)
	err = s.MoveSetup(a.ID, b.ID, true)
	var ue *UnreadableSetupError
	if !errors.As(err, &ue) || ue.Company != "A" {
		t.Fatalf("move of a damaged setup: %v", err)
	}
	if !sameSnapshot(before, snapshot(t, s)) {
		t.Fatal("a failed move changed the database")
	}
}
