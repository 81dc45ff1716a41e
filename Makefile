# Chorus Desk — see README.md. Every target installs what it needs (Debian/Ubuntu).
SHELL := /bin/bash
export LANG := en_US.UTF-8
GO      ?= go
BIN     := bin/chorusdesk
# Packages that import no Fyne: raced in `make test`.
CORE    := ./domain/... ./storage/... ./core/... ./i18n/... ./chorusapi/... ./conntest/... ./invoice/... ./outbox/... ./cli/...

.PHONY: run build test unit race e2e fuzz bench demo windows package package-check deps-build deps-test vet

deps-build:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test

build: deps-build
	$(GO) build -ldflags "-s -w" -o $(BIN) .

run: build
	./$(BIN)

demo: build
	./$(BIN) --demo

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet -tags ci ./...

unit:
	$(GO) test -tags ci -count=1 -timeout 20m ./...

race:
	$(GO) test -tags ci -race -count=1 -timeout 30m $(CORE)

e2e: build
	@if [ -x e2e/run.sh ]; then e2e/run.sh; else echo "e2e: no e2e/run.sh yet"; fi

# Each fuzz target for a few seconds (FUZZTIME=10s to go longer).
FUZZTIME ?= 4s
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

# The README's test command.
test: deps-test vet unit race fuzz e2e package-check

bench: deps-build
	@scripts/bench.sh

# Release packages in dist/ with `fyne package` (FyneApp.toml, Icon.png): a Linux .tar.xz and a
# Windows .exe cross-built with mingw-w64 (GUI subsystem, icon and version embedded).
package:
	@scripts/deps.sh package
	@scripts/package.sh linux

windows:
	@scripts/deps.sh package
	@scripts/package.sh windows

# Builds both packages and checks them (tools/pecheck for the .exe).
package-check: package windows
	@scripts/package-check.sh
