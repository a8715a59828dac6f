package memtune

import (
	"os"
	"strconv"
	"strings"
	"sync"
)

// Transparent huge pages for the heap.
//
// Each 4 KB page the heap touches for the first time costs a page fault,
// and on the machines cfnvet was measured on a fault costs 8–17 µs: a
// third of the CPU of reading a large template, and more than a fifth of
// a scan of a directory of templates, went to faulting in fresh heap. Where
// the kernel gives huge pages only to memory that asks for them
// (transparent_hugepage "madvise", the default of many distributions), one
// 2 MB fault replaces 512 small ones. Go does not ask for them for the heap,
// and the heap grows by mappings the runtime makes as it needs them, so
// HugePages grows the heap ahead, asks for huge pages on that range and
// lets the collector free it for the scan to reuse.

// defaultHugePageSize is the size of a transparent huge page on amd64 and
// on arm64 with 4 KB pages, for a kernel that does not say.
const defaultHugePageSize = 2 << 20

var hugePagesOnce sync.Once

// HugePages backs the heap up to size bytes beyond what is in use with
// transparent huge pages, once per process, where the kernel gives them on
// request only. It reports whether it asked (the first call decides). It
// costs one garbage collection, so it is for scans expected to hold more
// than a few megabytes; GODEBUG=disablethp=1 turns it off.
func HugePages(size int64) bool {
	asked := false
	hugePagesOnce.Do(func() {
		mode, _ := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
		if !hugePagesWanted(string(mode), os.Getenv("GODEBUG")) {
			return
		}
		page := hugePageSize()
		if size < 4*page { // too few huge pages to be worth a collection
			return
		}
		_, _, asked = adviseHugeHeap(uintptr(size), uintptr(page))
	})
	return asked
}

// hugePagesWanted reports whether the heap should ask for huge pages: the
// kernel's mode is "madvise" (with "always" the heap has them already, with
// "never" asking does nothing) and the user did not turn them off for Go.
func hugePagesWanted(mode, godebug string) bool {
	if !strings.Contains(mode, "[madvise]") {
		return false
	}
	for _, setting := range strings.Split(godebug, ",") {
		if strings.TrimSpace(setting) == "disablethp=1" {
			return false
		}
	}
	return true
}

// hugePageSize is the size of the kernel's transparent huge pages.
func hugePageSize() int64 {
	data, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
	if err != nil {
		return defaultHugePageSize
	}
	size, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || size <= 0 || size&(size-1) != 0 {
		return defaultHugePageSize
	}
	return size
}
