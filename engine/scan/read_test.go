package scan

import (
	"bytes"
	"io"
	"testing"
)

// TestReadSizedReadsWhatIsThere: whatever size Stat reported (the file may
// have changed since), readSized returns the content, cut after
// MaxFileSize+1 bytes so an oversized file is still recognised as one.
func TestReadSizedReadsWhatIsThere(t *testing.T) {
	for _, c := range []struct {
		content int
		stated  int64
	}{{0, 0}, {1, 1}, {511, 511}, {512, 512}, {513, 513}, {100_000, 100_000},
		{100_000, 10}, {10, 100_000}, {4096, -1}} {
		want := bytes.Repeat([]byte("x"), c.content)
		got, err := readSized(bytes.NewReader(want), c.stated)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("content %d bytes, stated %d: read %d bytes, error %v", c.content, c.stated, len(got), err)
		}
	}
	huge := io.LimitReader(zeros{}, MaxFileSize+100)
	got, err := readSized(huge, MaxFileSize+100)
	if err != nil || len(got) != MaxFileSize+1 {
		t.Errorf("a file over the limit: read %d bytes, error %v; want MaxFileSize+1", len(got), err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
