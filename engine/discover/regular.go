package discover

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// NotRegularError is the refusal to read a path that is not a regular file:
// opening a named pipe blocks until something writes to it, and a device
// or socket may never end.
type NotRegularError struct {
	// Kind names what the path is ("a named pipe").
	Kind string
}

func (e *NotRegularError) Error() string { return "not a regular file (" + e.Kind + ")" }

// OpenRegular opens path for reading only if it is a regular file (after
// following links); anything else is refused with a *NotRegularError
// without being opened. The open itself does not wait (O_NONBLOCK where
// the system has it), so a file replaced by a pipe after the check is
// refused by the second check instead of hanging.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if kind := irregularKind(info.Mode()); kind != "" {
		return nil, info, &NotRegularError{Kind: kind}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err = f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	if kind := irregularKind(info.Mode()); kind != "" {
		_ = f.Close()
		return nil, info, &NotRegularError{Kind: kind}
	}
	return f, info, nil
}

// readRegular reads a whole regular file (project and ignore files found
// in a walk: one that is a pipe must not hang discovery).
func readRegular(path string) ([]byte, error) {
	f, _, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

// irregularKind names what a file mode is when it is not a regular file,
// or returns "" for a regular file.
func irregularKind(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return ""
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "an irregular file"
}
