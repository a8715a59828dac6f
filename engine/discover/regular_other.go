//go:build !unix

package discover

// openNonBlocking is not needed where named pipes are not files in a
// directory tree.
const openNonBlocking = 0
