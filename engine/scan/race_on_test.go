//go:build race

package scan_test

// raceDetector reports a build with the race detector, whose instrumented
// code makes timing and heap figures say little about a normal build.
const raceDetector = true
