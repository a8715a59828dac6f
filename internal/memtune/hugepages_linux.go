//go:build linux

package memtune

import (
	"runtime"
	"syscall"
	"unsafe"
)

// madvHugePage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugePage = 14

// adviseHugeHeap allocates a block of size bytes, which makes the runtime
// map that much more heap without touching it; asks for huge pages (of
// page bytes) on the heap from an object allocated just before the block
// to the block's end; and collects the block, whose pages the scan's
// allocations then reuse. The advice stays with the mapping after the
// collector frees or returns its pages. It returns the range it advised.
func adviseHugeHeap(size, page uintptr) (start, end uintptr, ok bool) {
	before := new([64]byte)
	block := make([]byte, size)
	start = uintptr(unsafe.Pointer(before)) &^ (page - 1)
	blockStart := uintptr(unsafe.Pointer(unsafe.SliceData(block)))
	end = (blockStart + size + page - 1) &^ (page - 1)
	if start > blockStart || end-start > 2*size+64<<20 {
		// The block is far from the heap in use (another arena): advise
		// the block alone rather than whatever lies between.
		start = blockStart &^ (page - 1)
	}
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugePage)
	runtime.KeepAlive(before)
	runtime.KeepAlive(block)
	runtime.GC() // block is unreachable from here

	// ENOMEM only says that part of the range was not mapped: the mapped
	// parts took the advice.
	return start, end, errno == 0 || errno == syscall.ENOMEM
}
