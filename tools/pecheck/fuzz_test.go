package main

import (
	"bytes"
	"testing"
)

// FuzzInspect feeds arbitrary files to the checker: it must answer or refuse, never panic or
// run away (the resource walk is bounded).
func FuzzInspect(f *testing.F) {
	good := goodPE().bytes()
	f.Add(good)
	f.Add(good[:0x180])
	noRes := goodPE()
	noRes.res = nil
	f.Add(noRes.bytes())
	f.Add([]byte("MZ"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := Inspect(bytes.NewReader(b))
		if err == nil {
			_ = rep.Problems(wantGUI)
		}
	})
}

// FuzzParseManifest: the manifest reader on its own.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(goodManifest))
	f.Add([]byte("\xef\xbb\xbf<assembly/>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseManifest(b)
		if err == nil {
			_ = m.problems()
		}
	})
}

// FuzzParseVersionInfo checks the VS_VERSIONINFO reader on its own, where mutations reach the
// nested blocks more often than through a whole PE file.
func FuzzParseVersionInfo(f *testing.F) {
	f.Add(versionResource(want010, "0.1.0.1"))
	f.Add(versionResource([4]uint16{1, 2, 3, 4}, ""))
	f.Add([]byte{6, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		vi, err := parseVersionInfo(b)
		if err == nil && len(b) < 6+2*len("VS_VERSION_INFO")+52 {
			t.Fatalf("accepted %d bytes as a version resource: %+v", len(b), vi)
		}
	})
}
