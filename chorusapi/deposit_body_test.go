package chorusapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"testing"
)

// The hand-built deposit body is the JSON the Swagger's DeposerFluxFactureParam describes,
// byte for byte what json.Marshal of deposerFluxBody gives, whether the file comes as bytes
// or from a reader; a reader's error (a damaged stored copy) stops it before anything is sent.
func TestDepositBody(t *testing.T) {
	for _, size := range []int{0, 1, 2, 3, 4, 48<<10 - 1, 48 << 10, 48<<10 + 1, 200_003} {
		file := bytes.Repeat([]byte{0xC3, 'a', '"'}, size/3+1)[:size]
		in := DeposerFluxRequest{FichierFlux: file, NomFichier: `T_"FA/1"é.xml`, SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"}
		want, _ := json.Marshal(deposerFluxBody{FichierFlux: b64(file), NomFichier: in.NomFichier, SyntaxeFlux: in.SyntaxeFlux})
		got, err := depositBody(in)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("size %d from bytes: %v\n%s\n%s", size, err, got, want)
		}
		streamed := DeposerFluxRequest{NomFichier: in.NomFichier, SyntaxeFlux: in.SyntaxeFlux, Size: int64(size),
			Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(file)), nil }}
		if got, err = depositBody(streamed); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("size %d from a reader: %v", size, err)
		}
	}
	damaged := errors.New("damaged")
	_, err := depositBody(DeposerFluxRequest{Size: 10, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.MultiReader(bytes.NewReader([]byte("12345")), errReader{damaged})), nil
	}})
	if !errors.Is(err, damaged) {
		t.Errorf("reader error: %v", err)
	}
	if _, err := depositBody(DeposerFluxRequest{Size: 10, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader([]byte("12345"))), nil
	}}); err == nil {
		t.Error("a short file was accepted")
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
