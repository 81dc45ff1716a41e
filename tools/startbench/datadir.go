package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/outbox/outboxtest"
)

// prepareDataDir creates a vault with n companies, each with a sandbox setup, and an outbox of
// items invoices spread over the last year (most of them finished: outboxtest.Year), using the
// production KDF (the memory figure includes what a real unlock costs). The master password
// is random and handed to the window through CHORUSDESK_PASSWORD only.
func prepareDataDir(dir string, n, items int) (password string, err error) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	password = hex.EncodeToString(raw)
	svc, err := core.Open(dir, core.Options{})
	if err != nil {
		return "", err
	}
	defer svc.Close()
	if err := svc.Init([]byte(password)); err != nil {
		return "", err
	}
	sirets := validSIRETs(n)
	var cos []domain.Company
	for i := 0; i < n; i++ {
		co, err := svc.AddCompany(fmt.Sprintf("CO%04d", i), fmt.Sprintf("Company %d", i), sirets[i])
		if err != nil {
			return "", err
		}
		st := domain.Setup{Enabled: true, Sandbox: domain.Slot{
			ClientID: "bench-app", ClientSecret: "bench-secret-" + strconv.Itoa(i),
			Login: fmt.Sprintf("TECH_1_bench%d@cpro.fr", i), Password: "bench-password-" + strconv.Itoa(i),
		}}
		if _, err := svc.SaveSetup(co.ID, st); err != nil {
			return "", err
		}
		cos = append(cos, co)
	}
	if items > 0 {
		// The engine starts with the window and follows the items it tracks: it must never
		// reach a real Chorus Pro with the vault's made-up accounts. A loopback port nothing
		// listens on refuses at once.
		for _, env := range domain.Envs {
			if err := svc.SetEndpoints(env, domain.Endpoints{OAuthURL: "http://127.0.0.1:9/api/oauth/token", APIURL: "http://127.0.0.1:9"}); err != nil {
				return "", err
			}
		}
		// Through the outbox's own store, in seconds: no deposit is made.
		if err := outboxtest.Fill(svc, outboxtest.Year(items, svc.Now(), cos)); err != nil {
			return "", err
		}
	}
	svc.Lock()
	return password, nil
}

// validSIRETs returns n distinct SIRETs that pass domain's check, the first ones found
// counting up from an arbitrary 14-digit start.
func validSIRETs(n int) []string {
	var out []string
	for v := int64(31000000000000); len(out) < n; v++ {
		s := strconv.FormatInt(v, 10)
		if domain.ValidSIRET(s) {
			out = append(out, s)
		}
	}
	return out
}

// copyDir copies the regular files and directories of src into dst (created): each run
// starts from the same untouched data directory.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if e.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !e.Type().IsRegular() {
			return nil // lock files are recreated by the next Open
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
