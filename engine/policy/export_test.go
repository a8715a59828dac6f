package policy

// Separately returns a copy of s that evaluates every policy alone, on the
// input of its group, as before joint queries (joint.go).
func (s *Set) Separately() *Set {
	c := *s
	c.separately = true
	return &c
}
