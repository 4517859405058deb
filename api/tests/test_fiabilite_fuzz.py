"""Fuzzing de l'API à partir de sa propre spécification OpenAPI (GET /spec), forme courte pour la CI.

- schemathesis génère, pour chaque opération de la spécification (routes du navigateur comprises),
  des requêtes conformes et non conformes, les envoie à l'application Flask par WSGI (sans
  serveur) et vérifie : jamais de 5xx, statut, type de contenu, en-têtes et corps de réponse
  déclarés dans la spécification, données non conformes refusées ;
- chaque variable et chaque paramètre du modèle est demandé une fois et sa réponse validée ;
- des situations valides (fiabilite/situations.py) atteignent le calcul : jamais de 5xx.

Forme longue (serveur gunicorn réel, toutes les phases de schemathesis) :
`python -m fiabilite.fuzz --exemples 500` (voir fiabilite/README.md).

Vérification écartée : `positive_data_acceptance` (une requête conforme à la spécification doit
être acceptée). La spécification d'OpenFisca ne peut pas dire qu'une clé est une période, qu'une
heure est bornée par la durée de la période, que « debut » ≤ « fin »… : une requête conforme au
schéma peut être refusée à bon droit (400, 404, 413). Les autres vérifications restent.
"""

import math
import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api import create_app
from fiabilite import crochets, situations  # noqa: F401 (crochets : sérialiseur Parquet)

#: Exemples générés par opération en CI ; CPA_FUZZ_EXEMPLES=200 pour une passe plus longue sans serveur.
EXEMPLES = int(os.environ.get("CPA_FUZZ_EXEMPLES", "12"))

#: L'application de production (paramètres vérifiés, auto-contrôle du modèle), sans serveur.
APP = create_app()
CONFIGURATION = schemathesis.Config.from_path(Path(__file__).resolve().parents[2] / "fiabilite" / "schemathesis.toml")
SCHEMA = schemathesis.openapi.from_wsgi("/spec", APP, config=CONFIGURATION)
EXCLUES = [positive_data_acceptance]

# Le transport WSGI de schemathesis 4.32.5 ne ferme pas la réponse d'un fichier statique (la
# feuille de style du navigateur) : gunicorn la ferme, le client de test non. Sans effet sur l'API.
FICHIER_NON_FERME = "ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"


@SCHEMA.parametrize()
@settings(max_examples=EXEMPLES, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
@pytest.mark.filterwarnings(FICHIER_NON_FERME)
def test_chaque_operation_conforme_a_la_specification(case):
    case.call_and_validate(excluded_checks=EXCLUES)


def test_la_specification_couvre_toutes_les_routes():
    """Chaque route de l'application (navigateur compris) est dans la spécification, donc fuzzée."""
    import re

    specification = APP.test_client().get("/spec").get_json()
    chemins = set(specification["paths"])
    for regle in APP.url_map.iter_rules():
        if regle.endpoint == "static":
            continue
        chemin = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", str(regle.rule))
        chemin = (
            chemin.replace("{variable_id}", "{variableID}")
            .replace("{parameter_id}", "{parameterID}")
            .replace("{filename}", "{fichier}")
        )
        assert chemin in chemins or chemin.rstrip("/") in chemins, chemin


@pytest.mark.parametrize("route", ["variable", "parameter"])
def test_chaque_variable_et_chaque_parametre_conformes(route):
    """Toutes les réponses 200 de /variable/<id> et /parameter/<id> sont validées contre la spécification."""
    client = APP.test_client()
    if route == "variable":
        operation, nom, ids = SCHEMA["/variable/{variableID}"]["GET"], "variableID", list(client.get("/variables").json)
    else:
        operation, nom, ids = (
            SCHEMA["/parameter/{parameterID}"]["GET"],
            "parameterID",
            list(client.get("/parameters").json),
        )
    assert len(ids) > 50
    for identifiant in ids:
        case = operation.Case(path_parameters={nom: identifiant})
        reponse = case.call_and_validate(excluded_checks=EXCLUES)
        assert reponse.status_code == 200, identifiant


SYSTEME = APP.extensions["openfisca_cpa"].system


def _finis(valeur) -> bool:
    if isinstance(valeur, float):
        return math.isfinite(valeur)
    if isinstance(valeur, dict):
        return all(_finis(v) for v in valeur.values())
    if isinstance(valeur, list):
        return all(_finis(v) for v in valeur)
    return True


@given(
    situation=situations.situation(SYSTEME), route=st.sampled_from(["/calculate", "/trace", "/calculate/population"])
)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
def test_situations_valides_jamais_d_erreur_serveur(situation, route):
    corps = situations.en_colonnes(situation, SYSTEME) if route == "/calculate/population" else situation
    reponse = APP.test_client().post(route, json=corps)
    assert reponse.status_code < 500, (reponse.status_code, reponse.get_json())
    if reponse.status_code == 200:
        assert _finis(reponse.get_json())
    else:
        # Une situation valide ne peut être refusée que pour une période qui ne convient pas à la variable.
        assert reponse.get_json()["error"]["code"] in {"periode_incompatible", "resultat_non_fini"}, reponse.get_json()


@given(personne=situations.personne(SYSTEME), debut=st.integers(2010, 2030), duree=st.integers(0, 15))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
def test_releves_valides_jamais_d_erreur_serveur(personne, debut, duree):
    entrees = {nom: valeurs for nom, valeurs in personne.items() if None not in valeurs.values()}
    reponse = APP.test_client().post("/releve", json={"individu": entrees, "debut": debut, "fin": debut + duree})
    assert reponse.status_code < 500, (reponse.status_code, reponse.get_json())
    assert reponse.status_code == 200 or reponse.get_json()["error"]["code"] == "periode_incompatible", (
        reponse.get_json()
    )
