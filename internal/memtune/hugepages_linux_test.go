//go:build linux

package memtune

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestAdviseHugeHeapMarksTheHeap checks that the heap range grown ahead
// carries the kernel's huge-page advice ("hg" in its VmFlags) after the
// collector freed the block that grew it.
func TestAdviseHugeHeapMarksTheHeap(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skipf("SKIPPED: this kernel has no transparent huge pages (%v)", err)
	}
	page := uintptr(hugePageSize())
	start, end, ok := adviseHugeHeap(8<<20, page)
	if !ok {
		t.Fatal("madvise(MADV_HUGEPAGE) failed on the heap")
	}
	if end-start < 8<<20 || start%page != 0 || end%page != 0 {
		t.Fatalf("advised %#x-%#x: want at least the 8 MiB block, on %d-byte boundaries", start, end, page)
	}
	maps := mappings(t)
	if !slices.ContainsFunc(maps, func(m mapping) bool { return len(m.flags) > 0 }) {
		t.Skip("SKIPPED: /proc/self/smaps shows no VmFlags here, so the advice cannot be read back")
	}
	advised, other := 0, 0
	for _, m := range maps {
		if m.end <= start || m.start >= end || !m.writable {
			continue
		}
		if m.flags["hg"] {
			advised += int(min(m.end, end) - max(m.start, start))
		} else {
			other++
			t.Errorf("mapping %#x-%#x inside the advised range lacks the advice (VmFlags %v)", m.start, m.end, m.flags)
		}
	}
	if advised < 8<<20 {
		t.Errorf("%d bytes of the range carry the advice, want the 8 MiB block at least (%d mappings without)", advised, other)
	}
}

type mapping struct {
	start, end uintptr
	writable   bool
	flags      map[string]bool
}

// mappings reads the process's mappings and their VmFlags from smaps.
func mappings(t *testing.T) []mapping {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("SKIPPED: %v", err)
	}
	defer f.Close()
	var out []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if lo, hi, isRange := strings.Cut(fields[0], "-"); isRange && len(fields) > 1 {
			a, errA := strconv.ParseUint(lo, 16, 64)
			b, errB := strconv.ParseUint(hi, 16, 64)
			if errA == nil && errB == nil {
				out = append(out, mapping{start: uintptr(a), end: uintptr(b), writable: strings.Contains(fields[1], "w"), flags: map[string]bool{}})
				continue
			}
		}
		if fields[0] == "VmFlags:" && len(out) > 0 {
			for _, fl := range fields[1:] {
				out[len(out)-1].flags[fl] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
