package memtune

import "testing"

// TestHugePagesWanted checks when the heap asks for huge pages: only where
// the kernel gives them on request, and never against GODEBUG=disablethp=1.
func TestHugePagesWanted(t *testing.T) {
	for _, c := range []struct {
		mode, godebug string
		want          bool
	}{
		{"always [madvise] never\n", "", true},
		{"always [madvise] never\n", "disablethp=0", true},
		{"always [madvise] never\n", "gctrace=1, disablethp=1", false},
		{"always [madvise] never\n", "disablethp=1", false},
		{"[always] madvise never\n", "", false}, // the heap has them already
		{"always madvise [never]\n", "", false},
		{"", "", false}, // no transparent huge pages (another OS, an old kernel)
	} {
		if got := hugePagesWanted(c.mode, c.godebug); got != c.want {
			t.Errorf("hugePagesWanted(%q, %q) = %v, want %v", c.mode, c.godebug, got, c.want)
		}
	}
}
