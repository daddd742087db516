package gctune

import (
	"runtime/debug"
	"testing"
)

func TestLimit(t *testing.T) {
	for _, tt := range []struct {
		live uint64
		want int64
	}{
		{0, Floor},
		{20 << 20, Floor},
		{24 << 20, Floor},
		{100 << 20, 216 << 20},
		{1 << 30, 2<<30 + 16<<20},
		{1 << 62, 2<<40 + 16<<20},
	} {
		if got := Limit(tt.live); got != tt.want {
			t.Errorf("Limit(%d MiB) = %d MiB, want %d MiB", tt.live>>20, got>>20, tt.want>>20)
		}
	}
}

func TestTuneRespectsTheEnvironment(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	t.Setenv("GOGC", "50")
	if Tune() {
		t.Fatal("Tune changed the collector although GOGC is set")
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "1GiB")
	if Tune() {
		t.Fatal("Tune changed the collector although GOMEMLIMIT is set")
	}
}
