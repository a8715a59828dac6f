package report_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPipelineGoldenSARIFIsValid validates the SARIF golden output of the
// whole pipeline (cmd/cfnvet TestGoldenOutputs) against the schema, so a
// regenerated golden cannot hold invalid SARIF.
func TestPipelineGoldenSARIFIsValid(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", "out", "scan.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, data)
}
