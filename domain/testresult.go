package domain

import "time"

// TestStep is one step of the connection test of spec §2.5.
type TestStep struct {
	Name    string `json:"name"` // network, token, account, attachment
	OK      bool   `json:"ok"`
	Skipped bool   `json:"skipped,omitempty"`
	Message string `json:"message"`
	MS      int64  `json:"ms"`
}

// TestResult is the outcome of one Test run; the last one per company and environment is kept.
type TestResult struct {
	Company string     `json:"company"`
	Env     Env        `json:"env"`
	Time    time.Time  `json:"time"`
	OK      bool       `json:"ok"`
	Steps   []TestStep `json:"steps"`
}
