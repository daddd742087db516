// Package gctune sets the garbage collector for a linting run: collect
// less often while the heap is small, and as usual once it is large.
//
// A run allocates about 200 KB per file and keeps little of it (the
// findings), so with the default GOGC=100 the collector runs every few
// megabytes of allocation and costs a fifth of the CPU. Tune lets the
// heap grow to Floor before collecting (GOGC=400 under a memory limit of
// Floor), and raises the limit as the live heap grows so that a run that
// keeps much (hundreds of thousands of findings) collects as GOGC=100
// would, never continuously. Peak memory is therefore about Floor for
// every tree that keeps less than a third of it, and follows the live
// heap above that.
//
// The user's GOGC and GOMEMLIMIT win: with either set, Tune does nothing.
package gctune

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Floor is the memory limit while the live heap is small.
const Floor = 64 << 20

// interval is how often the limit follows the live heap.
const interval = 50 * time.Millisecond

// Tune sets the collector for the rest of the process, unless the
// environment sets GOGC or GOMEMLIMIT. It reports whether it did.
func Tune() bool {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(Floor)
	go follow()
	return true
}

// follow raises or lowers the memory limit with the live heap.
func follow() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	for range time.Tick(interval) {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(Limit(sample[0].Value.Uint64()))
		}
	}
}

// Limit is the memory limit for a live heap of live bytes: Floor, or
// what GOGC=100 would allow (twice the live heap) plus room for the
// runtime's own memory, whichever is more.
func Limit(live uint64) int64 {
	const room = 16 << 20
	l := int64(min(live, 1<<40))*2 + room
	return max(Floor, l)
}
