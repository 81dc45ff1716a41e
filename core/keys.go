package core

import (
	"encoding/binary"

	"chorusdesk/domain"
)

// Key layout of the core's KV (the store's root). Every key starts with a short ASCII prefix so
// a prefix scan reads one kind of record. Company keys are opaque random IDs, never codes or
// names: the keys reveal no company, and the sealing identity of a secret is the ID.
//
//	vault/header          storage vault header (KDF parameters, salt, wrapped data key)
//	co/<id>               company record, JSON {id, code, name, siret}; id = 16 hex digits
//	cx/<CODE>             code index → id (upper-case code; "cx/*****" for the default company)
//	su/<id>               setup record, JSON: enabled and tag in plain text, each of the four
//	                      credential fields of each slot sealed with storage.Vault.Seal under
//	                      Identity{CompanyID: id, Env: env, Field: field}; empty fields absent
//	cfg/env               active environment ("sandbox" | "production")
//	cfg/endpoints/<env>   JSON domain.Endpoints overriding domain.DefaultEndpoints(env)
//	cfg/autolock          auto-lock delay in seconds (decimal text)
//	au/<8-byte big-endian unix nanos><8-byte big-endian seq>
//	                      audit entry, JSON AuditEntry; keys increase strictly (see nextAuditKey)
//	tr/<id>/<env>         last connection-test result, JSON domain.TestResult
//	ij/...                storage's redo journal of writes too big for one transaction
//	ob/...                the outbox's namespace (Service.OutboxKV): the core's KV cannot
//	                      reach it, the outbox's KV sees only it
const (
	keyVaultHeader   = "vault/header"
	prefixCompany    = "co/"
	prefixCodeIndex  = "cx/"
	prefixSetup      = "su/"
	keyActiveEnv     = "cfg/env"
	prefixEndpoints  = "cfg/endpoints/"
	keyAutoLock      = "cfg/autolock"
	prefixAudit      = "au/"
	prefixTestResult = "tr/"
	// outboxNamespace is claimed at Open and handed to the outbox (OutboxKV).
	outboxNamespace = "ob"
)

func companyKey(id string) []byte     { return []byte(prefixCompany + id) }
func codeIndexKey(code string) []byte { return []byte(prefixCodeIndex + code) }
func setupKey(id string) []byte       { return []byte(prefixSetup + id) }
func endpointsKey(e domain.Env) []byte {
	return []byte(prefixEndpoints + string(e))
}
func testResultKey(id string, e domain.Env) []byte {
	return []byte(prefixTestResult + id + "/" + string(e))
}
func testResultPrefix(id string) []byte { return []byte(prefixTestResult + id + "/") }

// auditKey builds an audit key that sorts by time, then by sequence number.
func auditKey(nanos int64, seq uint64) []byte {
	k := make([]byte, len(prefixAudit)+16)
	copy(k, prefixAudit)
	binary.BigEndian.PutUint64(k[len(prefixAudit):], uint64(nanos))
	binary.BigEndian.PutUint64(k[len(prefixAudit)+8:], seq)
	return k
}

// parseAuditKey is the inverse of auditKey; ok is false for a key of another shape.
func parseAuditKey(k []byte) (nanos int64, seq uint64, ok bool) {
	if len(k) != len(prefixAudit)+16 || string(k[:len(prefixAudit)]) != prefixAudit {
		return 0, 0, false
	}
	nanos = int64(binary.BigEndian.Uint64(k[len(prefixAudit):]))
	seq = binary.BigEndian.Uint64(k[len(prefixAudit)+8:])
	return nanos, seq, true
}
