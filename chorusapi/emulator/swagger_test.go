package emulator

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"chorusdesk/internal/fixtures"
)

type swaggerSchema struct {
	Ref        string                    `json:"$ref"`
	Type       string                    `json:"type"`
	Format     string                    `json:"format"`
	Enum       []string                  `json:"enum"`
	Items      *swaggerSchema            `json:"items"`
	Properties map[string]*swaggerSchema `json:"properties"`
}

type swaggerDoc struct {
	BasePath string `json:"basePath"`
	Paths    map[string]map[string]struct {
		Responses map[string]struct {
			Schema *swaggerSchema `json:"schema"`
		} `json:"responses"`
	} `json:"paths"`
	Definitions map[string]*swaggerSchema `json:"definitions"`
}

// extraFields are answer fields that the official Swagger lacks but the real service sends
// (dates of a service: sample production answer quoted in the OCA client).
var extraFields = []string{"dateDbtService", "dateFinService"}

func (d *swaggerDoc) resolve(s *swaggerSchema) *swaggerSchema {
	for s != nil && s.Ref != "" {
		s = d.Definitions[strings.TrimPrefix(s.Ref, "#/definitions/")]
	}
	return s
}

// conform reports every field of v that the schema does not declare or types differently.
func (d *swaggerDoc) conform(where string, v any, s *swaggerSchema) []string {
	s = d.resolve(s)
	if s == nil {
		return []string{where + ": no schema"}
	}
	var bad []string
	switch x := v.(type) {
	case map[string]any:
		if s.Type != "" && s.Type != "object" {
			return []string{fmt.Sprintf("%s: object, schema says %s", where, s.Type)}
		}
		for k, fv := range x {
			ps, ok := s.Properties[k]
			if !ok {
				if !slices.Contains(extraFields, k) {
					bad = append(bad, where+"."+k+": not in the Swagger")
				}
				continue
			}
			bad = append(bad, d.conform(where+"."+k, fv, ps)...)
		}
	case []any:
		if s.Type != "array" {
			return []string{fmt.Sprintf("%s: array, schema says %s", where, s.Type)}
		}
		for i, item := range x {
			bad = append(bad, d.conform(fmt.Sprintf("%s[%d]", where, i), item, s.Items)...)
		}
	case string:
		if s.Type != "string" {
			bad = append(bad, fmt.Sprintf("%s: string, schema says %s", where, s.Type))
		} else if len(s.Enum) > 0 && !slices.Contains(s.Enum, x) {
			bad = append(bad, fmt.Sprintf("%s: %q not in the enum", where, x))
		}
	case float64:
		if s.Type == "integer" && x != math.Trunc(x) || s.Type != "integer" && s.Type != "number" {
			bad = append(bad, fmt.Sprintf("%s: number %v, schema says %s", where, x, s.Type))
		}
	case bool:
		if s.Type != "boolean" {
			bad = append(bad, fmt.Sprintf("%s: boolean, schema says %s", where, s.Type))
		}
	}
	return bad
}

func loadSwagger(t *testing.T, name string) *swaggerDoc {
	b, err := os.ReadFile(fixtures.Swagger(name))
	if err != nil {
		t.Fatal(err)
	}
	var d swaggerDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// TestAnswersMatchSwagger checks the field names and JSON types of every answer the emulator
// gives on operations covered by the official Swagger files.
func TestAnswersMatchSwagger(t *testing.T) {
	docs := map[string]*swaggerDoc{"factures": loadSwagger(t, "factures.json"), "structures": loadSwagger(t, "structures.json")}
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	numero := c.deposit("f.xml", "IN_DP_E1_UBL_INVOICE", testdataFile(t, "FA-2026-0001_UBL.xml"))
	c.waitFlux(numero)
	id := c.invoicesOf(numero)[0].(map[string]any)["identifiantFactureCPP"]
	if err := e.SetInvoiceStatus(int64(id.(float64)), "SUSPENDUE", "piece manquante"); err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		path string
		body map[string]any
	}{
		{"/cpro/factures/v1/deposer/flux", map[string]any{"fichierFlux": b64(testdataFile(t, "FA-2026-0002_CII.xml")), "nomFichier": "c.xml", "syntaxeFlux": "IN_DP_E1_CII_16B"}},
		{"/cpro/factures/v1/rechercher/fournisseur", map[string]any{"numeroFluxDepot": numero}},
		{"/cpro/factures/v1/consulter/historique", map[string]any{"idFacture": id}},
		{"/cpro/structures/v1/rechercher", map[string]any{}},
		{"/cpro/structures/v1/consulter", map[string]any{"idStructureCPP": 25000001}},
		{"/cpro/structures/v1/consulter", map[string]any{"idStructureCPP": 26000001}},
		{"/cpro/structures/v1/rechercher/services", map[string]any{"idStructure": 26000001}},
	}
	for _, cl := range calls {
		t.Run(cl.path, func(t *testing.T) {
			c.t = t
			api := apiOf(cl.path)
			d := docs[api]
			op := strings.TrimPrefix(cl.path, d.BasePath)
			resp := d.Paths[op]["post"].Responses["200"].Schema
			if resp == nil {
				t.Fatalf("no 200 schema for %s in the Swagger", op)
			}
			got := c.call(cl.path, cl.body)
			if bad := d.conform("", got, resp); len(bad) > 0 {
				t.Fatalf("answer differs from the Swagger:\n%s", strings.Join(bad, "\n"))
			}
			// A field check that cannot pass vacuously: required fields are present.
			if _, ok := got["libelle"]; !ok {
				t.Fatal("libelle missing")
			}
		})
	}
}

// TestConformDetectsDrift proves the Swagger comparison is not vacuous.
func TestConformDetectsDrift(t *testing.T) {
	d := loadSwagger(t, "factures.json")
	schema := d.Paths["/v1/deposer/flux"]["post"].Responses["200"].Schema
	cases := []struct {
		answer string
		issues int
	}{
		{`{"codeRetour":0,"libelle":"x","numeroFluxDepot":"CPP","syntaxeFlux":"IN_DP_E1_UBL_INVOICE"}`, 0},
		{`{"codeRetour":0,"libelle":"x","numeroFlux":"CPP"}`, 1},
		{`{"codeRetour":"0","libelle":"x"}`, 1},
		{`{"codeRetour":0.5,"libelle":"x","syntaxeFlux":"IN_DP_E2_FACTURX"}`, 2},
	}
	for _, tc := range cases {
		var m map[string]any
		if err := json.Unmarshal([]byte(tc.answer), &m); err != nil {
			t.Fatal(err)
		}
		if bad := d.conform("", m, schema); len(bad) != tc.issues {
			t.Errorf("%s: %d issues %v, want %d", tc.answer, len(bad), bad, tc.issues)
		}
	}
}
