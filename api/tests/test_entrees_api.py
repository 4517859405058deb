"""Issue 13 : les entrées qui répondaient 500 ou étaient changées en silence, refusées en 4xx nommant la faute."""

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

PARQUET = "application/vnd.apache.parquet"


def _situation(entrees, sortie=("cpf_solde", "2024")):
    personne = dict(entrees)
    personne.setdefault(sortie[0], {})[sortie[1]] = None
    return {"individus": {"a": personne}}


ROUTES = [
    ("/calculate", lambda e: _situation(e)),
    ("/trace", lambda e: _situation(e)),
    ("/releve", lambda e: {"individu": e, "debut": 2019, "fin": 2024}),
    (
        "/calculate/population",
        lambda e: {
            "count": 1,
            "input": {nom: {p: [v] for p, v in par_periode.items()} for nom, par_periode in e.items()},
            "output": {"cpf_solde": ["2024"]},
        },
    ),
]


@pytest.mark.parametrize(("route", "corps"), ROUTES, ids=[r for r, _ in ROUTES])
def test_periode_hors_horizon_refusee_partout(client, route, corps):
    """{"9999": 1000} : la fin de la période déborde ; 500 avant, 400 periode_hors_horizon maintenant."""
    reponse = client.post(route, json=corps({"heures_travaillees": {"9999": 1000}}))
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "periode_hors_horizon"
    assert erreur["path"].endswith("heures_travaillees/9999")
    assert "2100" in erreur["message"]


def test_solde_demande_en_9999_refuse_sans_calcul(client):
    reponse = client.post("/calculate", json={"individus": {"a": {"cpf_solde": {"9999": None}}}})
    assert reponse.status_code == 400
    assert reponse.get_json()["error"]["code"] == "periode_hors_horizon"


@pytest.mark.parametrize(("route", "corps"), ROUTES, ids=[r for r, _ in ROUTES])
def test_quantite_permanente_sans_borne_refusee_partout(client, route, corps):
    """cpf_solde_heures_initial à 1e308 : 422 sur /calculate, 500 sur /releve avant ; 400 partout maintenant."""
    reponse = client.post(route, json=corps({"cpf_solde_heures_initial": {"ETERNITY": 1e308}}))
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "valeur_hors_bornes"
    assert "400" in erreur["expected"]
    assert erreur["received"] == 1e308


@pytest.mark.parametrize(("route", "corps"), ROUTES, ids=[r for r, _ in ROUTES])
def test_meme_entree_deux_fois_refusee(client, route, corps):
    reponse = client.post(route, json=corps({"heures_travaillees": {"2024": 1607, "year:2024": 800}}))
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "entree_en_double"
    assert erreur["received"] == ["2024", "year:2024"]


def test_cle_json_en_double_refusee(client):
    corps = b'{"individus": {"a": {"heures_travaillees": {"2024": 1607, "2024": 800}, "cpf_solde": {"2024": null}}}}'
    reponse = client.post("/calculate", data=corps, content_type="application/json")
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "entree_en_double"
    assert erreur["received"] == "2024"
    assert erreur["path"] == "individus/a/heures_travaillees/2024"
    assert "« individus/a/heures_travaillees »" in erreur["message"]


@pytest.mark.parametrize(
    ("route", "corps", "chemin"),
    [
        ("/calculate", b'{"individus": {"a": {}}, "individus": {"b": {}}}', "individus"),
        (
            "/calculate/population",
            b'{"count": 2, "input": {"heures_travaillees": {"2024": [1, 2], "2025": [1, 2], "2024": [3, 4]}},'
            b' "output": {"cpf_solde": ["2024"]}}',
            "input/heures_travaillees/2024",
        ),
        # Une liste de nombres d'abord (orjson compte mal les clés), puis l'objet en double dans une liste.
        (
            "/calculate/population",
            b'{"count": 1, "input": {"heures_travaillees": {"2024": [1]}},'
            b' "output": {"cpf_solde": ["2024"]}, "x": [1, {"a": 1, "b": {"c": 1, "c": 2}}]}',
            "x/1/b/c",
        ),
    ],
)
def test_cle_json_en_double_situee(client, route, corps, chemin):
    """La clé en double porte le chemin de l'objet qui la contient, comme toute autre erreur."""
    reponse = client.post(route, data=corps, content_type="application/json")
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "entree_en_double"
    assert erreur["path"] == chemin


def _csv(client, corps, accept="text/csv"):
    return client.post(
        "/calculate/population?output=cpf_solde@2024",
        data=corps,
        content_type="text/csv",
        headers={"Accept": accept},
    )


@pytest.mark.parametrize(
    "entete",
    [
        "id,heures_travaillees@2024,heures_travaillees@2024",
        "id,id,heures_travaillees@2024",
        "id,heures_travaillees@2024,heures_travaillees@year:2024",
    ],
)
def test_csv_colonne_en_double_refusee(client, entete):
    n = entete.count(",") + 1
    reponse = _csv(client, (entete + "\n" + ",".join(["1"] * n) + "\n").encode())
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "entree_en_double"
    # La lecture du paquet (celle de la commande) nomme la colonne fautive et les deux positions.
    assert erreur["path"].startswith("input/")
    assert "en double" in erreur["message"]


def test_csv_ligne_vide_refusee_avec_son_numero(client):
    reponse = _csv(client, b"id,heures_travaillees@2024\n1,1607\n\n2,800\n")
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "ligne_vide"
    assert erreur["path"] == "input/ligne 3"
    assert "ligne 3 : ligne vide" in erreur["message"]
    # La fin de ligne finale n'est pas une ligne vide.
    assert _csv(client, b"id,heures_travaillees@2024\n1,1607\n2,800\n").status_code == 200


@pytest.mark.parametrize("cellule", ["NaN", "inf", "-inf", "nan", "NA", "null", "abc"])
def test_csv_nan_et_infini_refuses(client, cellule):
    reponse = _csv(client, f"id,heures_travaillees@2024\n1,{cellule}\n".encode())
    assert reponse.status_code == 400
    assert reponse.get_json()["error"]["code"] == "valeur_invalide"


def test_csv_nombres_ecrits_en_texte_lus(client):
    reponse = _csv(client, b"id,heures_travaillees@2024\n1, 1607 \n2,1e3\n")
    assert reponse.status_code == 200
    assert reponse.data.decode().splitlines()[1:] == ["1,500", "2,500"]


def _parquet(client, table, accept="text/csv"):
    flux = io.BytesIO()
    pq.write_table(table, flux)
    return client.post(
        "/calculate/population?output=cpf_solde@2024",
        data=flux.getvalue(),
        content_type=PARQUET,
        headers={"Accept": accept},
    )


@pytest.mark.parametrize("texte", [" 1607 ", "1e3", "1607"])
def test_parquet_texte_refuse_comme_une_chaine_json(client, texte):
    reponse = _parquet(client, pa.table({"heures_travaillees@2024": [texte]}))
    assert reponse.status_code == 400
    assert reponse.get_json()["error"]["code"] == "valeur_invalide"


@pytest.mark.parametrize("ids", [pa.array([[1], [2]]), pa.array([b"a", b"b"])], ids=["liste", "binaire"])
@pytest.mark.parametrize("accept", ["text/csv", "application/json", PARQUET])
def test_parquet_id_liste_ou_binaire_refuse(client, ids, accept):
    reponse = _parquet(client, pa.table({"id": ids, "heures_travaillees@2024": [1607, 800]}), accept=accept)
    assert reponse.status_code == 400
    assert reponse.get_json()["error"]["path"] == "input/id"
