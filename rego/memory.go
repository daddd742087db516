package rego

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// MemoryBudget is how much the Go heap may grow while one of the user's
// policies evaluates one document (or while ecslint verify runs the user's
// tests) before the evaluation is stopped and reported as an error, so
// that a policy cannot take the run, and every other file's findings, down
// with it. Documents are at most 8 MiB; a lint policy needs a small
// fraction of this. It is also what fits: the Go runtime reserves about
// 1.3 GB of address space before it allocates anything, so under a 2 GiB
// `ulimit -v` only some 600 MB remain for the heap.
const MemoryBudget = 256 << 20

// watchInterval is how often the watchdog reads the heap size. Evaluation
// allocates at most a few hundred MB/s, so it overshoots the budget by
// a few MB at most; built-ins that allocate in one go are capped
// (limits.go).
const watchInterval = 5 * time.Millisecond

// errMemory is the cancellation cause of an evaluation stopped by the
// memory watchdog.
var errMemory = errors.New("memory budget exceeded")

// evalLock lets the embedded rules evaluate in parallel (read lock) and
// each evaluation of a user's policy run alone (write lock), so that the
// heap growth the watchdog sees is that policy's. It is process-wide: the
// Go memory limit the watchdog sets is too.
var evalLock sync.RWMutex //nolint:gochecknoglobals // one heap, one Go memory limit per process

// heapNow returns the bytes of heap objects (live, and dead ones not yet
// swept) and the memory the Go runtime holds (what its memory limit
// counts).
func heapNow() (objects, used int64) {
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	v := func(i int) int64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(s[i].Value.Uint64())
	}
	return v(0), v(1) - v(2)
}

// watchMemory watches the heap until stop is called, and calls
// cancel(errMemory) once the heap objects grow by more than budget. While
// it watches, the Go memory limit is lowered to the memory held now plus
// budget and a quarter (unless GOMEMLIMIT is lower), so that the collector
// frees garbage before the watchdog counts it as growth, but does not hold
// the heap just under the budget, collecting all the time, while the
// evaluation goes on. The caller holds evalLock for writing.
func watchMemory(budget int64, cancel context.CancelCauseFunc) (stop func()) {
	objects, used := heapNow()
	prev := debug.SetMemoryLimit(-1)
	if limit := used + budget + budget/4; limit < prev {
		debug.SetMemoryLimit(limit)
	}
	done := make(chan struct{})
	stopped := make(chan bool)
	go func() {
		tick := time.NewTicker(watchInterval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				stopped <- false
				return
			case <-tick.C:
				if now, _ := heapNow(); now-objects > budget {
					cancel(errMemory)
					<-done
					stopped <- true
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		if <-stopped {
			// Give the next evaluation the memory back.
			runtime.GC()
		}
		debug.SetMemoryLimit(prev)
	}
}
