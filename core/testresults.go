package core

import (
	"encoding/json"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// SaveTestResult keeps r as the last connection-test result of the company for r.Env. Test
// results are not settings, so they are not audited.
func (s *Service) SaveTestResult(companyID string, r domain.TestResult) error {
	env, err := domain.ParseEnv(string(r.Env))
	if err != nil {
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.update(func(txn storage.Tx) error {
		if _, err := getCompany(txn, companyID); err != nil {
			return err
		}
		return txn.Set(testResultKey(companyID, env), b)
	})
}

// LastTestResult returns the last result for a company and environment; ok is false if the
// company was never tested there (or its setup moved since).
func (s *Service) LastTestResult(companyID string, env domain.Env) (domain.TestResult, bool, error) {
	var r domain.TestResult
	var ok bool
	err := s.view(func(txn storage.Tx) error {
		v, found, err := getValue(txn, testResultKey(companyID, env))
		if err != nil || !found {
			return err
		}
		ok = true
		return json.Unmarshal(v, &r)
	})
	return r, ok, err
}
