"""Régressions de la deuxième attaque (issue 13) : mémoire, navigateur, délai, en-têtes, CSV."""

import pytest


@pytest.mark.parametrize("jour", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_navigateur_date_hors_bornes_400(client, jour):
    for adresse in (
        "/navigateur/parametres/c2p.points.duree_periode_mois",
        "/navigateur/parametres/cpf",
        "/navigateur/",
    ):
        reponse = client.get(f"{adresse}?date={jour}")
        assert reponse.status_code == 400, adresse
        html = reponse.get_data(as_text=True)
        assert "Date hors bornes" in html
        assert "31/12/2199" in html


def test_navigateur_date_limite_acceptee(client):
    assert client.get("/navigateur/parametres/c2p.points.duree_periode_mois?date=2199-12-31").status_code == 200


def test_delai_depasse_pendant_la_finalisation_503(systeme):
    """Le délai expire pendant un after_request (réponse en cours de finalisation) : 503, pas 500."""
    import time

    from api import create_app

    app = create_app(systeme, {"DELAI_CALCUL": 0.05, "TIMEOUT": 0})
    fin = {}

    @app.after_request
    def finalisation_lente(response):
        if fin.get("deja"):
            return response  # réponse d'erreur : finalisée sans attente
        fin["deja"] = True
        # Attend le signal du délai, quelle que soit la vitesse de la machine (borne de sécurité : 30 s).
        limite = time.monotonic() + 30
        while time.monotonic() < limite:
            time.sleep(0.001)
        fin["atteinte"] = True
        return response

    reponse = app.test_client().get("/entities")
    assert "atteinte" not in fin
    assert reponse.status_code == 503
    assert reponse.get_json()["error"]["code"] == "delai_depasse"


@pytest.mark.parametrize("adresse", ["/", "/spec", "/variables", "/parameters"])
def test_host_jamais_recopie_sans_vary(client, adresse):
    reponse = client.get(adresse, headers={"Host": "pirate.example"})
    assert reponse.status_code == 200
    assert "Host" in reponse.headers.get("Vary", "")
    assert reponse.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("adresse", ["/", "/spec", "/variables", "/parameters"])
def test_url_publique_remplace_host(systeme, adresse):
    from api import create_app

    app = create_app(systeme, {"URL_PUBLIQUE": "https://cpa.example.gouv.fr/api/"})
    reponse = app.test_client().get(adresse, headers={"Host": "pirate.example"})
    texte = reponse.get_data(as_text=True)
    assert "pirate.example" not in texte
    assert "https://cpa.example.gouv.fr/api" in texte
    assert "Host" not in reponse.headers.get("Vary", "")


@pytest.mark.parametrize("hote", ["pirate.example/<script>", "a b", "x" * 300, "évil.fr", "h:port"])
def test_host_invalide_400(client, hote):
    reponse = client.get("/", headers={"Host": hote})
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "hote_invalide"
    assert len(str(erreur["received"])) <= 121


@pytest.mark.parametrize("hote", ["localhost", "127.0.0.1:5000", "[::1]:8080", "cpa.example.gouv.fr"])
def test_host_valide(client, hote):
    assert client.get("/", headers={"Host": hote}).status_code == 200


def test_identifiant_geant_tronque_dans_l_erreur(client):
    """Un identifiant de 5 Mo n'est pas recopié en entier : message et chemin bornés (api/errors.py)."""
    from api.errors import MAX_MESSAGE_CHARS

    geant = "x" * 5_000_000
    reponse = client.post("/calculate", json={"individus": {"a": {geant: {"2024": None}}}})
    assert reponse.status_code == 404
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "variable_inconnue"
    assert len(erreur["message"]) <= MAX_MESSAGE_CHARS + 1
    assert len(erreur["path"]) <= MAX_MESSAGE_CHARS + 1
    assert len(erreur["received"]) <= 121
    assert len(reponse.data) < 5000


def test_navigateur_nom_geant_tronque(client):
    reponse = client.get("/navigateur/parametres/" + "y" * 100_000)
    assert reponse.status_code == 404
    assert len(reponse.data) < 20_000


FORMULES = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\ry", "sain"]


def test_csv_de_l_api_neutralise_les_formules(client):
    """OWASP « CSV Injection » : une cellule de texte qui commence comme une formule est préfixée de « ' »."""
    import csv
    import io

    lignes = ["id,heures_travaillees@2024"] + [f'"{ident}",1607' for ident in FORMULES]
    reponse = client.post(
        "/calculate/population?output=cpf_alimentation@2024",
        data="\n".join(lignes).encode(),
        content_type="text/csv",
        headers={"Accept": "text/csv"},
    )
    assert reponse.status_code == 200, reponse.get_json()
    lues = list(csv.DictReader(io.StringIO(reponse.get_data(as_text=True), newline="")))
    assert [ligne["id"] for ligne in lues] == ["'" + f if f != "sain" else f for f in FORMULES]
    # Les nombres ne sont jamais préfixés.
    assert all(not ligne["cpf_alimentation@2024"].startswith("'") for ligne in lues)
    # Le Parquet garde les identifiants exacts.
    import pyarrow.parquet as pq

    parquet = client.post(
        "/calculate/population?output=cpf_alimentation@2024",
        data="\n".join(lignes).encode(),
        content_type="text/csv",
        headers={"Accept": "application/vnd.apache.parquet"},
    )
    assert pq.read_table(io.BytesIO(parquet.data)).column("id").to_pylist() == FORMULES


def test_csv_de_la_commande_neutralise_les_formules(tmp_path):
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    from openfisca_cpa.population.cli import main

    population = tmp_path / "population.parquet"
    assert main(["generer", "-n", str(len(FORMULES)), "--graine", "3", "-o", str(population)]) == 0
    table = pq.read_table(population)
    ids = table.column("id").to_pylist()
    correspondance = {ancien: FORMULES[i % len(FORMULES)] for i, ancien in enumerate(dict.fromkeys(ids))}
    table = table.set_column(
        table.schema.get_field_index("id"), "id", pa.array([correspondance[i] for i in ids], pa.string())
    )
    pq.write_table(table, population)
    resultats = tmp_path / "resultats.csv"
    assert main(["simuler", str(population), "-o", str(resultats), "--silencieux"]) == 0
    with open(resultats, newline="", encoding="utf-8") as flux:
        lus = {ligne["id"] for ligne in csv.DictReader(flux)}
    assert lus == {"'" + f if f != "sain" else f for f in FORMULES}
