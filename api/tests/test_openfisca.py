"""OpenFisca-compatible routes: same shapes as openfisca_web_api 46, plus units and references."""

import json
from datetime import datetime

import numpy as np
import pytest
from openapi_spec_validator import validate
from openfisca_core.model_api import YEAR, Variable
from openfisca_web_api.app import create_app as create_core_app

from api import create_app
from api.tests.conftest import carriere_temps_plein
from openfisca_cpa import CountryTaxBenefitSystem
from openfisca_cpa.entities import Individu

SITUATIONS = [
    {"individus": {"alice": {**carriere_temps_plein(), "cpf_solde": {"2025": None, "2026": None}}}},
    {
        "individus": {
            "alice": {"heures_travaillees": {"2024": 800}, "cpf_alimentation": {"2024": None}},
            "bob": {
                "heures_travaillees": {"2024": 1607},
                "peu_qualifie": {"2024": True},
                "cpf_alimentation": {"2024": None},
                "cpf_plafond": {"2024": None},
            },
            "chloe": {
                "mois_activite_independante": {"2024": 6},
                "cpf_alimentation_independant": {"2024": None},
                "date_naissance": {"ETERNITY": "1990-05-17"},
            },
        }
    },
    {
        "individus": {
            "dora": {
                "intermittent_spectacle_categorie": {"2024": "artiste"},
                "intermittent_spectacle_jours": {"2024": 35},
                "cpf_alimentation_intermittent": {"2024": None},
            }
        }
    },
]


@pytest.fixture(scope="module")
def client_openfisca(systeme):
    """L'API web d'OpenFisca sur le même paquet, pour comparer les réponses."""
    return create_core_app(systeme).test_client()


@pytest.mark.parametrize("situation", SITUATIONS)
def test_calculate_repond_comme_openfisca_web_api(client, client_openfisca, situation):
    notre = client.post("/calculate", json=situation)
    reference = client_openfisca.post("/calculate", json=situation)
    assert notre.status_code == reference.status_code == 200
    assert notre.get_json() == reference.get_json()


def test_calculate_sans_content_type(client):
    """openfisca_web_api répond 500 ; ici le corps est lu comme du JSON (curl -d l'envoie en formulaire)."""
    texte = json.dumps(SITUATIONS[0])
    for requete in ({"data": texte}, {"data": texte, "content_type": "application/x-www-form-urlencoded"}):
        reponse = client.post("/calculate", **requete)
        assert reponse.status_code == 200
        assert reponse.get_json()["individus"]["alice"]["cpf_solde"] == {"2025": 4940.0, "2026": 5000.0}


def test_calculate_garde_l_ordre_et_les_entrees(client):
    situation = {"individus": {"z": {"cpf_solde": {"2024": None}, "heures_travaillees": {"2024": 1607.5}}, "a": {}}}
    reponse = client.post("/calculate", json=situation).get_json()
    assert list(reponse["individus"]) == ["z", "a"]
    assert list(reponse["individus"]["z"]) == ["cpf_solde", "heures_travaillees"]
    assert reponse["individus"]["z"]["heures_travaillees"] == {"2024": 1607.5}


def test_calculate_decimales_propres(client):
    """Pas de bruit float32 (964.2000122) ni de float(str(x)) : arrondi à l'unité."""
    situation = {
        "individus": {"a": {"heures_travaillees": {"2024": 964.2}, "cpf_part_activite_salariee": {"2024": None}}}
    }
    reponse = client.post("/calculate", json=situation).get_json()
    part = reponse["individus"]["a"]["cpf_part_activite_salariee"]["2024"]
    assert part == round(964.2 / 1607, 6)


def test_calculate_accents_en_utf8(client):
    reponse = client.get("/variable/cpf_solde")
    assert "Solde statutaire du CPF en euros au 31 décembre".encode() in reponse.data
    assert b"\\u00e9" not in reponse.data


def test_trace_comme_openfisca_web_api(client, client_openfisca):
    situation = SITUATIONS[1]
    notre = client.post("/trace", json=situation).get_json()
    reference = client_openfisca.post("/trace", json=situation).get_json()
    assert notre["requestedCalculations"] == reference["requestedCalculations"]
    assert notre["entitiesDescription"] == reference["entitiesDescription"] == {"individus": ["alice", "bob", "chloe"]}
    assert set(notre["trace"]) == set(reference["trace"])
    for cle, noeud in reference["trace"].items():
        assert notre["trace"][cle]["dependencies"] == noeud["dependencies"]
        valeur = noeud["value"]
        if isinstance(valeur, list) and valeur and isinstance(valeur[0], str) and valeur[0].endswith("GMT"):
            # openfisca_web_api sérialise les dates au format HTTP (Flask) ; nous les écrivons en ISO 8601.
            valeur = [datetime.strptime(v, "%a, %d %b %Y %H:%M:%S GMT").date().isoformat() for v in valeur]
        assert notre["trace"][cle]["value"] == pytest.approx(valeur) or notre["trace"][cle]["value"] == valeur


def test_spec_openapi_valide_et_complete(client, app):
    reponse = client.get("/spec")
    assert reponse.status_code == 200
    spec = reponse.get_json()
    validate(spec)
    assert spec["servers"] == [{"url": "http://localhost"}]
    routes = {
        str(regle.rule).replace("<variable_id>", "{variableID}").replace("<path:parameter_id>", "{parameterID}")
        for regle in app.url_map.iter_rules()
        if regle.endpoint != "static"
    }
    routes = {route.rstrip("/") or "/" for route in routes if not route.startswith("/navigateur")}
    assert routes <= set(spec["paths"]), routes - set(spec["paths"])
    assert spec["components"]["schemas"]["SituationOutput"]["example"]["individus"]["alice"]["cpf_solde"] == {
        "2024": 1000.0
    }
    erreur = spec["paths"]["/calculate"]["post"]["responses"]["400"]["content"]["application/json"]["schema"]
    assert erreur == {"$ref": "#/components/schemas/Error"}


def test_variables_comme_openfisca_web_api(client, client_openfisca):
    notre = client.get("/variables").get_json()
    reference = client_openfisca.get("/variables").get_json()
    assert notre == reference


def test_variable_avec_unite_et_references(client, client_openfisca):
    notre = client.get("/variable/cpf_solde").get_json()
    reference = client_openfisca.get("/variable/cpf_solde").get_json()
    assert notre["unit"] == "currency-EUR"
    assert notre["unitLabel"] == "euros"
    assert notre["references"] == reference["references"]
    assert notre["references"][0].startswith("https://www.legifrance.gouv.fr/")
    # Le reste est celui d'openfisca_web_api ; les liens « source » visent la branche principale.
    for cle in ("id", "description", "valueType", "defaultValue", "definitionPeriod", "entity", "documentation"):
        assert notre[cle] == reference[cle]
    assert set(notre["formulas"]) == set(reference["formulas"])
    formule = notre["formulas"]["2018-01-01"]
    assert formule["documentation"] == reference["formulas"]["2018-01-01"]["documentation"]
    # openfisca_web_api : <dépôt>/blob/<version>/<chemin>#Lx-Ly ; ici <dépôt>/blob/main/<chemin>#Lx-Ly.
    chemin = reference["formulas"]["2018-01-01"]["source"].split("/blob/", 1)[1].split("/", 1)[1]
    assert formule["source"].endswith("/blob/main/" + chemin)
    assert notre["source"].split("#")[0].endswith("/blob/main/openfisca_cpa/variables/cpf/cpf_solde.py")


def test_variable_enumeree(client):
    variable = client.get("/variable/intermittent_spectacle_categorie").get_json()
    assert variable["possibleValues"]["artiste"].startswith("Artiste")
    assert variable["unit"] is None


def test_parametres_comme_openfisca_web_api(client, client_openfisca):
    notre = client.get("/parameters").get_json()
    assert notre == client_openfisca.get("/parameters").get_json()
    assert "cpf.euros.salarie.plafond" in notre


def test_parametre_avec_references_datees(client, client_openfisca):
    for identifiant in ("cpf.euros.salarie.plafond", "cpf/euros/salarie/plafond"):
        notre = client.get(f"/parameter/{identifiant}").get_json()
        assert notre["values"] == {"2019-01-01": 5000}
        assert notre["metadata"]["unit"] == "currency-EUR"
        assert notre["references"]["2019-01-01"][0]["href"].startswith("https://www.legifrance.gouv.fr/")
    smic = client.get("/parameter/commun.smic_horaire").get_json()
    reference = client_openfisca.get("/parameter/commun.smic_horaire").get_json()
    assert smic["metadata"] == reference["metadata"]  # servies en entier
    assert smic["values"] == reference["values"]
    assert set(smic["references"]) == set(smic["values"])
    for date, references in smic["references"].items():
        assert references == smic["metadata"]["reference"][date]


def test_noeud_de_parametres(client):
    noeud = client.get("/parameter/cpf").get_json()
    assert "euros" in noeud["subparams"]
    assert "references" not in noeud


def test_entites_comme_openfisca_web_api(client, client_openfisca):
    assert client.get("/entities").get_json() == client_openfisca.get("/entities").get_json()


def test_accueil_et_sante(client):
    accueil = client.get("/")
    assert accueil.status_code == 200
    assert accueil.get_json()["spec"] == "http://localhost/spec"
    sante = client.get("/health").get_json()
    assert sante["status"] == "ok"
    assert sante["country_package"] == "openfisca-cpa"
    assert sante["variables"] > 30


def test_entetes_sur_chaque_reponse(client):
    for reponse in (client.get("/"), client.get("/spec"), client.get("/inconnu"), client.post("/calculate", data="{")):
        assert reponse.headers["Country-Package"] == "openfisca-cpa"
        assert reponse.headers["Country-Package-Version"]


def test_barre_oblique_finale(client):
    assert client.get("/variables/").status_code == 200


@pytest.fixture(scope="module")
def client_fragile():
    """Un système dont deux formules sont fautives : l'API ne doit jamais rendre du JSON invalide."""

    class essai_nan(Variable):
        value_type = float
        entity = Individu
        definition_period = YEAR
        label = "Essai : renvoie NaN pour la deuxième personne"

        def formula(individu, period):
            return np.array([1.0, np.nan, np.inf])[: individu.count]

    class essai_panne(Variable):
        value_type = float
        entity = Individu
        definition_period = YEAR
        label = "Essai : lève une exception"

        def formula(individu, period):
            raise RuntimeError("/chemin/secret/du/serveur.py")

    systeme = CountryTaxBenefitSystem()
    systeme.add_variable(essai_nan)
    systeme.add_variable(essai_panne)
    return create_app(systeme).test_client()


def test_nan_jamais_envoye(client_fragile):
    reponse = client_fragile.post("/calculate", json={"individus": {"a": {"essai_nan": {"2024": None}}}})
    assert reponse.status_code == 200
    assert reponse.get_json()["individus"]["a"]["essai_nan"]["2024"] == 1.0
    situation = {"individus": {"a": {}, "b": {"essai_nan": {"2024": None}}}}
    reponse = client_fragile.post("/calculate", json=situation)
    assert reponse.status_code == 422
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == "resultat_non_fini"
    assert erreur["path"] == "individus/b/essai_nan/2024"
    assert "NaN" not in reponse.get_data(as_text=True).replace("NaN ou infini", "")
    population = client_fragile.post("/calculate/population", json={"count": 3, "output": {"essai_nan": ["2024"]}})
    assert population.status_code == 422
    assert population.get_json()["error"]["path"] == "output/essai_nan/2024/1"
    trace = client_fragile.post("/trace", json={"individus": {"a": {}, "b": {"essai_nan": {"2024": None}}}})
    assert trace.status_code == 200
    assert trace.get_json()["trace"]["essai_nan<2024>"]["value"] == [1.0, None]
    json.loads(trace.get_data(as_text=True), parse_constant=refuser)


def refuser(constante):
    raise AssertionError(f"{constante} envoyé dans du JSON")


def test_erreur_interne_en_json_sans_details(client_fragile):
    reponse = client_fragile.post("/calculate", json={"individus": {"a": {"essai_panne": {"2024": None}}}})
    assert reponse.status_code == 500
    texte = reponse.get_data(as_text=True)
    assert "secret" not in texte and "Traceback" not in texte
    assert reponse.get_json()["error"]["code"] == "erreur_interne"
    assert reponse.headers["Country-Package"] == "openfisca-cpa"
