GO ?= go
GOLANGCI_LINT_VERSION ?= v2.15.0
GOTESTSUM_VERSION ?= v1.13.0
BIN ?= bin/cfnvet
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
# The commit is passed explicitly: some environments set GOFLAGS=-buildvcs=false.
LDFLAGS := -s -w -X main.buildVersion=$(VERSION) -X main.buildCommit=$(COMMIT)

.PHONY: all build install demo test test-race fuzz-smoke lint bench bench-go docs mutate clean

all: build test lint

# CGO_ENABLED=0: one static binary, which runs on any Linux without a
# matching libc and starts without the dynamic loader.
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/cfnvet

install:
	CGO_ENABLED=0 $(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/cfnvet

# Builds cfnvet and scans the bundled example. Findings make cfnvet exit 1;
# that is the expected outcome here, so only exit 2 (errors) fails the demo.
demo: build
	./$(BIN) scan testdata/examples || [ $$? -eq 1 ]

# gotestsum runs `go test ./...` and ends with the list of skipped tests and
# their reasons, so a run without the optional ../shared corpus says which
# checks did not run.
test:
	$(GO) run gotest.tools/gotestsum@$(GOTESTSUM_VERSION) --format pkgname -- ./...

test-race:
	$(GO) test -race ./...

# A short run of every fuzz target (their seed corpora already run in `test`).
# .ci/fuzz-smoke runs a target again when it stopped on Go 1.26's -fuzztime
# race without a finding.
FUZZTIME ?= 15s
fuzz-smoke:
	GO=$(GO) .ci/fuzz-smoke $(FUZZTIME) ./engine/template/ FuzzParse
	GO=$(GO) .ci/fuzz-smoke $(FUZZTIME) ./engine/template/ FuzzJSONParserMatchesYAML
	GO=$(GO) .ci/fuzz-smoke $(FUZZTIME) ./engine/template/ FuzzYAMLSubsetMatchesYAML
	GO=$(GO) .ci/fuzz-smoke $(FUZZTIME) ./engine/scan/ FuzzScanBytes

lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION) run ./...

# Whole-process figures of issue 12 (docs/performance.md): builds cfnvet and
# prints, per workload, the scan/parse-only ratios first, then median wall
# and CPU time and peak RSS, and where each target stands. It ends within
# BENCH_BUDGET (under five minutes with the build), giving a workload fewer
# runs when a busy machine would need more time, and says so.
BENCH_RUNS ?= 5
BENCH_BUDGET ?= 4m15s
bench:
	$(GO) run ./cmd/cfnvet-bench -runs $(BENCH_RUNS) -budget $(BENCH_BUDGET)

# The in-process go test benchmarks (start-up, policy dispatch, corpus, …).
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# docs/rules/<ID>.md and its index, generated from rule metadata and the
# first tested fixtures; TestRuleDocsUpToDate fails when they are stale.
docs:
	$(GO) run ./cmd/cfnvet-docs docs/rules

# Flips one condition at a time in rules/ and policies/ and runs that rule's
# fixtures; prints the score and the surviving mutants. Slow: narrow it with
# MUTATE_ARGS='-only policies/log' or '-max 60'.
MUTATE_ARGS ?=
mutate:
	$(GO) run ./internal/mutate $(MUTATE_ARGS)

clean:
	rm -rf bin
