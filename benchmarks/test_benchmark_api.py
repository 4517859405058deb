"""Benchmarks of the web API beside openfisca_web_api 46 on the same package, in the same run.

    make benchmark      # or: .venv/bin/pytest benchmarks --benchmark-enable --benchmark-only -p no:cacheprovider

Both apps are called through Flask's test client with a body serialised beforehand: the figures
include reading the JSON body, validating it, building the simulation, computing and serialising
the answer, but not the network. Every person works full time from 2015 to 2026 (12 yearly
inputs) and asks for cpf_solde in 2026.

openfisca_web_api has no columnar route: its figures are for /calculate with the same persons.
Its ingestion is quadratic, so it is measured at 1,000 and 10,000 persons only (10,000 already
takes about 20 s; 1,000,000 would take days).
"""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the web app `api/` is not installed: it runs from the repository root
    sys.path.insert(0, str(ROOT))

from openfisca_web_api.app import create_app as create_core_app  # noqa: E402

from api import create_app  # noqa: E402
from openfisca_cpa import CountryTaxBenefitSystem  # noqa: E402

YEARS = [str(year) for year in range(2015, 2027)]


def situation(count: int) -> bytes:
    person = {"heures_travaillees": dict.fromkeys(YEARS, 1607), "cpf_solde": {"2026": None}}
    return json.dumps({"individus": {f"p{i}": person for i in range(count)}}).encode()


def population(count: int) -> bytes:
    return json.dumps(
        {
            "count": count,
            "input": {"heures_travaillees": {year: [1607] * count for year in YEARS}},
            "output": {"cpf_solde": ["2026"]},
        }
    ).encode()


@pytest.fixture(scope="module")
def system():
    return CountryTaxBenefitSystem()


@pytest.fixture(scope="module")
def ours(system):
    # Au-delà des limites par défaut (500 000 personnes, 640 Mio par requête) : le banc mesure la vitesse.
    return create_app(
        system, {"MAX_CONTENT_LENGTH": 1024**3, "MAX_PERSONNES": 1_000_000, "MEMOIRE_REQUETE": 0}
    ).test_client()


@pytest.fixture(scope="module")
def core(system):
    return create_core_app(system).test_client()


def post(client, route, body):
    response = client.post(route, data=body, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


# --- one person ------------------------------------------------------------------------------


@pytest.mark.benchmark(group="calculate, 1 personne")
def test_calculate_one_person_ours(benchmark, ours):
    body = situation(1)
    benchmark(post, ours, "/calculate", body)


@pytest.mark.benchmark(group="calculate, 1 personne")
def test_calculate_one_person_openfisca_web_api(benchmark, core):
    body = situation(1)
    benchmark(post, core, "/calculate", body)


# --- /calculate with many persons --------------------------------------------------------------


@pytest.mark.benchmark(group="calculate, 1 000 personnes")
def test_calculate_1000_ours(benchmark, ours):
    body = situation(1_000)
    benchmark.pedantic(post, args=(ours, "/calculate", body), rounds=5, iterations=1)


@pytest.mark.benchmark(group="calculate, 1 000 personnes")
def test_calculate_1000_openfisca_web_api(benchmark, core):
    body = situation(1_000)
    benchmark.pedantic(post, args=(core, "/calculate", body), rounds=3, iterations=1)


@pytest.mark.benchmark(group="10 000 personnes")
def test_calculate_10000_ours(benchmark, ours):
    body = situation(10_000)
    benchmark.pedantic(post, args=(ours, "/calculate", body), rounds=5, iterations=1)


@pytest.mark.benchmark(group="10 000 personnes")
def test_population_10000_ours(benchmark, ours):
    body = population(10_000)
    response = benchmark.pedantic(post, args=(ours, "/calculate/population", body), rounds=10, iterations=1)
    assert response.get_json()["output"]["cpf_solde"]["2026"][0] == 5000.0


@pytest.mark.benchmark(group="10 000 personnes")
def test_calculate_10000_openfisca_web_api(benchmark, core):
    body = situation(10_000)
    benchmark.pedantic(post, args=(core, "/calculate", body), rounds=1, iterations=1)


# --- one million persons -----------------------------------------------------------------------


@pytest.mark.benchmark(group="1 000 000 personnes")
def test_population_1000000_ours(benchmark, ours):
    body = population(1_000_000)
    response = benchmark.pedantic(post, args=(ours, "/calculate/population", body), rounds=3, iterations=1)
    assert len(response.get_json()["output"]["cpf_solde"]["2026"]) == 1_000_000


@pytest.mark.benchmark(group="1 000 000 personnes")
def test_population_1000000_parquet_ours(benchmark, ours):
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({f"heures_travaillees@{year}": pa.array([1607.0] * 1_000_000) for year in YEARS})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    body = sink.getvalue()

    def call():
        response = ours.post(
            "/calculate/population?output=cpf_solde@2026",
            data=body,
            content_type="application/vnd.apache.parquet",
        )
        assert response.status_code == 200
        return response

    benchmark.pedantic(call, rounds=3, iterations=1)
