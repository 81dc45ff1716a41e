package chorusapi

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"chorusdesk/internal/fixtures"
)

// swaggerDoc is the part of a Swagger 2.0 file the fidelity check needs.
type swaggerDoc struct {
	Paths       map[string]map[string]swaggerOp `json:"paths"`
	Definitions map[string]swaggerSchema        `json:"definitions"`
}

type swaggerOp struct {
	Parameters []struct {
		In     string        `json:"in"`
		Schema swaggerSchema `json:"schema"`
	} `json:"parameters"`
	Responses map[string]struct {
		Schema swaggerSchema `json:"schema"`
	} `json:"responses"`
}

type swaggerSchema struct {
	Ref        string                   `json:"$ref"`
	Type       string                   `json:"type"`
	Properties map[string]swaggerSchema `json:"properties"`
	Items      *swaggerSchema           `json:"items"`
}

// loadSwagger reads the official swagger file kept with the repository's fixtures.
func loadSwagger(t *testing.T, name string) swaggerDoc {
	t.Helper()
	path := fixtures.Swagger(name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("swagger %s: %v", name, err)
	}
	var doc swaggerDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

func (d swaggerDoc) resolve(s swaggerSchema) swaggerSchema {
	for s.Ref != "" {
		s = d.Definitions[strings.TrimPrefix(s.Ref, "#/definitions/")]
	}
	return s
}

var (
	flexInt64Type  = reflect.TypeFor[FlexInt64]()
	flexStringType = reflect.TypeFor[FlexString]()
	flexBoolType   = reflect.TypeFor[FlexBool]()
)

// swaggerType is the Swagger basic type a Go field stands for.
func swaggerType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == flexInt64Type:
		return "integer"
	case t == flexStringType:
		return "string"
	case t == flexBoolType:
		return "boolean"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array"
	case reflect.Struct:
		return "object"
	}
	return t.Kind().String()
}

// checkFields verifies every JSON field of Go type t exists in schema s with the same basic
// type, recursing into nested objects and arrays of objects.
func checkFields(t *testing.T, doc swaggerDoc, where string, typ reflect.Type, s swaggerSchema) {
	t.Helper()
	s = doc.resolve(s)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ.Kind() == reflect.Struct && len(s.Properties) == 0 {
		t.Errorf("%s: swagger schema has no properties", where)
		return
	}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		prop, ok := s.Properties[name]
		if !ok {
			t.Errorf("%s.%s: not in the official Swagger", where, name)
			continue
		}
		prop = doc.resolve(prop)
		want := prop.Type
		if want == "" && len(prop.Properties) > 0 {
			want = "object"
		}
		got := swaggerType(f.Type)
		if got != want {
			t.Errorf("%s.%s: Go %s is %q, Swagger says %q", where, name, f.Type, got, want)
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case got == "object":
			checkFields(t, doc, where+"."+name, ft, prop)
		case got == "array" && prop.Items != nil && swaggerType(ft.Elem()) == "object":
			checkFields(t, doc, where+"."+name+"[]", ft.Elem(), *prop.Items)
		case got == "array" && prop.Items != nil:
			if it := doc.resolve(*prop.Items); it.Type != swaggerType(ft.Elem()) {
				t.Errorf("%s.%s[]: Go %s, Swagger %q", where, name, ft.Elem(), it.Type)
			}
		}
	}
}

// TestSwaggerFidelity checks the request and response bodies of the Factures and Structures
// operations the client uses against the official Swagger (names and basic types).
func TestSwaggerFidelity(t *testing.T) {
	cases := []struct {
		file, apiPrefix, path string
		req, resp             any
	}{
		{"factures.json", "/cpro/factures", PathDeposerFlux, deposerFluxBody{}, DeposerFluxResponse{}},
		{"factures.json", "/cpro/factures", PathRechercherFourn, rechercherFournisseurRequest{}, rechercherFournisseurResponse{}},
		{"factures.json", "/cpro/factures", PathConsulterHisto, consulterHistoriqueRequest{}, Historique{}},
		{"structures.json", "/cpro/structures", PathRechercherStruct, rechercherStructureRequest{}, rechercherStructureResponse{}},
		{"structures.json", "/cpro/structures", PathConsulterStruct, consulterStructureRequest{}, StructureDetail{}},
		{"structures.json", "/cpro/structures", PathRechercherSvc, rechercherServicesRequest{}, rechercherServicesResponse{}},
	}
	docs := map[string]swaggerDoc{}
	for _, tc := range cases {
		t.Run(strings.TrimPrefix(tc.path, "/cpro/"), func(t *testing.T) {
			doc, ok := docs[tc.file]
			if !ok {
				doc = loadSwagger(t, tc.file)
				docs[tc.file] = doc
			}
			op, ok := doc.Paths[strings.TrimPrefix(tc.path, tc.apiPrefix)]["post"]
			if !ok {
				t.Fatalf("%s: no POST operation in %s", tc.path, tc.file)
			}
			var body *swaggerSchema
			for _, p := range op.Parameters {
				if p.In == "body" {
					body = &p.Schema
				}
			}
			if body == nil {
				t.Fatalf("%s: no body parameter", tc.path)
			}
			checkFields(t, doc, "request", reflect.TypeOf(tc.req), *body)
			checkFields(t, doc, "response", reflect.TypeOf(tc.resp), op.Responses["200"].Schema)
		})
	}
}

// TestFidelityCheckerCatchesMistakes proves the checker fails on a wrong name and a wrong type.
func TestFidelityCheckerCatchesMistakes(t *testing.T) {
	doc := loadSwagger(t, "factures.json")
	schema := swaggerSchema{Ref: "#/definitions/DeposerFluxFactureParam"}
	for _, bad := range []any{
		struct {
			X string `json:"fichierFluxx"`
		}{},
		struct {
			X int64 `json:"nomFichier"`
		}{},
	} {
		inner := &testing.T{}
		checkFields(inner, doc, "bad", reflect.TypeOf(bad), schema)
		if !inner.Failed() {
			t.Errorf("checker accepted %T", bad)
		}
	}
}
