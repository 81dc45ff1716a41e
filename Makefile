# Chorus Desk — see README.md. Every target installs what it needs (Debian/Ubuntu).
SHELL := /bin/bash
export LANG := en_US.UTF-8
GO      ?= go
BIN     := bin/chorusdesk
# Packages that import no Fyne: raced in `make test`.
CORE    := ./domain/... ./storage/... ./core/... ./i18n/... ./chorusapi/... ./conntest/... ./invoice/... ./outbox/... ./cli/... ./internal/... ./diagnose/...
# Packages that import no Fyne and so build for Windows without a C cross-compiler: vetted for
# Windows (GOOS=windows) in `make lint`.
NOFYNE  := $(CORE) ./cmd/... ./tools/pecheck/... ./tools/mkwinres/... ./tools/benchtable/...
# Where the end-to-end test saves its screenshots (never a tracked folder: `make screenshots`
# copies them into docs/screenshots).
SHOTS   ?= build/screenshots

.PHONY: run build test tree-before tree-after unit race keyring e2e screenshots fuzz bench demo vet lint cli windows msi deb package package-check deps-build deps-test

deps-build:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test lint

# fyne build (the pinned tool, scripts/deps.sh build) rather than go build: the program gets
# its app metadata (the window icon) and is compiled with the same C flags as the Linux
# package, so a cold `make test` compiles Fyne's C code for Linux once, not twice. fyne puts
# a metadata .go file in the folder for the duration of the build and removes it.
build: deps-build
	GOFLAGS="$$GOFLAGS -ldflags=-s -ldflags=-w" bin/tools/fyne build -o $(BIN)

run: build
	./$(BIN)

demo: build
	./$(BIN) --demo

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet -tags ci ./...

# go.mod tidy, staticcheck, and the Windows build of the packages without Fyne: vet, and the
# outbox tests compiled (they hold Windows-only file-locking code).
lint:
	@scripts/deps.sh lint
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }
	bin/tools/staticcheck -tags ci ./...
	GOOS=windows CGO_ENABLED=0 $(GO) vet -tags ci $(NOFYNE)
	GOOS=windows CGO_ENABLED=0 $(GO) test -tags ci -c -o /dev/null ./outbox

unit:
	$(GO) test -tags ci -count=1 -timeout 20m ./...

race:
	$(GO) test -tags ci -race -count=1 -timeout 30m $(CORE)

# The OS credential store ("keep transfers running while locked") against a real Secret
# Service: a private gnome-keyring in a D-Bus session of its own (scripts/with-keyring.sh).
keyring:
	@scripts/with-keyring.sh $(GO) test -tags ci -count=1 -run SecretService ./storage/

e2e: build
	@SHOTS=$(SHOTS) e2e/run.sh

# Runs the end-to-end test, the setup window's screens (1024×700, English and French, dark and
# light) and the Transfers scenario on a 1920×1080 screen (its big, dark and French variants),
# then refreshes docs/screenshots from them.
screenshots:
	@$(MAKE) --no-print-directory e2e SHOTS=build/screenshots
	SHOTS=build/screenshots e2e/setup-screens.sh
	SHOTS=build/screenshots e2e/transfers.sh
	cp build/screenshots/*.png docs/screenshots/
	@echo "docs/screenshots refreshed: review and commit them"

# Each fuzz target for a few seconds (FUZZTIME=10s to go longer).
FUZZTIME ?= 4s
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

# The README's test command. It must leave the work tree as it found it: tree-before notes
# what git sees (changes, untracked files), tree-after fails if that changed.
test: tree-before deps-test vet lint unit race keyring fuzz e2e package-check tree-after

tree-before:
	@mkdir -p build && git status --porcelain >build/tree-before.txt 2>/dev/null || true
tree-after:
	@git status --porcelain | diff build/tree-before.txt - >/dev/null 2>&1 || { \
	  echo "make test changed files git tracks or sees (build outputs belong in build/, dist/ or bin/):"; \
	  git status --porcelain | diff build/tree-before.txt - | sed -n 's/^> /  /p'; exit 1; }

bench: deps-build
	@scripts/bench.sh

# The console command line (no Fyne, no cgo) for Linux and macOS in dist/cli; the Windows one
# is built with its resources by `make windows`.
cli:
	@scripts/package.sh cli

# Release packages in dist/ (scripts/package.sh says what each holds).
package:
	@scripts/deps.sh package
	@scripts/package.sh linux

windows:
	@scripts/deps.sh package
	@scripts/package.sh windows

msi: windows
	@scripts/deps.sh msi
	@scripts/package.sh msi

deb: package cli
	@scripts/deps.sh deb
	@scripts/package.sh deb

# Builds every package and checks them (scripts/package-check.sh).
package-check: package cli windows msi deb
	@scripts/package-check.sh
