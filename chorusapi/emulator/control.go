package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const controlPrefix = "/_emulator/"

// control serves the test hooks under /_emulator/ (never subject to faults or latency).
func (e *Emulator) control(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.URL.Path, controlPrefix)
	fail := func(status int, msg string) { writeJSON(w, status, map[string]string{"error": msg}) }
	read := func(v any) bool {
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
			fail(http.StatusBadRequest, "invalid JSON body: "+err.Error())
			return false
		}
		return true
	}
	done := func() { writeJSON(w, http.StatusOK, map[string]bool{"ok": true}) }
	switch {
	case op == "requests" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, e.Requests())
	case op == "deposits" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, e.Deposits())
	case op == "outcomes" && r.Method == http.MethodPost:
		var o Outcome
		if read(&o) {
			if err := e.ForceOutcome(o); err != nil {
				fail(http.StatusBadRequest, err.Error())
				return
			}
			done()
		}
	case op == "outcomes" && r.Method == http.MethodDelete:
		e.ClearOutcomes()
		done()
	case op == "no-result" && r.Method == http.MethodPost:
		var v struct {
			Code int `json:"code"`
		}
		if read(&v) {
			if v.Code != codeNoResult && v.Code != codeNoResultTravaux {
				fail(http.StatusBadRequest, "want {\"code\": 20000 or 20007}")
				return
			}
			e.SetNoResultCode(v.Code)
			done()
		}
	case strings.HasPrefix(op, "invoices/by-number/") && strings.HasSuffix(op, "/status") && r.Method == http.MethodPost:
		number := strings.TrimSuffix(strings.TrimPrefix(op, "invoices/by-number/"), "/status")
		var v struct{ Status, Comment string }
		if !read(&v) {
			return
		}
		if err := e.SetInvoiceStatusByNumber(number, v.Status, v.Comment); err != nil {
			fail(http.StatusNotFound, err.Error())
			return
		}
		done()
	case op == "faults" && r.Method == http.MethodPost:
		var f Fault
		if read(&f) {
			e.InjectFault(f)
			done()
		}
	case op == "faults" && r.Method == http.MethodDelete:
		e.ClearFaults()
		done()
	case op == "latency" && r.Method == http.MethodPost:
		var v struct {
			MS *int64 `json:"ms"`
		}
		if read(&v) {
			if v.MS == nil || *v.MS < 0 {
				fail(http.StatusBadRequest, "want {\"ms\": n} with n >= 0")
				return
			}
			e.SetLatency(time.Duration(*v.MS) * time.Millisecond)
			done()
		}
	case strings.HasPrefix(op, "invoices/") && strings.HasSuffix(op, "/status") && r.Method == http.MethodPost:
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(op, "invoices/"), "/status"), 10, 64)
		if err != nil {
			fail(http.StatusBadRequest, "invoice id must be an integer")
			return
		}
		var v struct{ Status, Comment string }
		if !read(&v) {
			return
		}
		if err := e.SetInvoiceStatus(id, v.Status, v.Comment); err != nil {
			fail(http.StatusNotFound, err.Error())
			return
		}
		done()
	case op == "subscriptions" && r.Method == http.MethodPost:
		var v struct {
			API        string `json:"api"`
			Subscribed *bool  `json:"subscribed"`
		}
		if read(&v) {
			if v.API == "" || v.Subscribed == nil {
				fail(http.StatusBadRequest, "want {\"api\": name, \"subscribed\": bool}")
				return
			}
			e.SetSubscribed(v.API, *v.Subscribed)
			done()
		}
	case op == "accounts/password" && r.Method == http.MethodPost:
		var v struct{ Login, Password string }
		if read(&v) {
			if err := e.SetAccountPassword(v.Login, v.Password); err != nil {
				fail(http.StatusBadRequest, err.Error())
				return
			}
			done()
		}
	case op == "accounts/expire" && r.Method == http.MethodPost:
		var v struct{ Login string }
		if read(&v) {
			e.ExpirePassword(v.Login)
			done()
		}
	case op == "reset-counts" && r.Method == http.MethodPost:
		e.ResetCounts()
		done()
	default:
		fail(http.StatusNotFound, "unknown control operation")
	}
}
