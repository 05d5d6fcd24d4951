# The two commands a fresh machine needs: `make dev` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Checkov (the security linter of deploy/) pins packages the platform has outgrown: its own venv.
CHECKOV_VENV := $(VENV)/tools/checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
# Exports of uv.lock that pip installs with --require-hashes (docs/runbooks/deploy.md, "Builds").
UV_EXPORT := $(BIN)/uv export --frozen --no-emit-project --quiet

.PHONY: dev test lint typecheck asyncapi lock clean

# Everything from the lock, hash-checked; the project itself is built without reaching out
# for build tools (setuptools is in the lock too).
$(STAMP): pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(CHECKOV_STAMP): requirements/security-lint.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet --require-hashes -r requirements/security-lint.txt
	touch $(CHECKOV_STAMP)

# After changing dependencies in pyproject.toml: re-resolve uv.lock and re-export it.
# (A test fails while they disagree; on a merge conflict in these files, take either side
# and run this again.)
lock: $(STAMP)
	$(BIN)/uv lock
	$(UV_EXPORT) --extra dev --group build -o requirements/dev.txt
	$(UV_EXPORT) --no-default-groups --group build -o requirements/runtime.txt
	$(UV_EXPORT) --no-default-groups --only-group security-lint -o requirements/security-lint.txt

dev: $(STAMP)
	$(BIN)/icp dev

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck $(CHECKOV_STAMP)
	$(BIN)/pytest -q -n 2 --dist loadfile

asyncapi: $(STAMP)
	$(BIN)/icp asyncapi

clean:
	rm -rf $(VENV) .devstack .pytest_cache .mypy_cache .ruff_cache
