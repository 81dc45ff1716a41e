// Package apispec validates HTTP exchanges against the API descriptions kept in
// internal/fixtures/swagger: the official Factures and Structures Swagger 2.0 files, and a
// hand-written, clearly unofficial OpenAPI 3 fragment for the Transverses and Utilisateurs
// calls and the PISTE token endpoint. Tests only (the client's and the emulator's): it checks
// every request the client sends and every answer the emulator gives with getkin/kin-openapi.
//
// Validation is strict where the files are silent: an object may not carry a property its
// schema does not declare. The few documented deviations of the real service from the
// official files are declared in Deviations, each with its source.
package apispec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"chorusdesk/chorusapi"
)

// Files of the testdata folder.
const (
	FileFactures   = "factures.json"
	FileStructures = "structures.json"
	FileUnofficial = "unofficial-transverses-utilisateurs.json"
)

// Deviation is a documented difference between the real service and the official files.
type Deviation struct {
	What, Source string
}

// Deviations lists what the validator accepts beyond the official files.
var Deviations = []Deviation{
	{"dates typed date-time may be \"YYYY-MM-DD\" or \"YYYY-MM-DD HH:MM\" (dateDepot, dateFacture, …)",
		"Tryton modules/account_fr_chorus/account.py parses dateDepot with '%Y-%m-%d'; official community search examples show \"2015-07-22\""},
	{"a service carries dateDbtService and dateFinService (\"2016-10-25 17:42\")",
		"OCA l10n_fr_chorus_account: sample answer of rechercher/services quoted in the code; go-choruspro parses them"},
}

// formatChorusDateTime is the format the validator gives every date-time: any form
// chorusapi.ParseTime reads.
const formatChorusDateTime = "chorus-date-time"

var defineFormats = sync.OnceFunc(func() {
	openapi3.DefineStringFormatValidator(formatChorusDateTime, chorusTime{})
})

type chorusTime struct{}

func (chorusTime) Validate(v string) error {
	if _, ok := chorusapi.ParseTime(v); !ok {
		return fmt.Errorf("%q is not a date or date-time Chorus Pro sends", v)
	}
	return nil
}

// Spec holds the operations of every file, by method and full path.
type Spec struct {
	ops map[string]operation
}

type operation struct {
	file      string
	official  bool
	doc       *openapi3.T
	path      string // the path as the document names it
	item      *openapi3.PathItem
	operation *openapi3.Operation
}

// Load reads the three files of dir (internal/fixtures/swagger).
func Load(dir string) (*Spec, error) {
	defineFormats()
	s := &Spec{ops: map[string]operation{}}
	for _, f := range []string{FileFactures, FileStructures} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		var d2 openapi2.T
		if err := json.Unmarshal(b, &d2); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		d3, err := openapi2conv.ToV3(&d2)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if err := s.add(f, true, d3, strings.TrimRight(d2.BasePath, "/")); err != nil {
			return nil, err
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, FileUnofficial))
	if err != nil {
		return nil, err
	}
	d3, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", FileUnofficial, err)
	}
	if err := s.add(FileUnofficial, false, d3, ""); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Spec) add(file string, official bool, doc *openapi3.T, base string) error {
	doc.Servers = openapi3.Servers{{URL: "/"}}
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	// Every Chorus Pro call is authorised by the PISTE bearer token, whatever the official
	// files name their OAuth flows.
	doc.Components.SecuritySchemes = openapi3.SecuritySchemes{
		"bearer": &openapi3.SecuritySchemeRef{Value: openapi3.NewJWTSecurityScheme()}}
	bearer := openapi3.SecurityRequirements{{"bearer": {}}}
	if official {
		doc.Security = bearer
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Security != nil && len(*op.Security) > 0 {
				op.Security = &bearer
			}
		}
	}
	tighten(doc)
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(), openapi3.DisableSchemaPatternValidation()); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			s.ops[method+" "+base+p] = operation{file: file, official: official, doc: doc, path: p, item: item, operation: op}
		}
	}
	return nil
}

// tighten makes every object schema refuse undeclared properties, gives date-times the
// tolerant format, and adds the documented extra properties (see Deviations).
func tighten(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if s.Format == "date-time" || s.Format == "date" {
			s.Format = formatChorusDateTime
		}
		if len(s.Properties) > 0 {
			if _, ok := s.Properties["codeService"]; ok {
				for _, extra := range []string{"dateDbtService", "dateFinService"} {
					if _, has := s.Properties[extra]; !has {
						s.Properties[extra] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
					}
				}
			}
			no := false
			if s.AdditionalProperties.Schema == nil && s.AdditionalProperties.Has == nil {
				s.AdditionalProperties.Has = &no
			}
		}
		for _, p := range s.Properties {
			walk(p.Value)
		}
		if s.Items != nil {
			walk(s.Items.Value)
		}
		for _, l := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, x := range l {
				walk(x.Value)
			}
		}
	}
	for _, sr := range doc.Components.Schemas {
		walk(sr.Value)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema.Value)
				}
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					for _, mt := range r.Value.Content {
						if mt.Schema != nil {
							walk(mt.Schema.Value)
						}
					}
				}
			}
		}
	}
}

// Has reports whether an operation is described, and whether officially.
func (s *Spec) Has(method, path string) (found, official bool) {
	op, ok := s.ops[method+" "+path]
	return ok, op.official
}

// Operations lists "METHOD /path (file)" for every described operation.
func (s *Spec) Operations() []string {
	var out []string
	for k, op := range s.ops {
		out = append(out, k+" ("+op.file+")")
	}
	sort.Strings(out)
	return out
}

func (s *Spec) route(r *http.Request) (*routers.Route, error) {
	op, ok := s.ops[r.Method+" "+r.URL.Path]
	if !ok {
		return nil, fmt.Errorf("%s %s is in none of the API files", r.Method, r.URL.Path)
	}
	return &routers.Route{Spec: op.doc, Path: op.path, PathItem: op.item, Method: r.Method, Operation: op.operation}, nil
}

func options() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: false,
		AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
			tok, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
			if !ok || strings.TrimSpace(tok) == "" {
				return errors.New("no Bearer token")
			}
			return nil
		},
	}
}

// ValidateRequest checks a request (its body given apart, the request's own being consumed).
func (s *Spec) ValidateRequest(r *http.Request, body []byte) error {
	route, err := s.route(r)
	if err != nil {
		return err
	}
	rc := r.Clone(context.Background())
	rc.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: rc, Route: route, Options: options()}
	return openapi3filter.ValidateRequest(context.Background(), in)
}

// ValidateResponse checks an answer to r.
func (s *Spec) ValidateResponse(r *http.Request, reqBody []byte, status int, h http.Header, body []byte) error {
	route, err := s.route(r)
	if err != nil {
		return err
	}
	rc := r.Clone(context.Background())
	rc.Body = io.NopCloser(bytes.NewReader(reqBody))
	opts := options()
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: rc, Route: route, Options: opts},
		Status:                 status, Header: h, Options: opts,
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// Exchange is one recorded request and its answer.
type Exchange struct {
	Request  *http.Request
	ReqBody  []byte
	Status   int
	Header   http.Header
	RespBody []byte
}

// Recorder is an http.RoundTripper that keeps every exchange it carries.
type Recorder struct {
	Next http.RoundTripper
	mu   sync.Mutex
	log  []Exchange
}

// RoundTrip records the request and the answer (both bodies read and restored).
func (rec *Recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	var reqBody []byte
	if r.Body != nil {
		reqBody, _ = io.ReadAll(r.Body)
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	next := rec.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr == nil {
		rec.mu.Lock()
		rec.log = append(rec.log, Exchange{Request: r, ReqBody: reqBody, Status: resp.StatusCode, Header: resp.Header.Clone(), RespBody: body})
		rec.mu.Unlock()
	}
	return resp, err
}

// Exchanges returns what was recorded so far.
func (rec *Recorder) Exchanges() []Exchange {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Exchange(nil), rec.log...)
}
