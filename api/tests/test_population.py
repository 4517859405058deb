"""/calculate/population: columns in JSON, CSV and Parquet, same figures as /calculate."""

import io
import json

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from api.population import CSV, PARQUET
from api.tests.conftest import carriere_temps_plein

HEURES = [1607, 800, 0, 1607.5]
CATEGORIES = ["non_intermittent", "artiste", "technicien", "non_intermittent"]
NAISSANCES = ["1970-01-01", "1990-05-17", "2000-12-31", "1985-02-28"]


def corps_json(sorties=None):
    return {
        "count": 4,
        "input": {
            "heures_travaillees": {"2024": HEURES, "2025": HEURES},
            "intermittent_spectacle_categorie": {"2024": CATEGORIES},
            "intermittent_spectacle_jours": {"2024": [0, 35, 100, 0]},
            "date_naissance": {"ETERNITY": NAISSANCES},
            "peu_qualifie": {"2024": [False, True, False, False]},
        },
        "output": sorties or {"cpf_solde": ["2024", "2025"], "cpf_alimentation": ["2024"], "date_naissance": ["2024"]},
    }


def par_calculate(client, payload):
    """Les mêmes personnes envoyées une à une à /calculate."""
    individus = {}
    for i in range(payload["count"]):
        personne = {}
        for nom, par_periode in payload["input"].items():
            personne[nom] = {periode: valeurs[i] for periode, valeurs in par_periode.items()}
        for nom, periodes in payload["output"].items():
            personne.setdefault(nom, {}).update(dict.fromkeys(periodes))
        individus[f"p{i}"] = personne
    reponse = client.post("/calculate", json={"individus": individus}).get_json()["individus"]
    return {
        nom: {periode: [reponse[f"p{i}"][nom][periode] for i in range(payload["count"])] for periode in periodes}
        for nom, periodes in payload["output"].items()
    }


def test_json(client):
    payload = corps_json()
    reponse = client.post("/calculate/population", json=payload)
    assert reponse.status_code == 200
    sortie = reponse.get_json()["output"]
    # p1 : 800 h (moins du mi-temps) mais 35 cachets d'artiste peu qualifié : 800 € × 35/70 = 400 €.
    assert sortie["cpf_alimentation"]["2024"] == [500.0, 400.0, 500.0, 500.0]
    assert sortie["date_naissance"]["2024"] == NAISSANCES
    assert sortie == par_calculate(client, payload)


def test_sortie_enumeree(client):
    payload = corps_json({"intermittent_spectacle_categorie": ["2024"], "cpf_alimentation_intermittent": ["2024"]})
    sortie = client.post("/calculate/population", json=payload).get_json()["output"]
    assert sortie["intermittent_spectacle_categorie"]["2024"] == CATEGORIES
    assert sortie["cpf_alimentation_intermittent"]["2024"] == [0.0, 400.0, 500.0, 0.0]


def en_csv(payload):
    colonnes = {"id": [f"p{i}" for i in range(payload["count"])]}
    for nom, par_periode in payload["input"].items():
        for periode, valeurs in par_periode.items():
            colonnes[f"{nom}@{periode}"] = valeurs
    tampon = io.BytesIO()
    pcsv.write_csv(pa.table(colonnes), tampon)
    return tampon.getvalue(), pa.table(colonnes)


def sorties_query(payload):
    return ",".join(f"{nom}@{periode}" for nom, periodes in payload["output"].items() for periode in periodes)


def test_csv_vers_csv(client):
    payload = corps_json()
    donnees, _ = en_csv(payload)
    reponse = client.post(f"/calculate/population?output={sorties_query(payload)}", data=donnees, content_type=CSV)
    assert reponse.status_code == 200
    assert reponse.mimetype == CSV
    table = pcsv.read_csv(io.BytesIO(reponse.data))
    assert table.column_names == [
        "id",
        "cpf_solde@2024",
        "cpf_solde@2025",
        "cpf_alimentation@2024",
        "date_naissance@2024",
    ]
    attendu = client.post("/calculate/population", json=payload).get_json()["output"]
    assert table.column("id").to_pylist() == ["p0", "p1", "p2", "p3"]
    assert table.column("cpf_solde@2025").to_pylist() == attendu["cpf_solde"]["2025"]
    assert [d.isoformat() for d in table.column("date_naissance@2024").to_pylist()] == NAISSANCES


def test_parquet_vers_parquet(client):
    payload = corps_json()
    _, table_entree = en_csv(payload)
    tampon = io.BytesIO()
    pq.write_table(table_entree, tampon)
    reponse = client.post(
        f"/calculate/population?output={sorties_query(payload)}&output=intermittent_spectacle_categorie@2024",
        data=tampon.getvalue(),
        content_type=PARQUET,
    )
    assert reponse.status_code == 200
    assert reponse.mimetype == PARQUET
    table = pq.read_table(io.BytesIO(reponse.data))
    attendu = client.post("/calculate/population", json=payload).get_json()["output"]
    assert table.column("cpf_alimentation@2024").to_pylist() == attendu["cpf_alimentation"]["2024"]
    assert table.column("intermittent_spectacle_categorie@2024").to_pylist() == CATEGORIES
    assert table.schema.field("date_naissance@2024").type == pa.date32()


def test_parquet_types_natifs(client):
    """Entiers, dates et dictionnaires Arrow acceptés tels quels."""
    table = pa.table(
        {
            "heures_travaillees@2024": pa.array([1607, 0], type=pa.int32()),
            "date_naissance@ETERNITY": pa.array([pa.scalar(0, pa.date32()).as_py()] * 2, type=pa.date32()),
            "intermittent_spectacle_categorie@2024": pa.array(["artiste", "technicien"]).dictionary_encode(),
        }
    )
    tampon = io.BytesIO()
    pq.write_table(table, tampon)
    reponse = client.post(
        "/calculate/population?output=cpf_alimentation@2024,date_naissance@2024",
        data=tampon.getvalue(),
        content_type=PARQUET,
        headers={"Accept": "application/json"},
    )
    assert reponse.status_code == 200
    assert reponse.get_json()["output"]["date_naissance"]["2024"] == ["1970-01-01", "1970-01-01"]


def test_parquet_type_faux(client):
    tampon = io.BytesIO()
    pq.write_table(pa.table({"heures_travaillees@2024": pa.array([True, False])}), tampon)
    reponse = client.post("/calculate/population?output=cpf_solde@2024", data=tampon.getvalue(), content_type=PARQUET)
    assert reponse.status_code == 400
    assert reponse.get_json()["error"]["path"] == "input/heures_travaillees/2024/0"


@pytest.mark.parametrize(
    ("accept", "format_attendu"),
    [("text/csv", CSV), (PARQUET, PARQUET), ("*/*", "application/json"), (None, "application/json")],
)
def test_json_vers_le_format_demande(client, accept, format_attendu):
    headers = {"Accept": accept} if accept else {}
    reponse = client.post("/calculate/population", json=corps_json(), headers=headers)
    assert reponse.status_code == 200
    assert reponse.mimetype == format_attendu


def test_csv_sans_accept_repond_en_csv_et_json_sur_demande(client):
    donnees, _ = en_csv(corps_json())
    reponse = client.post(
        "/calculate/population?output=cpf_solde@2024",
        data=donnees,
        content_type=CSV,
        headers={"Accept": "application/json, text/csv;q=0.5"},
    )
    assert reponse.mimetype == "application/json"
    assert reponse.get_json()["output"]["cpf_solde"]["2024"] == [500.0, 400.0, 500.0, 500.0]


def test_dix_mille_personnes(client):
    """10 000 personnes × 12 années en colonnes ; la durée se mesure dans benchmarks/test_benchmark_api.py."""
    n = 10_000
    payload = {
        "count": n,
        "input": {"heures_travaillees": {str(annee): [1607.0] * n for annee in range(2015, 2027)}},
        "output": {"cpf_solde": ["2026"]},
    }
    texte = json.dumps(payload)
    reponse = client.post("/calculate/population", data=texte, content_type="application/json")
    assert reponse.status_code == 200
    assert reponse.get_json()["output"]["cpf_solde"]["2026"] == [5000.0] * n


def test_calculate_dix_mille_personnes(client):
    """/calculate : 10 000 situations lues en colonnes ; la durée se mesure dans benchmarks/test_benchmark_api.py."""
    individus = {f"p{i}": {**carriere_temps_plein(), "cpf_solde": {"2026": None}} for i in range(10_000)}
    texte = json.dumps({"individus": individus})
    reponse = client.post("/calculate", data=texte, content_type="application/json")
    assert reponse.status_code == 200
    assert reponse.get_json()["individus"]["p9999"]["cpf_solde"] == {"2026": 5000.0}
