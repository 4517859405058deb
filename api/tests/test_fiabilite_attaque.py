"""Régressions de la deuxième attaque (issue 13) : mémoire, navigateur, délai, en-têtes, CSV."""

import numpy as np
import pytest

from api.tests.conftest import carriere_temps_plein


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


# ----- Mémoire : les attaques (à échelle réduite) refusées avant de lire le corps ou de calculer ----- #


@pytest.fixture
def sans_calcul(monkeypatch):
    """Tout calcul ou toute lecture de tableau fait échouer le test : le refus doit venir avant."""
    import api.compute
    import api.population

    def interdit(*args, **kwargs):
        raise AssertionError("calcul ou lecture lancé malgré le refus")

    monkeypatch.setattr(api.population, "calculate_columns", interdit)
    monkeypatch.setattr(api.population, "read_table", interdit)
    monkeypatch.setattr(api.compute, "build_simulation", interdit)


def _refus_memoire(reponse):
    assert reponse.status_code == 413, reponse.get_data(as_text=True)[:500]
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "calcul_trop_couteux"
    assert "CPA_MEMOIRE_REQUETE" in erreur["message"] and "Mio" in erreur["message"]
    return erreur


def test_toutes_les_sorties_sur_100_ans_refusees(client, systeme, sans_calcul):
    """L'attaque (20 000 personnes × 68 sorties annuelles × 100 ans : 639 Mo de réponse), dans l'horizon.

    Au-delà de 2100, l'horizon des périodes (openfisca_cpa/entrees.py) refuse déjà la requête (400
    periode_hors_horizon) : les 86 années 2015-2100 suffisent à dépasser la mémoire par requête.
    """
    annuelles = [
        nom
        for nom, variable in systeme.variables.items()
        if str(variable.definition_period) == "year" and variable.entity.key == "individu"
    ]
    corps = {"count": 20_000, "output": {nom: [str(a) for a in range(2015, 2101)] for nom in annuelles}}
    erreur = _refus_memoire(client.post("/calculate/population", json=corps))
    assert "valeur(s) de résultat en JSON" in erreur["message"]


@pytest.fixture
def petite_memoire(systeme):
    """Une limite de 4 Mio : les attaques, divisées d'autant, se refusent de même."""
    from api import create_app

    return create_app(systeme, {"MEMOIRE_REQUETE": 4 * 1024 * 1024}).test_client()


def test_entrees_json_massives_refusees_avant_lecture(petite_memoire, sans_calcul, monkeypatch):
    """1 000 000 × 60 colonnes (229 Mio) à l'échelle : refusé sur le corps brut, avant même json.loads."""
    import api.routes.common

    def interdit(body):
        raise AssertionError("corps JSON lu malgré le refus")

    monkeypatch.setattr(api.routes.common, "parse_json", interdit)
    n = 4_000
    entree = {"heures_travaillees": {str(a): [1607.5] * n for a in range(1966, 2026)}}
    corps = {"count": n, "input": entree, "output": {"cpf_solde": ["2025"]}}
    erreur = _refus_memoire(petite_memoire.post("/calculate/population", json=corps))
    assert "corps JSON" in erreur["message"]


def test_json_de_conteneurs_vides_refuse_avant_lecture(petite_memoire, monkeypatch):
    """« [[],[],…] » : 3 octets par liste, 72 une fois lue ; refusé sur le corps brut."""
    import api.routes.common

    monkeypatch.setattr(api.routes.common, "parse_json", lambda body: pytest.fail("corps lu"))
    corps = b"[" + b"[]," * 100_000 + b"[]]"
    _refus_memoire(petite_memoire.post("/calculate", data=corps, content_type="application/json"))


def test_csv_a_40000_colonnes_refuse_avant_lecture(petite_memoire, sans_calcul):
    """Un CSV de colonnes dupliquées (40 000 à l'attaque, 400 ici) : refusé avant que pyarrow le lise."""
    entete = ",".join(["heures_travaillees@2024"] * 400)
    corps = (entete + "\n" + ",".join(["1607"] * 400) + "\n").encode()
    erreur = _refus_memoire(
        petite_memoire.post("/calculate/population?output=cpf_solde@2025", data=corps, content_type="text/csv")
    )
    assert "400 colonne(s)" in erreur["message"]


def test_parquet_lu_par_ses_metadonnees(petite_memoire, sans_calcul):
    """Un Parquet très compressé (colonnes constantes) : la taille lue vient des métadonnées, pas du corps."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 200_000
    tampon = io.BytesIO()
    pq.write_table(pa.table({f"heures_travaillees@{a}": pa.array(np.zeros(n)) for a in range(2000, 2010)}), tampon)
    assert len(tampon.getvalue()) < 200_000
    _refus_memoire(
        petite_memoire.post(
            "/calculate/population?output=cpf_solde@2025",
            data=tampon.getvalue(),
            content_type="application/vnd.apache.parquet",
        )
    )


def test_solde_lointain_compte_les_annees_rejouees(client, systeme, sans_calcul):
    """cpf_solde en 2100 rejoue 86 ans depuis 2015 : 60 000 personnes passent en 2026, pas en 2100."""
    from openfisca_core import periods

    from api import budget

    solde = systeme.variables["cpf_solde"]
    modele = budget.cost_model(systeme)
    assert modele.values(1, [(solde, periods.period("2100"))]) >= 86 * modele.values(
        1, [(solde, periods.period("2015"))]
    )
    _refus_memoire(client.post("/calculate/population", json={"count": 100_000, "output": {"cpf_solde": ["2100"]}}))


def test_solde_proche_admis(client, systeme):
    reponse = client.post("/calculate/population", json={"count": 100_000, "output": {"cpf_solde": ["2026"]}})
    assert reponse.status_code == 200


@pytest.fixture
def memoire_1_mio(systeme):
    from api import create_app

    return create_app(systeme, {"MEMOIRE_REQUETE": 1024 * 1024}).test_client()


def test_situation_et_trace_comptent_la_memoire(memoire_1_mio, sans_calcul):
    client = memoire_1_mio
    personnes = {f"p{i}": {**carriere_temps_plein(), "cpf_solde": {"2100": None}} for i in range(300)}
    _refus_memoire(client.post("/calculate", json={"individus": personnes}))
    personnes = {f"p{i}": {**carriere_temps_plein(), "cpf_solde": {"2100": None}} for i in range(20)}
    _refus_memoire(client.post("/trace", json={"individus": personnes}))


def test_memoire_rendue_apres_une_grosse_requete(systeme, monkeypatch):
    """Après une requête qui finit au-dessus du repos + SEUIL, gc et malloc_trim sont appelés (api/memoire.py)."""
    from api import create_app, memoire

    app = create_app(systeme)
    gardien = app.extensions["cpa_memoire"]
    niveaux = iter([100 * memoire.MIB, 500 * memoire.MIB, 30 * memoire.MIB])
    appels = []
    monkeypatch.setattr(memoire, "rss", lambda: next(niveaux))
    monkeypatch.setattr(memoire, "liberer", lambda: appels.append(1) or 110 * memoire.MIB)
    client = app.test_client()
    client.get("/health").close()  # premier passage : niveau de repos
    assert gardien.repos == 110 * memoire.MIB
    client.get("/health").close()  # 500 Mio > repos + 64 Mio : mémoire rendue
    assert gardien.liberations == 1
    client.get("/health").close()  # sous le seuil : rien
    assert gardien.liberations == 1 and len(appels) == 2
