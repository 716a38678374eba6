# The two commands a new user needs: `make render` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= configs/row_view.yaml

.PHONY: setup render test lint bench mutate clean

setup:
	@bash scripts/bootstrap.sh

render: setup
	$(BIN)/mnemo-anim render $(CONFIG)

# Two test processes (pytest-xdist, one per core). `loadfile` keeps each test module in one
# process, so a module's shared renders and dry runs (tests/step_ends.py) are made once; the
# modules go out longest first (tests/conftest.py), so both processes finish together.
# Bytecode is written (__pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE is set:
# the suite starts hundreds of Python processes, and each would compile the package again.
test: setup
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check mnemo_anim scenes tests
	$(BIN)/ruff format --check mnemo_anim scenes tests
	$(BIN)/mypy mnemo_anim

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

# Mutation testing of the pure modules ([tool.mutmut] in pyproject.toml): a measurement, not a
# gate. Slow (about 20-40 min on 2 cores); `$(BIN)/mutmut results` lists the survivors.
mutate: setup
	$(BIN)/pip install -q "mutmut>=3.3"
	env -u PYTHONPATH $(BIN)/mutmut run --max-children 2

clean:
	rm -rf $(VENV) .cache build *.egg-info mutants
