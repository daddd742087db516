package docfacts

import (
	"fmt"
	"testing"
)

// TestBoundedForgets: the analysis caches never hold more than their
// bound, whatever the tree.
func TestBoundedForgets(t *testing.T) {
	c := newBounded[int](3)
	for i := range 10 {
		c.put(fmt.Sprint(i), i)
		if len(c.m) > 3 {
			t.Fatalf("after %d puts the cache holds %d entries, more than 3", i+1, len(c.m))
		}
		if v, ok := c.get(fmt.Sprint(i)); !ok || v != i {
			t.Fatalf("get(%d) = %d, %v right after put", i, v, ok)
		}
	}
}
