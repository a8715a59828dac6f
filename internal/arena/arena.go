// Package arena hands out the elements of a large document's trees from
// shared arrays instead of one allocation each: a 10,000-resource template
// has hundreds of thousands of nodes and values, which live and die
// together, and allocated one by one they cost the allocator and the
// collector far more than their bytes, and leave pages partly filled when
// part of them is released.
package arena

// Chunk hands out parts of arrays it allocates, each twice the size of
// the last up to Max elements, so that a small document allocates little.
// The zero value is ready to use. A part keeps its whole array alive.
type Chunk[T any] struct {
	free []T
	size int
}

// MinDocument is the size of text from which a document's trees come from
// chunks: below it, the chunks' unused tails cost more than the
// allocations they save (a directory of small templates took 2 % more CPU
// with them).
const MinDocument = 64 << 10

// Max is the most elements a Chunk allocates at once; a request for more
// than a quarter of it gets an array of its own.
const Max = 256

// Take returns an empty slice with room for exactly n elements: appending
// more than n copies it rather than overwrite a neighbour.
func (c *Chunk[T]) Take(n int) []T {
	if n == 0 {
		return []T{} // holds no array
	}
	if n > Max/4 {
		return make([]T, 0, n)
	}
	if len(c.free) < n {
		c.size = min(max(2*c.size, 8), Max)
		c.free = make([]T, max(c.size, n))
	}
	s := c.free[:0:n]
	c.free = c.free[n:]
	return s
}

// New returns a pointer to a zero element.
func (c *Chunk[T]) New() *T {
	return &c.Take(1)[:1][0]
}
