// Package outboxtest makes outboxes of realistic size for benchmarks and tools: a year of a
// busy firm's invoices (25,000 items, most of them finished), written through the outbox's own
// store API (outbox.Seed) in seconds instead of through 25,000 deposits.
package outboxtest

import (
	"fmt"
	"time"

	"chorusdesk/domain"
	"chorusdesk/outbox"
)

// YearSize is a busy firm's outbox after a year.
const YearSize = 25000

// Year returns n items spread evenly over the year before now, oldest first, for the given
// companies (round robin), in the proportions of a year of real use: most of them finished
// (paid, payment ordered; some refused or rejected), the last three weeks' still followed, a
// few held, failed or unconfirmed. IDs sort by creation time like the engine's.
// The items carry no content (finished items keep none; the followed ones need none to be
// polled).
func Year(n int, now time.Time, companies []domain.Company) []outbox.Item {
	if len(companies) == 0 {
		companies = []domain.Company{{ID: "co-bench", Code: "BENCH", SIRET: "73282932000074"}}
	}
	span := 365 * 24 * time.Hour
	out := make([]outbox.Item, 0, n)
	for i := range n {
		c := companies[i%len(companies)]
		created := now.Add(-span + time.Duration(int64(span)/int64(max(n, 1))*int64(i)))
		age := now.Sub(created)
		it := outbox.Item{
			ID:          fmt.Sprintf("%016x%08x", created.UnixNano(), uint32(i)),
			File:        fmt.Sprintf("/home/finance/Invoices/2026/%s/FA-%s-%06d.xml", c.Code, c.Code, i),
			Size:        18000 + int64(i%5000),
			Format:      "ubl",
			SyntaxeFlux: "IN_DP_E2_UBL_INVOICE_MIN",
			Number:      fmt.Sprintf("FA-%s-%06d", c.Code, i),
			IssueDate:   created.Format(time.DateOnly),
			SellerSIRET: c.SIRET,
			BuyerSIRET:  "11000201100044",
			ServiceCode: "SERV-COMPTA",
			Commitment:  fmt.Sprintf("EJ%07d", i),
			Total:       fmt.Sprintf("%d.%02d", 100+i%9000, i%100),
			Currency:    "EUR",
			CompanyID:   c.ID,
			CompanyCode: c.Code,
			Env:         domain.Sandbox,
			SetupFrom:   c.Code,
			Tag:         c.Code + "-API",
			Created:     created,
			Changed:     created.Add(min(age, 20*24*time.Hour)),
		}
		deposited(&it, i, created)
		switch {
		case age < 21*24*time.Hour:
			// Still followed: made available, waiting for the buyer's payment. The next polls
			// are due from an hour on (a benchmark's engine asks nothing meanwhile).
			it.State, it.InvoiceStatus = outbox.Tracking, outbox.StatusMiseADisposition
			it.NextTry = now.Add(time.Hour + time.Duration(i%1800)*time.Second)
			it.Message = text("outbox.st.mandatee")
			it.Changed = created.Add(age / 2)
		case i%997 == 0:
			it.State, it.Hold, it.Flux, it.DepositDate, it.NomFichier = outbox.Held, outbox.HoldPreflight, "", "", ""
			it.Message = text("outbox.pf.need_ej", "Ministère")
		case i%991 == 0:
			it.State, it.Flux, it.DepositDate, it.NomFichier = outbox.Failed, "", "", ""
			it.Message = text("outbox.gave_up", 8, "Chorus Pro did not answer in time")
		case i%983 == 0:
			it.State, it.Flux, it.DepositDate = outbox.NeedsConfirmation, "", ""
			it.AskUser = true
			it.Message = text("outbox.not_found_yet", it.Number)
		case i%53 == 0:
			it.State, it.FluxState, it.InvoiceID, it.InvoiceStatus = outbox.Final, outbox.FluxRejete, 0, ""
			it.Raw = "GDP_MSG_11.022 Le fichier est trop volumineux"
			it.Cause = text("engine.cause.refused_no_reason", "REJETE")
			it.Fix = "other"
			it.Message = it.Cause
		case i%41 == 0:
			it.State, it.InvoiceStatus = outbox.Final, outbox.StatusRejetee
			it.Raw = "REJETEE Montant erroné"
			it.Cause = text("engine.cause.rejected", "Montant erroné")
			it.Message = text("engine.st.rejected", "Montant erroné")
		case i%3 == 0:
			it.State, it.InvoiceStatus = outbox.Final, outbox.StatusMandatee
			it.Message = text("engine.st.mandated_final")
		default:
			it.State, it.InvoiceStatus = outbox.Final, outbox.StatusMiseEnPaiement
			it.Message = text("outbox.st.mise_en_paiement")
		}
		out = append(out, it)
	}
	return out
}

// deposited fills what a deposit and its tracking leave on an item.
func deposited(it *outbox.Item, i int, created time.Time) {
	it.DepositStarted = created.Add(time.Second)
	it.Deposits = 1
	it.NomFichier = fmt.Sprintf("%s_%s_%08x.xml", it.Tag, it.Number, uint32(i))
	it.Flux = fmt.Sprintf("CPP%012d", 100000000+i)
	it.DepositDate = created.Format(time.DateOnly)
	it.FluxState = outbox.FluxIntegre
	it.InvoiceID = int64(5000000 + i)
	it.Polls = 12
	it.Moved = created.Add(48 * time.Hour)
}

// text is a message as the engine keeps it.
func text(key string, args ...any) outbox.Text { return outbox.NewText(key, args...) }
