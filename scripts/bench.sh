#!/usr/bin/env bash
# Runs the benchmarks of spec §6 and prints their table. The raw output (benchstat-friendly)
# is kept in bench.out for comparisons: `benchstat old.out bench.out`.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
out=${BENCH_OUT:-bench.out}
go test -tags ci -run '^$' -bench . -benchmem -count=${BENCH_COUNT:-1} -timeout 60m ./... | tee "$out"
echo
go run ./tools/benchtable < "$out"
