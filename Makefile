# Hera: `make dev` runs the whole stack on this machine, `make test` proves it.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# The one place Kratos's version is pinned is kratos/build/go.mod.
module_version = $(shell cd $(1) && go list -m -f '{{.Version}}' $(2))
KRATOS_VERSION = $(call module_version,kratos/build,github.com/ory/kratos)
CADDY_VERSION = $(call module_version,caddy/build,github.com/caddyserver/caddy/v2)
# Docker Compose, only to resolve the compose files as `docker compose` does (v5 is the
# plugin people run today; v5.7 needs a newer Go than this machine's).
COMPOSE_VERSION := v5.6.0
COMPOSE ?= .bin/docker-compose
# The Node.js line Hera's image runs (ui/Dockerfile), fetched from the npm registry's
# node-linux-* packages so the image check builds and starts it with that Node.
IMAGE_NODE_MAJOR = $(shell sed -n 's/^FROM node:\([0-9]*\)-.*/\1/p' ui/Dockerfile | head -1)
NODE_ARCH = $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x64)
CHROMIUM ?= /usr/bin/chromium
TIMED := tools/timed.sh
NPX := node_modules/.bin

UI_SOURCES := $(shell find ui/src ui/build ui/views ui/static -type f 2>/dev/null) ui/vite.config.mts ui/tsconfig.json tsconfig.json
NEXT_EXAMPLE_SOURCES := $(shell find examples/nextjs/app -type f 2>/dev/null) $(addprefix examples/nextjs/,proxy.ts next.config.ts tsconfig.json)

.PHONY: help dev build bench test test-unit test-config test-e2e test-e2e-postgres check-tools chromium compose-tool image-node e2e-tools examples passkey-accounts clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-18s %s\n", $$1, $$2 }'

dev: check-tools build ## Build what is missing, start the stack, print its URLs (Ctrl-C stops it)
	@$(NPX)/tsx tools/src/dev.ts

build: node_modules/.package-lock.json .bin/kratos .bin/caddy ui/dist/server/main.js ## Build Kratos, Caddy and Hera

test: check-tools build chromium e2e-tools examples ## Every test: unit, configuration, end-to-end (and on PostgreSQL in CI)
	@$(MAKE) test-unit
	@$(MAKE) test-config
	@$(MAKE) test-e2e
	@if [ "$${CI:-}" = "true" ] || [ -n "$${E2E_POSTGRES:-}" ]; then $(MAKE) test-e2e-postgres; \
	  else echo "(skipping the PostgreSQL run of the e2e suite: set E2E_POSTGRES=1, CI does)"; fi

test-unit: node_modules/.package-lock.json ## Format, lint and type checks, then unit tests of Hera's server, flow card, mailer and launcher
	@echo "==> Format (Prettier) and lint (typescript-eslint)"
	@$(NPX)/prettier --check --log-level warn . || { echo "Run: npx prettier --write ." >&2; exit 1; }
	@$(NPX)/eslint .
	@echo "==> Type checks"
	@for project in ui tools e2e; do $(NPX)/tsc -p $$project/tsconfig.json --noEmit || exit 1; done
	@echo "==> Unit tests"
	@$(NPX)/vitest run --config vitest.config.mts --project unit

test-config: build .bin/kratos-routes compose-tool image-node ## Kratos, Caddy, the identity schema and docker-compose.yml load in the real tools
	@echo "==> Caddy's client key (Go)"
	@cd caddy/build && go test ./clientkey/
	@echo "==> Configuration checks"
	@COMPOSE=$(COMPOSE) $(NPX)/vitest run --config vitest.config.mts --project config

test-e2e: build chromium e2e-tools examples ## The end-to-end suite in headless Chromium on SQLite
	@echo "==> End-to-end suite (Chromium, SQLite)"
	@cd e2e && CHROMIUM_PATH=$(CHROMIUM) ../$(NPX)/playwright test

test-e2e-postgres: build chromium e2e-tools examples ## The end-to-end suite on the machine's PostgreSQL
	@echo "==> End-to-end suite (Chromium, PostgreSQL at $${E2E_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432})"
	@psql "$${E2E_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}/postgres" -q -c "SELECT 1" >/dev/null \
	  || { echo "PostgreSQL is not reachable at $${E2E_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432} (set E2E_POSTGRES_URL)" >&2; exit 1; }
	@# Each e2e stack drops and creates its own database (e2e/support/stacks.ts).
	@cd e2e && E2E_DB=postgres CHROMIUM_PATH=$(CHROMIUM) ../$(NPX)/playwright test

check-tools: ## Fail early, naming any tool this machine lacks
	@missing=0; \
	for tool in go node npm gcc; do \
	  command -v $$tool >/dev/null || { echo "Missing tool: $$tool (Go 1.26+, Node.js 20.19+ with npm, and gcc for Kratos's SQLite are needed)" >&2; missing=1; }; \
	done; \
	[ $$missing -eq 0 ]; \
	node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error("Node.js " + process.versions.node + " is too old: Hera needs 20.19 or newer"); process.exit(1) }'

# Tools the tests call, from Debian when missing: installed as root with apt-get, else named.
# $(call debian_tool,COMMAND,PACKAGE,WHY)
define debian_tool
if ! command -v $(1) >/dev/null; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
    $(TIMED) "Installing $(2) from Debian" "apt-get, once; $(3)" bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null'; \
  else echo "$(1) is missing: install Debian's $(2) package ($(3))" >&2; exit 1; fi; \
fi
endef

chromium: ## Install Debian's Chromium for the e2e suite if it is missing
	@$(call debian_tool,$(CHROMIUM),chromium,the e2e suite's browser; or set CHROMIUM=/path/to/chromium)

# No Docker engine is needed: `make test` only asks Compose to resolve the files. Compose's
# go.mod has exclude directives, so `go install pkg@version` refuses it: it is built in its
# own module's folder, as its own main module.
compose-tool: ## Build Docker Compose from the Go module proxy (to resolve docker-compose.yml), or use COMPOSE
	@if [ "$(COMPOSE)" = .bin/docker-compose ] && [ ! -x .bin/docker-compose ]; then \
	  $(TIMED) "Building Docker Compose $(COMPOSE_VERSION) from the Go module proxy" "only to resolve docker-compose.yml; about 1.5 minutes the first time" \
	    bash -c 'dir=$$(go mod download -json github.com/docker/compose/v5@$(COMPOSE_VERSION) | node -p "JSON.parse(require(\"fs\").readFileSync(0)).Dir") && mkdir -p .bin && out=$$PWD/.bin/docker-compose && cd "$$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "-X github.com/docker/compose/v5/internal.Version=$(COMPOSE_VERSION)" -o "$$out" ./cmd'; \
	fi

image-node: ## Fetch the Node.js line Hera's image runs (for the image check)
	@if [ "$$(.bin/image-node/bin/node --version 2>/dev/null | cut -d. -f1)" != "v$(IMAGE_NODE_MAJOR)" ]; then \
	  $(TIMED) "Fetching Node.js $(IMAGE_NODE_MAJOR) (the image's) from the npm registry" "node-linux-$(NODE_ARCH), 53 MB, once" \
	    bash -c 'rm -rf .bin/image-node && mkdir -p .bin/image-node && cd .bin/image-node && npm pack --silent node-linux-$(NODE_ARCH)@$(IMAGE_NODE_MAJOR) >/dev/null && tar xzf node-linux-*.tgz --strip-components=1 package/bin/node && rm node-linux-*.tgz'; \
	fi

e2e-tools: ## Install what the e2e suite runs besides the stack: psql, sqlite3, openssl, redis-server
	@$(call debian_tool,psql,postgresql-client,to give each PostgreSQL test stack its database)
	@$(call debian_tool,sqlite3,sqlite3,to read the SQLite test stacks' databases)
	@$(call debian_tool,openssl,openssl,for the production test's SMTP certificate)
	@$(call debian_tool,redis-server,redis-server,for the tests that start and stop their own Redis)

# The integrator examples the e2e suite starts beside the integrator stack (examples/*/README.md).
examples: examples/express/node_modules/.package-lock.json examples/nextjs/.next/BUILD_ID .bin/example-go ## Install and build the integrator examples (Express, Next.js, Go)

examples/express/node_modules/.package-lock.json: examples/express/package-lock.json examples/express/package.json
	@$(TIMED) "Installing the Express example's npm packages" "npm ci" bash -c 'cd examples/express && npm ci --no-audit --no-fund --loglevel=error'
	@touch $@

examples/nextjs/node_modules/.package-lock.json: examples/nextjs/package-lock.json examples/nextjs/package.json
	@$(TIMED) "Installing the Next.js example's npm packages" "npm ci; about 20 seconds, once" bash -c 'cd examples/nextjs && npm ci --no-audit --no-fund --loglevel=error'
	@touch $@

examples/nextjs/.next/BUILD_ID: examples/nextjs/node_modules/.package-lock.json $(NEXT_EXAMPLE_SOURCES)
	@$(TIMED) "Building the Next.js example" "next build; about 10 seconds" bash -c 'cd examples/nextjs && out=$$(NEXT_TELEMETRY_DISABLED=1 node_modules/.bin/next build 2>&1) || { echo "$$out" >&2; exit 1; }'
	@touch $@

.bin/example-go: examples/go/go.mod examples/go/main.go
	@$(TIMED) "Building the Go example" "standard library only; seconds" bash -c 'cd examples/go && CGO_ENABLED=0 go build -trimpath -o ../../.bin/example-go .'

node_modules/.package-lock.json: package-lock.json package.json ui/package.json e2e/package.json tools/package.json
	@$(TIMED) "Installing npm packages" "npm ci" npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.bin/kratos: kratos/build/go.mod kratos/build/go.sum $(wildcard kratos/build/*.go)
	@$(TIMED) "Building Kratos $(KRATOS_VERSION) from the Go module proxy" "with SQLite; about 2.5 minutes on 2 cores the first time, seconds once Go's caches are warm" \
	  bash -c 'cd kratos/build && CGO_ENABLED=1 go build -trimpath -tags sqlite,json1 -ldflags "-X github.com/ory/kratos/driver/config.Version=$(KRATOS_VERSION)" -o ../../.bin/kratos .'

# Kratos's public routes, read from its router: the edge check holds them against caddy/Caddyfile.
.bin/kratos-routes: kratos/build/go.mod kratos/build/go.sum kratos/build/routes/main.go
	@$(TIMED) "Building the Kratos route lister" "seconds once Kratos is built" \
	  bash -c 'cd kratos/build && CGO_ENABLED=1 go build -trimpath -tags sqlite,json1 -o ../../.bin/kratos-routes ./routes'

.bin/caddy: caddy/build/go.mod caddy/build/go.sum caddy/build/main.go $(wildcard caddy/build/clientkey/*.go)
	@$(TIMED) "Building Caddy $(CADDY_VERSION) with the rate limiter" "about 1.5 minutes the first time" \
	  bash -c 'cd caddy/build && CGO_ENABLED=0 go build -trimpath -o ../../.bin/caddy .'

ui/dist/server/main.js: node_modules/.package-lock.json $(UI_SOURCES)
	@$(TIMED) "Building Hera (Vite bundle and server)" "" bash -c 'cd ui && ../$(NPX)/vite build --logLevel warn && ../$(NPX)/vite build --ssr --logLevel warn'

bench: build ## Hera beside Kratos under load, on SQLite and PostgreSQL: a table of figures and ratios (.data/bench/*.json)
	@$(NPX)/tsx tools/src/bench/main.ts $(BENCH_ARGS)

passkey-accounts: node_modules/.package-lock.json ## List accounts with a key older than their address's proof (KRATOS_ADMIN_URL; DELETE=1 removes never-proved ones)
	@$(NPX)/tsx tools/src/passkey-accounts.ts $(if $(DELETE),--delete,)

clean: ## Remove built binaries, bundles and local data
	rm -rf .bin ui/dist .data e2e/test-results examples/nextjs/.next
