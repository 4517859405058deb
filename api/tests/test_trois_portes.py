"""Les trois portes sur les mêmes personnes : API web, commande ``openfisca-cpa`` sur un vrai fichier, Python.

Mêmes chiffres, mêmes cellules vides comptées (règle « completer »), même erreur située avec la règle
« refuser » ou une valeur fautive (docs/population.md, « Valeurs manquantes : une règle, trois portes »).
"""

import io
import json

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from openfisca_cpa.population import ErreurPopulation, Microsimulation
from openfisca_cpa.population.cli import main

#: Une variable à formule (durée de référence) a aussi une cellule vide : la formule s'y applique.
CSV = (
    "id,date_naissance@ETERNITY,heures_travaillees@2023,heures_travaillees@2024,peu_qualifie@2024,"
    "duree_travail_reference@2024\n"
    "1,1980-01-01,1607,1607,false,1607\n"
    "2,1990-05-05,,800,true,\n"
    "3,,1607,,false,1607\n"
    "4,1985-03-03,800,400,,1200\n"
)
VIDES = {
    "date_naissance@ETERNITY": 1,
    "heures_travaillees@2023": 1,
    "heures_travaillees@2024": 1,
    "peu_qualifie@2024": 1,
    "duree_travail_reference@2024": 1,
}
SORTIES = ("cpf_alimentation", "cpf_solde")


def _table():
    return pacsv.read_csv(io.BytesIO(CSV.encode()), convert_options=pacsv.ConvertOptions(strings_can_be_null=True))


def _par_api_csv(client, vides=""):
    return client.post(
        f"/calculate/population?output=cpf_alimentation@2024,cpf_solde@2024{vides}",
        data=CSV.encode(),
        content_type="text/csv",
    )


def _par_api_parquet(client):
    sink = io.BytesIO()
    pq.write_table(_table(), sink)
    return client.post(
        "/calculate/population?output=cpf_alimentation@2024,cpf_solde@2024",
        data=sink.getvalue(),
        content_type="application/vnd.apache.parquet",
        headers={"Accept": "text/csv"},
    )


def _par_api_json(client, vides=""):
    table = _table().to_pandas()
    entrees = {}
    for colonne in table.columns[1:]:
        nom, periode = colonne.split("@")
        valeurs = [None if pd.isna(v) else v for v in table[colonne].tolist()]
        if nom in ("heures_travaillees", "duree_travail_reference"):
            valeurs = [None if v is None else float(v) for v in valeurs]
        entrees.setdefault(nom, {})[periode] = valeurs
    corps = {"count": 4, "input": entrees, "output": {nom: ["2024"] for nom in SORTIES}}
    return client.post(f"/calculate/population{vides}", json=corps)


def _chiffres_csv(reponse):
    table = pd.read_csv(io.BytesIO(reponse.data))
    return {nom: table[f"{nom}@2024"].to_numpy(dtype=float).tolist() for nom in SORTIES}


@pytest.fixture
def fichier(tmp_path):
    chemin = tmp_path / "population.csv"
    chemin.write_text(CSV, encoding="utf-8")
    return chemin


def test_memes_chiffres_et_memes_cellules_vides_par_les_trois_portes(client, fichier, tmp_path, capsys):
    # API web : CSV, Parquet et JSON (un null de liste est une cellule vide).
    reponse = _par_api_csv(client)
    assert reponse.status_code == 200, reponse.get_data(as_text=True)
    api = _chiffres_csv(reponse)
    assert json.loads(reponse.headers["CPA-Cellules-Vides"]) == VIDES
    reponse = _par_api_parquet(client)
    assert reponse.status_code == 200, reponse.get_data(as_text=True)
    assert _chiffres_csv(reponse) == api
    assert json.loads(reponse.headers["CPA-Cellules-Vides"]) == VIDES
    reponse = _par_api_json(client)
    assert reponse.status_code == 200, reponse.get_json()
    corps = reponse.get_json()
    assert {nom: corps["output"][nom]["2024"] for nom in SORTIES} == api
    assert corps["cellules_vides"] == VIDES

    # Commande sur un vrai fichier : résultats en forme large, synthèse.
    sortie = tmp_path / "resultats.csv"
    argv = ["simuler", str(fichier), "-o", str(sortie), "--forme-sortie", "large", "--annees", "2023-2024"]
    assert main([*argv, "--sorties", ",".join(SORTIES), "--silencieux"]) == 0
    resultats = pd.read_csv(sortie).sort_values("id")
    commande = {nom: resultats[f"{nom}_2024"].to_numpy(dtype=float).tolist() for nom in SORTIES}
    for nom in SORTIES:
        assert commande[nom] == pytest.approx(api[nom], abs=0.01)
    synthese = json.loads((tmp_path / "resultats_synthese.json").read_text(encoding="utf-8"))
    assert synthese["meta"]["cellules_vides"] == VIDES
    assert "cellules vides" in capsys.readouterr().out

    # Python : en mémoire et en flux, depuis le même fichier ; et depuis un DataFrame.
    for simulation in (Microsimulation(fichier), Microsimulation(fichier, flux=True), Microsimulation(_table())):
        python = {nom: simulation.valeurs(nom, 2024).astype(float).tolist() for nom in SORTIES}
        for nom in SORTIES:
            assert python[nom] == pytest.approx(api[nom], abs=0.01)
        assert simulation.cellules_vides == VIDES


def test_meme_cellule_vide_refusee_par_les_trois_portes(client, fichier, capsys):
    """« refuser » : la première cellule vide (3e personne, date de naissance), même code, même message."""
    reponse = _par_api_csv(client, "&vides=refuser")
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert (erreur["code"], erreur["path"]) == ("valeur_manquante", "input/date_naissance/ETERNITY/2")
    assert "cellule vide refusée" in erreur["message"]
    reponse = _par_api_json(client, "?vides=refuser")
    assert reponse.status_code == 400
    # En JSON, les colonnes se lisent dans l'ordre du corps : date de naissance d'abord, ici aussi.
    assert reponse.get_json()["error"]["path"] == "input/date_naissance/ETERNITY/2"

    assert main(["simuler", str(fichier), "--vides", "refuser", "--silencieux"]) == 2
    message = capsys.readouterr().err
    assert "ligne 4, colonne « date_naissance@ETERNITY »" in message  # ligne 1 : en-tête
    assert "cellule vide refusée" in message

    for flux in (False, True):
        with pytest.raises(ErreurPopulation) as erreur_python:
            Microsimulation(fichier, vides="refuser", flux=flux).calculate("cpf_solde", 2024)
        assert erreur_python.value.code == "valeur_manquante"
        assert (erreur_python.value.ligne, erreur_python.value.colonne) == (4, "date_naissance@ETERNITY")


def test_meme_valeur_fautive_refusee_par_les_trois_portes(client, tmp_path, capsys):
    fautif = CSV.replace("4,1985-03-03,800,400,", "4,1985-03-03,800,dix,")
    chemin = tmp_path / "fautif.csv"
    chemin.write_text(fautif, encoding="utf-8")
    reponse = client.post("/calculate/population?output=cpf_solde@2024", data=fautif.encode(), content_type="text/csv")
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert (erreur["code"], erreur["path"], erreur["received"]) == (
        "valeur_invalide",
        "input/heures_travaillees/2024/3",
        "dix",
    )
    assert main(["simuler", str(chemin), "--silencieux"]) == 2
    assert "ligne 5, colonne « heures_travaillees@2024 »" in capsys.readouterr().err
    with pytest.raises(ErreurPopulation) as erreur_python:
        Microsimulation(chemin)
    assert (erreur_python.value.code, erreur_python.value.ligne, erreur_python.value.valeur) == (
        "valeur_invalide",
        5,
        "dix",
    )


def test_regle_des_vides_inconnue_refusee_par_les_trois_portes(client, fichier):
    reponse = _par_api_csv(client, "&vides=strict")
    assert reponse.status_code == 400
    assert reponse.get_json()["error"]["path"] == "vides"
    with pytest.raises(ErreurPopulation) as erreur_python:
        Microsimulation(fichier, vides="strict")
    assert erreur_python.value.code == "requete_invalide"
    with pytest.raises(SystemExit):  # argparse : choix invalide, code 2
        main(["simuler", str(fichier), "--vides", "strict"])


def test_parquet_a_cellules_nulles_par_la_commande(tmp_path):
    """Un Parquet avec des nulles, par la commande et par Python : mêmes chiffres que le CSV."""
    chemin = tmp_path / "population.parquet"
    pq.write_table(_table(), chemin)
    csv = tmp_path / "population.csv"
    csv.write_text(CSV, encoding="utf-8")
    a = Microsimulation(chemin, flux=True).valeurs("cpf_solde", 2024)
    b = Microsimulation(csv).valeurs("cpf_solde", 2024)
    assert a.tolist() == b.tolist()


# --- Une lecture de tables : les formes de la commande acceptées par /calculate/population ------------


def _poster(client, corps, sortie="cpf_solde@2024", accept="application/json"):
    return client.post(
        f"/calculate/population?output={sortie}",
        data=corps.encode(),
        content_type="text/csv",
        headers={"Accept": accept},
    )


def test_forme_large_annee_souligne_et_poids_comme_la_commande(client, tmp_path):
    corps = "id,heures_travaillees_2023,heures_travaillees@2024,date_naissance,poids\nz,1607,1607,1980-01-01,3\ny,800,800,,1\n"
    reponse = _poster(client, corps)
    assert reponse.status_code == 200, reponse.get_json()
    # Ordre des lignes gardé (identifiants non triés), poids sans effet sur le calcul.
    assert reponse.get_json()["output"]["cpf_solde"]["2024"] == [1000.0, 497.84]
    assert reponse.get_json()["cellules_vides"] == {"date_naissance": 1}
    assert reponse.get_json()["poids"] == [3.0, 1.0]  # rendus, pas perdus
    reponse = _poster(client, corps, accept="text/csv")
    assert reponse.data.decode().splitlines()[:2] == ['"id","poids","cpf_solde@2024"', '"z",3,1000']
    chemin = tmp_path / "large.csv"
    chemin.write_text(corps, encoding="utf-8")
    assert Microsimulation(chemin).valeurs("cpf_solde", 2024).tolist() == pytest.approx([497.84, 1000.0], abs=0.01)


def test_forme_longue_avec_identifiants_rendus(client):
    corps = "id,annee,heures_travaillees\nb,2023,1607\nb,2024,\na,2023,800\na,2024,800\n"
    reponse = _poster(client, corps)
    assert reponse.status_code == 200, reponse.get_json()
    donnees = reponse.get_json()
    assert donnees["id"] == ["a", "b"]  # une personne par identifiant, dans l'ordre des identifiants
    assert donnees["output"]["cpf_solde"]["2024"] == [497.84, 500.0]
    assert donnees["cellules_vides"] == {"heures_travaillees": 1}
    reponse = _poster(client, corps, accept="text/csv")
    assert reponse.data.decode().splitlines()[1:] == ['"a",497.84', '"b",500']


@pytest.mark.parametrize(
    ("corps", "code", "chemin"),
    [
        ("id,heures_travaillees@2024\n1,1607\n1,800\n", "identifiant_en_double", "input/id/1"),
        ("heures_travaillees@2024-01\n100\n", "periode_non_prise_en_charge", "input/heures_travaillees/2024-01"),
        ("cpf_solde@2024\n100\n", "variable_calculee", "input/cpf_solde/2024"),
        ("annee,heures_travaillees\n2024,100\n", "colonne_manquante", None),
        ("id,annee,heures_travaillees\n1,2024,100\n1,2024,200\n", "ligne_en_double", "input/annee/ligne 3"),
    ],
)
def test_refus_de_la_lecture_commune(client, corps, code, chemin):
    reponse = _poster(client, corps)
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert (erreur["code"], erreur["path"]) == (code, chemin)
    assert erreur["message"].startswith("Corps CSV")


def test_colonne_inconnue_404_comme_en_json(client):
    reponse = _poster(client, "heures_travailles@2024\n100\n")
    assert reponse.status_code == 404
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "variable_inconnue"
    assert erreur["path"] == "input/heures_travailles/2024"
    assert erreur["suggestions"] == ["heures_travaillees@2024"]


@pytest.mark.parametrize(
    ("corps", "chemin"),
    [
        (b"heures_travaillees@2024\n1607,3\n", None),
        (b"id,heures_travaillees@2024\n1,16\xe907\n", None),
        (b"\xff\xfeh\x00\n1\n", "input/ligne 1"),
    ],
    ids=["champs-en-trop", "octet-non-utf8", "en-tete-utf16"],
)
def test_csv_mal_forme_erreur_nommee_pas_500(client, corps, chemin, tmp_path, capsys):
    """Un CSV mal formé : 400 fichier_illisible par l'API, code 2 et message par la commande."""
    reponse = client.post("/calculate/population?output=cpf_solde@2024", data=corps, content_type="text/csv")
    assert reponse.status_code == 400, reponse.get_data(as_text=True)
    assert (reponse.get_json()["error"]["code"], reponse.get_json()["error"]["path"]) == ("fichier_illisible", chemin)
    fichier = tmp_path / "mal_forme.csv"
    fichier.write_bytes(corps if corps.startswith(b"id") else b"id," + corps.replace(b"\n1", b"\n1,1"))
    assert main(["simuler", str(fichier), "--silencieux"]) == 2
    assert "illisible" in capsys.readouterr().err


def test_retour_chariot_dans_l_en_tete_fin_de_ligne_comme_pour_pyarrow(client):
    """Un \\r seul termine la ligne d'en-tête (comme pour pyarrow) : colonne inconnue nommée, pas de 500."""
    corps = b"id,heures_trav\raillees@2024\n1,1607\n"
    reponse = client.post("/calculate/population?output=cpf_solde@2024", data=corps, content_type="text/csv")
    assert reponse.status_code == 404
    assert reponse.get_json()["error"]["suggestions"] == ["heures_travaillees"]


def test_colonnes_datees_achat_de_formation_comme_en_json(client, tmp_path):
    """Forme large : une colonne datée (variable DAY) donne les mêmes chiffres qu'un corps JSON et que Python."""
    corps = (
        "id,heures_travaillees@2022,heures_travaillees@2023,cpf_prix_formation@2024-06-14,"
        "cpf_solde_disponible@2024-06-14\n1,1607,1607,900,\n2,800,800,3000,100\n3,1607,1607,,\n"
    )
    sorties = "cpf_montant_mobilise@2024-06-14,cpf_reste_a_charge@2024-06-14"
    reponse = _poster(client, corps, sortie=sorties)
    assert reponse.status_code == 200, reponse.get_json()
    par_csv = reponse.get_json()
    json_corps = {
        "count": 3,
        "input": {
            "heures_travaillees": {"2022": [1607, 800, 1607], "2023": [1607, 800, 1607]},
            "cpf_prix_formation": {"2024-06-14": [900, 3000, None]},
            "cpf_solde_disponible": {"2024-06-14": [None, 100, None]},
        },
        "output": {"cpf_montant_mobilise": ["2024-06-14"], "cpf_reste_a_charge": ["2024-06-14"]},
    }
    par_json = client.post("/calculate/population", json=json_corps).get_json()
    assert par_csv == par_json
    # Cellule vide d'une variable à formule (solde disponible) : la formule, tirée de la carrière.
    assert par_csv["output"]["cpf_montant_mobilise"]["2024-06-14"][0] == 800.0
    chemin = tmp_path / "achats.csv"
    chemin.write_text(corps, encoding="utf-8")
    python = Microsimulation(chemin)
    assert python.valeurs("cpf_montant_mobilise", "2024-06-14").tolist() == pytest.approx(
        par_csv["output"]["cpf_montant_mobilise"]["2024-06-14"], abs=0.01
    )
    assert python.cellules_vides == par_csv["cellules_vides"]


def test_colonne_datee_a_la_mauvaise_periode(client):
    reponse = _poster(client, "cpf_prix_formation@2024\n100\n")
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert (erreur["code"], erreur["expected"]) == ("periode_incompatible", "cpf_prix_formation@2024-06-14")
