package main

import (
	"fmt"
	"io"
	"sort"
	"time"
)

// printResults writes the medians as benchmark lines. The iteration count is the number of
// runs; the extra units keep the bare window's own figures beside the ratios.
func printResults(w io.Writer, r results) {
	bs, as, au := medianDuration(r.bareStart), medianDuration(r.appStart), medianDuration(r.appUnlocked)
	bm, am, lm := medianInt(r.bareRSS), medianInt(r.appRSS), medianInt(r.appLockedRSS)
	fmt.Fprintln(w, "pkg: chorusdesk/app")
	fmt.Fprintf(w, "BenchmarkStartToWindow\t%d\t%d ns/op\t%.3f x-bare\t%d bare-ns/op\t%.0f unlocked-ms\n",
		len(r.appStart), as.Nanoseconds(), ratio(float64(as), float64(bs)), bs.Nanoseconds(),
		float64(au)/float64(time.Millisecond))
	fmt.Fprintf(w, "BenchmarkMemoryAfterUnlock/companies=%d\t%d\t%d B-rss\t%.3f x-bare\t%d bare-B-rss\t%d locked-B-rss\n",
		r.companies, len(r.appRSS), am, ratio(float64(am), float64(bm)), bm, lm)
	if r.items > 0 && len(r.itemsRSS) > 0 {
		im, iu := medianInt(r.itemsRSS), medianDuration(r.itemsUnlocked)
		fmt.Fprintf(w, "BenchmarkMemoryAfterUnlock/companies=%d/items=%d\t%d\t%d B-rss\t%.3f x-bare\t%d bare-B-rss\t%.0f unlocked-ms\n",
			r.companies, r.items, len(r.itemsRSS), im, ratio(float64(im), float64(bm)), bm, float64(iu)/float64(time.Millisecond))
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func medianDuration(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func medianInt(xs []int64) int64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int64(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
