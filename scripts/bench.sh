#!/usr/bin/env bash
# Runs the benchmarks of the performance targets (docs/architecture.md) and prints their table.
# The raw output (benchstat-friendly) is kept in bench.out for comparisons:
# `benchstat old.out bench.out`.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
out=${BENCH_OUT:-bench.out}
go test -tags ci -run '^$' -bench . -benchmem -count=${BENCH_COUNT:-1} -timeout 60m ./... | tee "$out"
# Start-up and memory against the bare Fyne window need real windows (Xvfb when DISPLAY is
# unset). A failure here leaves those two rows "not measured" rather than hiding the others.
go run ./tools/startbench -n "${START_RUNS:-5}" | tee -a "$out" || echo "bench: startbench failed (rows left not measured)" >&2
echo
go run ./tools/benchtable < "$out"
