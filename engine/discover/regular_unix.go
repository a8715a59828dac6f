//go:build unix

package discover

import "syscall"

// openNonBlocking makes opening a named pipe return at once instead of
// waiting for a writer; reads of regular files are unaffected.
const openNonBlocking = syscall.O_NONBLOCK
