package outbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Several desks may watch one shared inbox (a network folder the ERP writes to). Each file
// must be taken by exactly one of them, since each desk only knows its own outbox. The watch
// claims a file by renaming it into its own claim folder, inbox/.claimed-<desk>, before
// reading it for the outbox:
//
//   - a rename within one folder tree is atomic, locally and on network shares (SMB, NFS):
//     of two desks renaming the same file, one succeeds and the other finds it gone;
//   - the claim and the file are one thing: there is no lock file to keep in step with the
//     file, to clean up after the move, or to find orphaned after a crash;
//   - on Windows the rename also fails while the writer still holds the file without
//     sharing its deletion, which is one more sign the file is not complete;
//   - after a crash, the files a desk had claimed wait in its claim folder, visible; the same
//     desk takes them up when its watch starts again (adding a file the outbox already holds
//     deposits nothing: the outbox refuses the same content twice).
//
// Claims of another desk are never taken over: that desk may have deposited them before it
// stopped, and only its outbox knows. When that desk no longer watches the folder, the user
// is told where its files wait, to check and put them back by hand.
//
// Each watching desk keeps a presence file, inbox/.chorusdesk-watch-<desk>, touched every
// heartbeatEvery, so the others can say "this folder is also watched by <desk>" and tell a
// stopped desk's claims from a running one's.
const (
	claimPrefix    = ".claimed-"
	presencePrefix = ".chorusdesk-watch-"
	heartbeatEvery = 30 * time.Second
	presenceStale  = 3 * time.Minute
)

// presenceInfo is the content of a presence file.
type presenceInfo struct {
	Desk  string    `json:"desk"`
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// presenceState is what the watch knows of the desks watching its folder.
type presenceState struct {
	file   string
	next   time.Time
	others map[string]*otherDesk
	stale  map[string]int // desk → stale claims last said
}

type otherDesk struct {
	mod     time.Time // the presence file's last modification time
	changed time.Time // when this watch last saw it change
	said    bool
}

// defaultDesk names this desk: its host name and a short mark of its data directory (one
// host may run desks on several data directories).
func defaultDesk(dataDir string) string {
	host, _ := os.Hostname()
	sum := sha256.Sum256([]byte(absDir(dataDir)))
	return host + "-" + hex.EncodeToString(sum[:3])
}

// deskName keeps a desk name to what any file system takes in a file name.
func deskName(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '-'
	}, s)
	out = strings.Trim(out, ".-")
	if len(out) > 48 {
		out = out[:48]
	}
	if out == "" {
		out = "desk"
	}
	return out
}

// recoverClaims picks up the files left in this desk's claim folder by an earlier watch.
func (w *watcher) recoverClaims() {
	ents, err := w.fs.ReadDir(w.claimDir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.Type().IsRegular() {
			w.claims[e.Name()] = &claimed{orig: filepath.Join(w.dir, e.Name()), stage: toAdd}
		}
	}
}

// announce writes this desk's presence file.
func (w *watcher) announce(now time.Time) {
	w.presence = presenceState{
		file:   filepath.Join(w.dir, presencePrefix+w.desk),
		others: map[string]*otherDesk{},
		stale:  map[string]int{},
	}
	host, _ := os.Hostname()
	b, _ := json.Marshal(presenceInfo{Desk: w.desk, Host: host, PID: os.Getpid(), Since: now})
	_ = w.fs.WriteFile(w.presence.file, b, 0o600) // a read-only inbox has no presence file: nothing else changes
	_ = w.fs.Chtimes(w.presence.file, now)
}

// withdraw removes this desk's presence file when the watch stops.
func (w *watcher) withdraw() {
	if w.presence.file != "" {
		_ = w.fs.Remove(w.presence.file)
	}
}

// heartbeat touches the presence file and looks at the other desks of the folder.
func (w *watcher) heartbeat(now time.Time, soon func(time.Time)) {
	if now.Before(w.presence.next) {
		soon(w.presence.next)
		return
	}
	w.presence.next = now.Add(heartbeatEvery)
	soon(w.presence.next)
	if err := w.fs.Chtimes(w.presence.file, now); err != nil && classify(err) == fsGone {
		w.announce(now) // removed by hand: written again
		w.presence.next = now.Add(heartbeatEvery)
	}
	ents, err := w.fs.ReadDir(w.dir)
	if err != nil {
		return
	}
	alive := map[string]bool{}
	claims := map[string]string{} // desk → its claim folder
	for _, e := range ents {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, presencePrefix):
			desk := strings.TrimPrefix(name, presencePrefix)
			if desk == w.desk {
				continue
			}
			st, err := w.fs.Stat(filepath.Join(w.dir, name))
			if err != nil {
				continue
			}
			d := w.presence.others[desk]
			if d == nil {
				d = &otherDesk{mod: st.ModTime()}
				w.presence.others[desk] = d
			} else if !st.ModTime().Equal(d.mod) {
				d.mod, d.changed = st.ModTime(), now
			}
			fresh := absDuration(now.Sub(d.mod)) < presenceStale || (!d.changed.IsZero() && now.Sub(d.changed) < presenceStale)
			if fresh {
				alive[desk] = true
				if !d.said {
					d.said = true
					w.say(w.dir+"#"+desk, NoticeOtherWatcher, "intake.watch.other_watcher", w.describe(desk))
				}
			}
		case strings.HasPrefix(name, claimPrefix) && e.IsDir():
			if desk := strings.TrimPrefix(name, claimPrefix); desk != w.desk {
				claims[desk] = filepath.Join(w.dir, name)
			}
		}
	}
	for desk, d := range w.presence.others {
		if !alive[desk] && d.said {
			d.said = false // said again if it comes back
			delete(w.said, w.dir+"#"+desk)
		}
	}
	for desk, dir := range claims {
		n := 0
		if files, err := w.fs.ReadDir(dir); err == nil {
			for _, f := range files {
				if f.Type().IsRegular() {
					n++
				}
			}
		}
		if alive[desk] || n == 0 {
			delete(w.presence.stale, desk)
			continue
		}
		if w.presence.stale[desk] != n {
			w.presence.stale[desk] = n
			delete(w.said, dir)
			w.say(dir, NoticeStaleClaims, "intake.watch.stale_claims", n, displayName(desk), displayName(dir))
		}
	}
}

// describe names another desk for the user: its name and, when its presence file says, its
// host.
func (w *watcher) describe(desk string) string {
	name := displayName(desk)
	b, err := w.fs.ReadFile(filepath.Join(w.dir, presencePrefix+desk))
	if err != nil || len(b) > 4096 {
		return name
	}
	var info presenceInfo
	if json.Unmarshal(b, &info) == nil && info.Host != "" && !strings.HasPrefix(desk, deskName(info.Host)) {
		return name + " (" + displayName(info.Host) + ")"
	}
	return name
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
