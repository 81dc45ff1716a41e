package outbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// A reader of runtime/debug.WriteHeapDump's format ("go1.7 heap dump", runtime/heapdump.go),
// just enough to say, when a planted secret is found after Lock, what still reaches it: the
// chain of objects (by size) from a goroutine frame or a global down to the object holding
// it. It never prints memory contents.

type dumpBlock struct {
	addr uint64
	data []byte
	ptrs []uint64 // offsets of pointer fields
	root string   // "" for a heap object; the frame's function, or "data", "bss"
}

type heapDump struct {
	objects []dumpBlock // sorted by addr
	roots   []dumpBlock
}

var errDumpFormat = errors.New("not a heap dump")

func parseHeapDump(b []byte) (*heapDump, error) {
	const header = "go1.7 heap dump\n"
	if !bytes.HasPrefix(b, []byte(header)) {
		return nil, errDumpFormat
	}
	r := dumpReader{b: b[len(header):]}
	d := &heapDump{}
	for r.err == nil {
		switch tag := r.int(); tag {
		case 0:
			sort.Slice(d.objects, func(i, j int) bool { return d.objects[i].addr < d.objects[j].addr })
			return d, nil
		case 1: // object
			blk := dumpBlock{addr: r.int(), data: r.mem()}
			blk.ptrs = r.fields()
			d.objects = append(d.objects, blk)
		case 2: // other root
			r.mem()
			r.int()
		case 3: // type
			r.ints(2)
			r.mem()
			r.int()
		case 4: // goroutine
			r.ints(8)
			r.mem()
			r.ints(4)
		case 5: // stack frame
			blk := dumpBlock{addr: r.int()}
			r.ints(2)
			blk.data = r.mem()
			r.ints(3)
			blk.root = "frame " + string(r.mem())
			blk.ptrs = r.fields()
			d.roots = append(d.roots, blk)
		case 6: // params
			r.ints(4)
			r.mem()
			r.mem()
			r.int()
		case 7, 11: // finalizer, queued finalizer
			r.ints(5)
		case 8, 17: // itab, alloc sample
			r.ints(2)
		case 9: // OS thread
			r.ints(3)
		case 10: // memstats
			r.ints(24 + 256 + 1)
		case 12, 13: // data, bss
			blk := dumpBlock{addr: r.int(), data: r.mem(), root: map[uint64]string{12: "data", 13: "bss"}[tag]}
			blk.ptrs = r.fields()
			d.roots = append(d.roots, blk)
		case 14: // defer
			r.ints(7)
		case 15: // panic
			r.ints(6)
		case 16: // memprof bucket
			r.ints(2)
			n := r.int()
			for range n {
				r.mem()
				r.mem()
				r.int()
			}
			r.ints(2)
		default:
			return nil, fmt.Errorf("heap dump: unknown record %d", tag)
		}
	}
	return nil, r.err
}

type dumpReader struct {
	b   []byte
	err error
}

func (r *dumpReader) int() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errDumpFormat
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *dumpReader) ints(n int) {
	for range n {
		r.int()
	}
}

func (r *dumpReader) mem() []byte {
	n := r.int()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errDumpFormat
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *dumpReader) fields() []uint64 {
	var out []uint64
	for r.err == nil {
		kind := r.int()
		if kind == 0 {
			break
		}
		out = append(out, r.int())
	}
	return out
}

// containing returns the index of the object holding address p, or -1.
func (d *heapDump) containing(p uint64) int {
	i := sort.Search(len(d.objects), func(i int) bool { return d.objects[i].addr > p }) - 1
	if i >= 0 && p < d.objects[i].addr+uint64(len(d.objects[i].data)) {
		return i
	}
	return -1
}

// retainers describes, for each object whose contents hold one of forms, one chain from a
// root to it (sizes only).
func (d *heapDump) retainers(forms [][]byte) []string {
	parent := map[int]int{} // object → the object pointing at it (-1-k for root k)
	var frontier []int
	for i, o := range d.objects {
		for _, f := range forms {
			if bytes.Contains(o.data, f) {
				parent[i] = i
				frontier = append(frontier, i)
				break
			}
		}
	}
	targets := append([]int(nil), frontier...)
	pointsAt := func(blk dumpBlock, want map[int]bool) int {
		for _, off := range blk.ptrs {
			if off+8 > uint64(len(blk.data)) {
				continue
			}
			if j := d.containing(binary.LittleEndian.Uint64(blk.data[off:])); j >= 0 && want[j] {
				return j
			}
		}
		return -1
	}
	rootOf := map[int]int{}
	for depth := 0; len(frontier) > 0 && depth < 64; depth++ {
		want := map[int]bool{}
		for _, i := range frontier {
			want[i] = true
		}
		for k, root := range d.roots {
			if j := pointsAt(root, want); j >= 0 {
				if _, ok := rootOf[j]; !ok {
					rootOf[j] = k
				}
			}
		}
		var next []int
		for i, o := range d.objects {
			if _, seen := parent[i]; seen {
				continue
			}
			if j := pointsAt(o, want); j >= 0 {
				parent[i] = j
				next = append(next, i)
			}
		}
		frontier = next
	}
	var out []string
	for _, t := range targets {
		out = append(out, d.chainTo(t, parent, rootOf))
	}
	return out
}

// chainTo walks from a rooted ancestor of t down to t.
func (d *heapDump) chainTo(t int, parent map[int]int, rootOf map[int]int) string {
	// children[j] = the object j points at on the way to t
	var best []int
	for start := range rootOf {
		path := []int{start}
		for cur := start; cur != t; {
			p, ok := parent[cur]
			if !ok || p == cur {
				break
			}
			path = append(path, p)
			cur = p
		}
		if path[len(path)-1] == t && (best == nil || len(path) < len(best)) {
			best = path
		}
	}
	if best == nil {
		return fmt.Sprintf("object of %d bytes (no root found)", len(d.objects[t].data))
	}
	parts := []string{d.roots[rootOf[best[0]]].root}
	for _, i := range best {
		parts = append(parts, fmt.Sprintf("%d B", len(d.objects[i].data)))
	}
	return strings.Join(parts, " → ")
}
