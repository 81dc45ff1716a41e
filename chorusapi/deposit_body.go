package chorusapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
)

// encodedBody is a request body already encoded as JSON (do sends it as is).
type encodedBody []byte

// depositBody encodes the deposerFlux request (deposerFluxBody's fields) in one buffer of
// its final size: the file's base64 is written once, chunk by chunk when it comes from
// in.Open, instead of a base64 string plus json.Marshal's growing buffer plus its copy (for a
// 10 MB invoice: about 13 MB held instead of some 50).
func depositBody(in DeposerFluxRequest) (encodedBody, error) {
	name, err := json.Marshal(in.NomFichier)
	if err != nil {
		return nil, err
	}
	syntax, err := json.Marshal(in.SyntaxeFlux)
	if err != nil {
		return nil, err
	}
	size := int64(len(in.FichierFlux))
	if in.Open != nil {
		size = in.Size
	}
	const head, mid, tail = `{"fichierFlux":"`, `","nomFichier":`, `,"avecSignature":false}`
	b := make([]byte, 0, len(head)+base64.StdEncoding.EncodedLen(int(size))+len(mid)+len(name)+len(`,"syntaxeFlux":`)+len(syntax)+len(tail))
	b = append(b, head...)
	if in.Open == nil {
		b = base64.StdEncoding.AppendEncode(b, in.FichierFlux)
	} else {
		if b, err = appendEncoded(b, in.Open, size); err != nil {
			return nil, err
		}
	}
	b = append(b, mid...)
	b = append(b, name...)
	b = append(b, `,"syntaxeFlux":`...)
	b = append(b, syntax...)
	b = append(b, tail...)
	return b, nil
}

// appendEncoded appends the base64 of the size bytes open gives; chunks are a multiple of 3
// bytes, so their encodings join without padding in between.
func appendEncoded(b []byte, open func() (io.ReadCloser, error), size int64) ([]byte, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	chunk := make([]byte, 48<<10)
	var read int64
	for {
		n, err := io.ReadFull(r, chunk)
		if n > 0 {
			b = base64.StdEncoding.AppendEncode(b, chunk[:n])
			read += int64(n)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if read != size {
		return nil, fmt.Errorf("chorusapi: the file to deposit has %d bytes, not %d", read, size)
	}
	return b, nil
}
