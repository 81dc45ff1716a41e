package invoice

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"chorusdesk/internal/fixtures"
)

// sampleRow is one row of the samples' README.md.
type sampleRow struct {
	file        string
	format      Format
	syntaxe     string
	seller      string
	buyer       string
	serviceCode string
}

// readmeTable is the README's table, the "0011 … 0015" row expanded into its five files.
func readmeTable() []sampleRow {
	const durand, second, buyer, service = "73282932000074", "55208131766522", "21750001600019", "SERV-COMPTA"
	kinds := []struct {
		suffix  string
		format  Format
		syntaxe string
	}{
		{"UBL.xml", FormatUBL, SyntaxeUBL},
		{"CII.xml", FormatCII, SyntaxeCII},
		{"Factur-X-EN16931.pdf", FormatFacturX, SyntaxeFacturX},
		{"Factur-X-Basic.pdf", FormatFacturX, SyntaxeFacturX},
		{"Factur-X-Minimum.pdf", FormatFacturX, SyntaxeFacturX},
	}
	var rows []sampleRow
	for _, series := range []struct {
		first  int
		seller string
	}{{1, durand}, {11, second}} {
		for i, k := range kinds {
			rows = append(rows, sampleRow{
				file:   "FA-2026-00" + twoDigits(series.first+i) + "_" + k.suffix,
				format: k.format, syntaxe: k.syntaxe, seller: series.seller, buyer: buyer, serviceCode: service,
			})
		}
	}
	return rows
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestDetectSamples(t *testing.T) {
	dir := fixtures.InvoicesDir()
	rows := readmeTable()
	if len(rows) != 10 {
		t.Fatalf("README table expands to %d rows, want 10", len(rows))
	}
	for _, row := range rows {
		t.Run(row.file, func(t *testing.T) {
			inv, err := DetectFile(filepath.Join(dir, row.file))
			if err != nil {
				t.Fatalf("DetectFile: %v", err)
			}
			wantNumber, _, _ := strings.Cut(row.file, "_")
			checkField(t, "Format", string(inv.Format), string(row.format))
			checkField(t, "SyntaxeFlux", inv.SyntaxeFlux, row.syntaxe)
			checkField(t, "Number", inv.Number, wantNumber)
			checkField(t, "SellerSIRET", inv.SellerSIRET, row.seller)
			checkField(t, "BuyerSIRET", inv.BuyerSIRET, row.buyer)
			checkField(t, "ServiceCode", inv.ServiceCode, row.serviceCode)
			// From a file, only a Factur-X's XML is kept (it had to be decoded anyway); an XML
			// invoice is the file itself and is streamed, never held.
			if (len(inv.XML) == 0) != (inv.Format != FormatFacturX) {
				t.Errorf("%s: XML of %d bytes", inv.Format, len(inv.XML))
			}
		})
	}
}

// TestDetectSampleFields checks every field of three samples. The values were read by eye in
// the files.
func TestDetectSampleFields(t *testing.T) {
	tests := []struct {
		file       string
		want       Invoice
		xmlRootTag string
	}{
		{"FA-2026-0001_UBL.xml", Invoice{
			Format: FormatUBL, SyntaxeFlux: SyntaxeUBL, Number: "FA-2026-0001", TypeCode: "380", IssueDate: "2026-11-02",
			SellerSIRET: "73282932000074", BuyerSIRET: "21750001600019", ServiceCode: "SERV-COMPTA", Commitment: "A7450891",
			Total: "24919.99", Currency: "EUR"}, "<Invoice "},
		{"FA-2026-0002_CII.xml", Invoice{
			Format: FormatCII, SyntaxeFlux: SyntaxeCII, Number: "FA-2026-0002", TypeCode: "380", IssueDate: "2026-11-02",
			SellerSIRET: "73282932000074", BuyerSIRET: "21750001600019", ServiceCode: "SERV-COMPTA", Commitment: "A7450891",
			Total: "24919.99", Currency: "EUR"}, "<rsm:CrossIndustryInvoice "},
		{"FA-2026-0005_Factur-X-Minimum.pdf", Invoice{
			Format: FormatFacturX, SyntaxeFlux: SyntaxeFacturX, Number: "FA-2026-0005", TypeCode: "380", IssueDate: "2026-11-02",
			SellerSIRET: "73282932000074", BuyerSIRET: "21750001600019", ServiceCode: "SERV-COMPTA", Commitment: "",
			Total: "24919.99", Currency: "EUR"}, "<rsm:CrossIndustryInvoice "},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			inv, err := Detect(tt.file, sample(t, tt.file))
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			if !bytes.Contains(inv.XML, []byte(tt.xmlRootTag)) {
				t.Errorf("XML does not contain the root %q", tt.xmlRootTag)
			}
			got := *inv
			got.XML = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			// Streamed from the file, the fields are the same.
			fromFile, err := DetectFile(fixtures.Invoice(tt.file))
			if err != nil {
				t.Fatalf("DetectFile: %v", err)
			}
			fromFile.XML = nil
			if !reflect.DeepEqual(*fromFile, tt.want) {
				t.Errorf("DetectFile got %+v\nwant %+v", *fromFile, tt.want)
			}
		})
	}
}

// TestDetectIgnoresName: the verdict comes from the content, whatever the file is called.
func TestDetectIgnoresName(t *testing.T) {
	for _, file := range []string{"FA-2026-0001_UBL.xml", "FA-2026-0002_CII.xml", "FA-2026-0005_Factur-X-Minimum.pdf"} {
		data := sample(t, file)
		want, err := Detect(file, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"invoice.pdf", "invoice.xml", "INVOICE", "facture.txt", ""} {
			got, err := Detect(name, data)
			if err != nil {
				t.Fatalf("%s named %q: %v", file, name, err)
			}
			if got.Format != want.Format || got.Number != want.Number {
				t.Errorf("%s named %q: got %s %s, want %s %s", file, name, got.Format, got.Number, want.Format, want.Number)
			}
		}
	}
}

func TestSHA256(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		if got := SHA256([]byte(tt.in)); got != tt.want {
			t.Errorf("SHA256(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	a, b := sample(t, "FA-2026-0001_UBL.xml"), sample(t, "FA-2026-0002_CII.xml")
	if SHA256(a) == SHA256(b) {
		t.Error("two different invoices have the same fingerprint")
	}
}

func checkField(t *testing.T, name, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

// TestDetectConcurrent: the outbox detects from a worker pool, so Detect must be safe to call
// from many goroutines at once (run with -race).
func TestDetectConcurrent(t *testing.T) {
	files := []string{"FA-2026-0001_UBL.xml", "FA-2026-0002_CII.xml", "FA-2026-0005_Factur-X-Minimum.pdf"}
	data := make([][]byte, len(files))
	for i, f := range files {
		data[i] = sample(t, f)
	}
	errs := make(chan error, 8*len(files))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		for i := range files {
			wg.Add(1)
			go func() {
				defer wg.Done()
				inv, err := Detect(files[i], data[i])
				if err == nil && !strings.HasPrefix(files[i], inv.Number) {
					err = fmt.Errorf("%s detected as %q", files[i], inv.Number)
				}
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
