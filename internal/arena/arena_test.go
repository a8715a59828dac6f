package arena

import "testing"

func TestTakeGivesDisjointRoom(t *testing.T) {
	var c Chunk[int]
	var parts [][]int
	for n := range 40 {
		s := c.Take(n % 7)
		if len(s) != 0 || cap(s) != n%7 {
			t.Fatalf("Take(%d): len %d cap %d", n%7, len(s), cap(s))
		}
		for i := range n % 7 {
			s = append(s, n*100+i)
		}
		parts = append(parts, s)
	}
	for n, s := range parts {
		for i, v := range s {
			if v != n*100+i {
				t.Fatalf("part %d element %d is %d: parts overlap", n, i, v)
			}
		}
	}
	big := c.Take(Max)
	if cap(big) != Max {
		t.Errorf("Take(Max) has room for %d", cap(big))
	}
}

func TestNewIsZeroAndDistinct(t *testing.T) {
	var c Chunk[[2]int]
	a, b := c.New(), c.New()
	if a == b || *a != [2]int{} || *b != [2]int{} {
		t.Errorf("New gave %p %v and %p %v", a, *a, b, *b)
	}
}
