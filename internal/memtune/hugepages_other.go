//go:build !linux

package memtune

// adviseHugeHeap does nothing where transparent huge pages are not Linux's.
func adviseHugeHeap(_, _ uintptr) (start, end uintptr, ok bool) { return 0, 0, false }
