# Deux commandes suffisent sur une machine neuve : `make test` et `make serve`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
WORKERS ?= 2
# Fichier du pid du maître gunicorn (make reload, make stop).
PIDFILE ?= out/gunicorn.pid

.PHONY: install lint format test test-yaml test-py serve serve-dev reload stop benchmark check clean fraicheur apercu population-demo charge panne fuzz

$(BIN)/.installe: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(BIN)/.installe

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/yamllint openfisca_cpa
	$(BIN)/python -m openfisca_cpa.outils.verification --erreurs-seulement
	$(BIN)/python -m openfisca_cpa.outils.verification_tests

test-yaml: install
	$(BIN)/openfisca test --country-package openfisca_cpa $$(find openfisca_cpa/tests -name "*.yaml" | sort)

test-py: install
	$(BIN)/pytest

test: lint test-yaml test-py

check: test

serve: install
	@mkdir -p $(dir $(PIDFILE))
	PORT=$(PORT) CPA_WORKERS=$(WORKERS) $(BIN)/gunicorn --config api/gunicorn.conf.py --pid $(PIDFILE)

# Paramètres relus sans interruption : SIGHUP au maître (vérifiés d'abord ; refusés s'ils sont invalides).
reload:
	@test -f $(PIDFILE) || { echo "Aucun serveur lancé par make serve ($(PIDFILE) absent)."; exit 1; }
	kill -HUP $$(cat $(PIDFILE))

stop:
	@test -f $(PIDFILE) || { echo "Aucun serveur lancé par make serve ($(PIDFILE) absent)."; exit 1; }
	kill -TERM $$(cat $(PIDFILE))

# Pour les juristes : un processus, rechargé à chaque modification d'un fichier Python ou YAML.
serve-dev: install
	PORT=$(PORT) CPA_DEVELOPPEMENT=1 $(BIN)/gunicorn --config api/gunicorn.conf.py

fraicheur: install
	$(BIN)/python -m openfisca_cpa.outils.fraicheur

apercu: install
	$(BIN)/python -m openfisca_cpa.outils.apercu --base HEAD --parametres openfisca_cpa/parameters

population-demo: install
	$(BIN)/openfisca-cpa generer -n 20000 --graine 42 -o out/population/population.parquet
	$(BIN)/openfisca-cpa simuler out/population/population.parquet -o out/population/resultats.parquet --rapport out/population/rapport

charge: install
	$(BIN)/python -m fiabilite.charge --duree 300 --debit 20 --rapport out/charge.json

panne: install
	$(BIN)/python -m fiabilite.charge --duree 60 --debit 20 --tuer-worker-a 30 --rapport out/panne.json

fuzz: install
	$(BIN)/python -m fiabilite.fuzz --exemples 500

benchmark: install
	$(BIN)/pytest benchmarks --benchmark-only -p no:cacheprovider -s

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
