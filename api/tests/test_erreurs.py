"""Bad requests: every client error is a located 4xx JSON in French, never a 500 or a stack trace."""

import io
import json

import pytest

from api.errors import ApiError

PERSONNE = {"heures_travaillees": {"2024": 1607}, "cpf_solde": {"2024": None}}


def situation(**variables):
    return {"individus": {"alice": variables}}


def corps(payload):
    return {"data": json.dumps(payload), "content_type": "application/json"}


def brut(texte, content_type="application/json"):
    return {"data": texte, "content_type": content_type}


# (identifiant, route, arguments de la requête, statut, code, chemin)
CAS = [
    # Corps illisibles
    ("json-casse", "/calculate", brut('{"individus": '), 400, "json_invalide", None),
    (
        "json-nan",
        "/calculate",
        brut('{"individus": {"a": {"heures_travaillees": {"2024": NaN}}}}'),
        400,
        "json_invalide",
        None,
    ),
    (
        "json-infini",
        "/calculate",
        brut('{"individus": {"a": {"heures_travaillees": {"2024": 1e400}}}}'),
        400,
        "json_invalide",
        None,
    ),
    ("json-vide", "/calculate", brut(""), 400, "json_invalide", None),
    ("json-latin1", "/calculate", brut(b'{"individus": {"\xe9": {}}}'), 400, "json_invalide", None),
    (
        "type-xml",
        "/calculate",
        brut("<individus/>", "application/xml"),
        415,
        "type_de_contenu_non_pris_en_charge",
        None,
    ),
    # Forme de la situation
    ("pas-un-objet", "/calculate", corps([1, 2]), 400, "requete_invalide", None),
    ("sans-individus", "/calculate", corps({}), 400, "requete_invalide", "individus"),
    ("individus-vide", "/calculate", corps({"individus": {}}), 400, "requete_invalide", "individus"),
    (
        "entite-inconnue",
        "/calculate",
        corps({"individus": {"a": {}}, "menages": {}}),
        400,
        "entite_inconnue",
        "menages",
    ),
    ("entite-au-singulier", "/calculate", corps({"individu": {"a": {}}}), 400, "entite_inconnue", "individu"),
    ("axes", "/calculate", corps({**situation(**PERSONNE), "axes": [[]]}), 400, "non_pris_en_charge", "axes"),
    (
        "personne-pas-objet",
        "/calculate",
        corps({"individus": {"alice": 3}}),
        400,
        "requete_invalide",
        "individus/alice",
    ),
    (
        "variable-inconnue",
        "/calculate",
        corps(situation(cpf_sold={"2024": None})),
        404,
        "variable_inconnue",
        "individus/alice/cpf_sold",
    ),
    (
        "valeur-sans-periode",
        "/calculate",
        corps(situation(heures_travaillees=1607)),
        400,
        "requete_invalide",
        "individus/alice/heures_travaillees",
    ),
    # Périodes
    (
        "periode-invalide",
        "/calculate",
        corps(situation(heures_travaillees={"2024-13": 1})),
        400,
        "periode_invalide",
        "individus/alice/heures_travaillees/2024-13",
    ),
    (
        "periode-texte",
        "/calculate",
        corps(situation(heures_travaillees={"hier": 1})),
        400,
        "periode_invalide",
        "individus/alice/heures_travaillees/hier",
    ),
    (
        "sortie-au-mois",
        "/calculate",
        corps(situation(cpf_solde={"2024-01": None})),
        400,
        "periode_incompatible",
        "individus/alice/cpf_solde/2024-01",
    ),
    (
        "sortie-sur-deux-ans",
        "/calculate",
        corps(situation(cpf_solde={"year:2023:2": None})),
        400,
        "periode_incompatible",
        "individus/alice/cpf_solde/year:2023:2",
    ),
    (
        "entree-au-mois",
        "/calculate",
        corps(situation(heures_travaillees={"2024-01": 100})),
        400,
        "periode_incompatible",
        "individus/alice/heures_travaillees/2024-01",
    ),
    (
        "entree-eternite",
        "/calculate",
        corps(situation(heures_travaillees={"ETERNITY": 100})),
        400,
        "periode_incompatible",
        "individus/alice/heures_travaillees/ETERNITY",
    ),
    # Types des valeurs
    (
        "texte-pour-nombre",
        "/calculate",
        corps(situation(heures_travaillees={"2024": "1607"})),
        400,
        "valeur_invalide",
        "individus/alice/heures_travaillees/2024",
    ),
    (
        "expression-pour-nombre",
        "/calculate",
        corps(situation(heures_travaillees={"2024": "1600 + 7"})),
        400,
        "valeur_invalide",
        "individus/alice/heures_travaillees/2024",
    ),
    (
        "booleen-pour-nombre",
        "/calculate",
        corps(situation(heures_travaillees={"2024": True})),
        400,
        "valeur_invalide",
        "individus/alice/heures_travaillees/2024",
    ),
    (
        "tableau-pour-nombre",
        "/calculate",
        corps(situation(heures_travaillees={"2024": [1, 2]})),
        400,
        "valeur_invalide",
        "individus/alice/heures_travaillees/2024",
    ),
    (
        "objet-pour-nombre",
        "/calculate",
        corps(situation(heures_travaillees={"2024": {"a": 1}})),
        400,
        "valeur_invalide",
        "individus/alice/heures_travaillees/2024",
    ),
    (
        "texte-pour-booleen",
        "/calculate",
        corps(situation(peu_qualifie={"2024": "true"})),
        400,
        "valeur_invalide",
        "individus/alice/peu_qualifie/2024",
    ),
    (
        "nombre-pour-booleen",
        "/calculate",
        corps(situation(peu_qualifie={"2024": 1})),
        400,
        "valeur_invalide",
        "individus/alice/peu_qualifie/2024",
    ),
    (
        "entier-decimal",
        "/calculate",
        corps(situation(cpf_annee_solde_initial={"ETERNITY": 2019.5})),
        400,
        "valeur_invalide",
        "individus/alice/cpf_annee_solde_initial/ETERNITY",
    ),
    (
        "enum-inconnue",
        "/calculate",
        corps(situation(intermittent_spectacle_categorie={"2024": "chanteur"})),
        400,
        "valeur_invalide",
        "individus/alice/intermittent_spectacle_categorie/2024",
    ),
    (
        "date-impossible",
        "/calculate",
        corps(situation(date_naissance={"ETERNITY": "1980-02-30"})),
        400,
        "valeur_invalide",
        "individus/alice/date_naissance/ETERNITY",
    ),
    (
        "date-francaise",
        "/calculate",
        corps(situation(date_naissance={"ETERNITY": "01/02/1980"})),
        400,
        "valeur_invalide",
        "individus/alice/date_naissance/ETERNITY",
    ),
    (
        "date-partielle",
        "/calculate",
        corps(situation(date_naissance={"ETERNITY": "1980"})),
        400,
        "valeur_invalide",
        "individus/alice/date_naissance/ETERNITY",
    ),
    # Bornes (api/bounds.py)
    (
        "heures-negatives",
        "/calculate",
        corps(situation(heures_travaillees={"2024": -1})),
        400,
        "valeur_hors_bornes",
        "individus/alice/heures_travaillees/2024",
    ),
    (
        "heures-au-dela-de-l-annee",
        "/calculate",
        corps(situation(heures_travaillees={"2023": 8761})),
        400,
        "valeur_hors_bornes",
        "individus/alice/heures_travaillees/2023",
    ),
    (
        "mois-13",
        "/calculate",
        corps(situation(mois_activite_independante={"2024": 13})),
        400,
        "valeur_hors_bornes",
        "individus/alice/mois_activite_independante/2024",
    ),
    (
        "taux-1-5",
        "/calculate",
        corps(situation(atmp_taux_incapacite_permanente={"2024": 1.5})),
        400,
        "valeur_hors_bornes",
        "individus/alice/atmp_taux_incapacite_permanente/2024",
    ),
    (
        "montant-negatif",
        "/calculate",
        corps(situation(cpf_droits_mobilises={"2024": -10})),
        400,
        "valeur_hors_bornes",
        "individus/alice/cpf_droits_mobilises/2024",
    ),
    (
        "dif-au-dela-de-120",
        "/calculate",
        corps(situation(cpf_heures_dif={"ETERNITY": 121})),
        400,
        "valeur_hors_bornes",
        "individus/alice/cpf_heures_dif/ETERNITY",
    ),
    (
        "naissance-1850",
        "/calculate",
        corps(situation(date_naissance={"ETERNITY": "1850-01-01"})),
        400,
        "valeur_hors_bornes",
        "individus/alice/date_naissance/ETERNITY",
    ),
    (
        "entier-enorme",
        "/calculate",
        corps(situation(cpf_annee_solde_initial={"ETERNITY": 10**30})),
        400,
        "valeur_hors_bornes",
        "individus/alice/cpf_annee_solde_initial/ETERNITY",
    ),
    (
        "la-deuxieme-personne",
        "/calculate",
        corps({"individus": {"a": {"heures_travaillees": {"2024": 1}}, "b": {"heures_travaillees": {"2024": -1}}}}),
        400,
        "valeur_hors_bornes",
        "individus/b/heures_travaillees/2024",
    ),
    # /trace suit les mêmes règles
    (
        "trace-variable-inconnue",
        "/trace",
        corps(situation(cpf_sold={"2024": None})),
        404,
        "variable_inconnue",
        "individus/alice/cpf_sold",
    ),
    # Population en colonnes
    (
        "pop-sans-count",
        "/calculate/population",
        corps({"output": {"cpf_solde": ["2024"]}}),
        400,
        "requete_invalide",
        "count",
    ),
    (
        "pop-count-booleen",
        "/calculate/population",
        corps({"count": True, "output": {"cpf_solde": ["2024"]}}),
        400,
        "requete_invalide",
        "count",
    ),
    (
        "pop-count-zero",
        "/calculate/population",
        corps({"count": 0, "output": {"cpf_solde": ["2024"]}}),
        400,
        "requete_invalide",
        "count",
    ),
    ("pop-cle-inconnue", "/calculate/population", corps({"count": 1, "sortie": {}}), 400, "requete_invalide", "sortie"),
    (
        "pop-longueur",
        "/calculate/population",
        corps({"count": 3, "input": {"heures_travaillees": {"2024": [1, 2]}}, "output": {"cpf_solde": ["2024"]}}),
        400,
        "requete_invalide",
        "input/heures_travaillees/2024",
    ),
    (
        "pop-type-a-l-indice-2",
        "/calculate/population",
        corps({"count": 3, "input": {"heures_travaillees": {"2024": [1, 2, "3"]}}, "output": {"cpf_solde": ["2024"]}}),
        400,
        "valeur_invalide",
        "input/heures_travaillees/2024/2",
    ),
    (
        # Un null de liste est une cellule vide : refusée seulement par la règle stricte (?vides=refuser).
        "pop-null-a-l-indice-1-vides-refuser",
        "/calculate/population?vides=refuser",
        corps({"count": 2, "input": {"heures_travaillees": {"2024": [1, None]}}, "output": {"cpf_solde": ["2024"]}}),
        400,
        "valeur_manquante",
        "input/heures_travaillees/2024/1",
    ),
    (
        "pop-regle-des-vides-inconnue",
        "/calculate/population?vides=strict",
        corps({"count": 1, "input": {"heures_travaillees": {"2024": [1]}}, "output": {"cpf_solde": ["2024"]}}),
        400,
        "requete_invalide",
        "vides",
    ),
    (
        "pop-borne-a-l-indice-1",
        "/calculate/population",
        corps({"count": 2, "input": {"heures_travaillees": {"2024": [1, 9000]}}, "output": {"cpf_solde": ["2024"]}}),
        400,
        "valeur_hors_bornes",
        "input/heures_travaillees/2024/1",
    ),
    (
        "pop-sortie-inconnue",
        "/calculate/population",
        corps({"count": 1, "output": {"cpf_sold": ["2024"]}}),
        404,
        "variable_inconnue",
        "output/cpf_sold",
    ),
    (
        "pop-sortie-au-mois",
        "/calculate/population",
        corps({"count": 1, "output": {"cpf_solde": ["2024-01"]}}),
        400,
        "periode_incompatible",
        "output/cpf_solde/2024-01",
    ),
    ("pop-sans-sortie", "/calculate/population", corps({"count": 1}), 400, "requete_invalide", "output"),
    (
        "pop-csv-sans-sortie",
        "/calculate/population",
        brut("heures_travaillees@2024\n1607\n", "text/csv"),
        400,
        "requete_invalide",
        "output",
    ),
    (
        "pop-csv-colonne-mal-nommee",
        "/calculate/population?output=cpf_solde@2024",
        brut("heures_travaillees\n1607\n", "text/csv"),
        400,
        "annee_manquante",  # le code de la commande sur le même fichier (une seule lecture de tables)
        "input/heures_travaillees",
    ),
    (
        "pop-csv-valeur-ligne-2",
        "/calculate/population?output=cpf_solde@2024",
        brut("heures_travaillees@2024\n1607\nbeaucoup\n", "text/csv"),
        400,
        "valeur_invalide",
        "input/heures_travaillees/2024/1",
    ),
    (
        "pop-csv-cellule-vide-vides-refuser",
        "/calculate/population?output=cpf_solde@2024&vides=refuser",
        brut("heures_travaillees@2024,peu_qualifie@2024\n1607,true\n1607,\n", "text/csv"),
        400,
        "valeur_manquante",
        "input/peu_qualifie/2024/1",
    ),
    (
        "pop-csv-sortie-mal-formee",
        "/calculate/population?output=cpf_solde",
        brut("heures_travaillees@2024\n1607\n", "text/csv"),
        400,
        "requete_invalide",
        "output/0",
    ),
    (
        "pop-parquet-illisible",
        "/calculate/population?output=cpf_solde@2024",
        brut(b"pas du parquet", "application/vnd.apache.parquet"),
        400,
        "fichier_illisible",
        None,
    ),
    # Relevé et projection
    ("releve-sans-individu", "/releve", corps({"debut": 2015, "fin": 2020}), 400, "requete_invalide", "individu"),
    ("releve-cle-inconnue", "/releve", corps({"individu": {}, "annee": 2020}), 400, "requete_invalide", "annee"),
    ("releve-debut-texte", "/releve", corps({"individu": {}, "debut": "2015"}), 400, "requete_invalide", "debut"),
    (
        "releve-fin-avant-debut",
        "/releve",
        corps({"individu": {}, "debut": 2020, "fin": 2019}),
        400,
        "requete_invalide",
        "fin",
    ),
    (
        "releve-variable-inconnue",
        "/releve",
        corps({"individu": {"cpf_sold": {"2020": 1}}, "fin": 2020}),
        404,
        "variable_inconnue",
        "individu/cpf_sold",
    ),
    (
        "releve-valeur-hors-bornes",
        "/releve",
        corps({"individu": {"heures_travaillees": {"2020": -5}}, "fin": 2020}),
        400,
        "valeur_hors_bornes",
        "individu/heures_travaillees/2020",
    ),
    (
        "projection-sans-jusqu-a",
        "/projection",
        corps({"individu": {"heures_travaillees": {"2024": 1607}}}),
        400,
        "requete_invalide",
        "jusqu_a",
    ),
    (
        "projection-dans-le-passe",
        "/projection",
        corps({"individu": {"heures_travaillees": {"2024": 1607}}, "jusqu_a": 2024}),
        400,
        "requete_invalide",
        "jusqu_a",
    ),
    (
        "projection-sans-annee",
        "/projection",
        corps({"individu": {}, "jusqu_a": 2030}),
        400,
        "requete_invalide",
        "individu",
    ),
    (
        "projection-date-reference",
        "/projection",
        corps({"individu": {"heures_travaillees": {"2024": 1607}}, "jusqu_a": 2030, "date_reference": "demain"}),
        400,
        "requete_invalide",
        "date_reference",
    ),
]


def verifier_erreur(reponse, statut, code, chemin):
    assert reponse.status_code == statut, reponse.get_data(as_text=True)
    assert reponse.mimetype == "application/json"
    assert reponse.headers["Country-Package"] == "openfisca-cpa"
    assert "Country-Package-Version" in reponse.headers
    texte = reponse.get_data(as_text=True)
    assert "Traceback" not in texte and "/work/" not in texte and "site-packages" not in texte
    erreur = json.loads(texte)["error"]
    assert {"code", "message", "path", "expected", "received"} <= set(erreur)
    assert set(erreur) <= {"code", "message", "path", "expected", "received", "suggestions", "request_id"}
    assert erreur["code"] == code
    assert erreur["path"] == chemin
    assert erreur["message"] and (erreur["message"][0].isupper() or erreur["message"][0] in "«")
    return erreur


@pytest.mark.parametrize(
    ("route", "requete", "statut", "code", "chemin"), [cas[1:] for cas in CAS], ids=[cas[0] for cas in CAS]
)
def test_requete_invalide(client, route, requete, statut, code, chemin):
    verifier_erreur(client.post(route, **requete), statut, code, chemin)


def test_variable_inconnue_propose_les_plus_proches(client):
    erreur = verifier_erreur(
        client.post("/calculate", json=situation(cpf_sold={"2024": None})),
        404,
        "variable_inconnue",
        "individus/alice/cpf_sold",
    )
    assert erreur["suggestions"][0] == "cpf_solde"
    assert "cpf_solde" in erreur["message"]
    assert erreur["received"] == "cpf_sold"


def test_valeur_enumeree_propose_les_plus_proches(client):
    erreur = verifier_erreur(
        client.post("/calculate", json=situation(intermittent_spectacle_categorie={"2024": "artist"})),
        400,
        "valeur_invalide",
        "individus/alice/intermittent_spectacle_categorie/2024",
    )
    assert erreur["suggestions"] == ["artiste"]


def test_heures_bornees_par_la_longueur_de_l_annee(client):
    """8 784 heures en 2024 (bissextile), 8 760 en 2023."""
    assert (
        client.post(
            "/calculate", json=situation(heures_travaillees={"2024": 8784}, cpf_solde={"2024": None})
        ).status_code
        == 200
    )
    erreur = verifier_erreur(
        client.post("/calculate", json=situation(heures_travaillees={"2024": 8785})),
        400,
        "valeur_hors_bornes",
        "individus/alice/heures_travaillees/2024",
    )
    assert erreur["expected"].startswith("un nombre entre 0 et 8 784")
    assert erreur["received"] == 8785


def test_attendu_et_recu_en_francais(client):
    erreur = verifier_erreur(
        client.post("/calculate", json=situation(heures_travaillees={"2024": "1607"})),
        400,
        "valeur_invalide",
        "individus/alice/heures_travaillees/2024",
    )
    assert erreur["expected"] == "un nombre"
    assert erreur["received"] == "1607"
    assert "chaîne de caractères" in erreur["message"]


def test_route_inconnue_en_json(client):
    erreur = verifier_erreur(client.get("/nulle-part"), 404, "route_inconnue", None)
    assert erreur["received"] == "/nulle-part"


def test_methode_non_autorisee_en_json(client):
    reponse = client.get("/calculate")
    erreur = verifier_erreur(reponse, 405, "methode_non_autorisee", None)
    assert "POST" in reponse.headers["Allow"]
    assert erreur["received"] == "GET"


def test_parametre_inconnu(client):
    erreur = verifier_erreur(client.get("/parameter/cpf.euros.salarie.plafon"), 404, "parametre_inconnu", None)
    assert erreur["suggestions"][0] == "cpf.euros.salarie.plafond"


def test_variable_inconnue_sur_la_route_variable(client):
    erreur = verifier_erreur(client.get("/variable/cpf_sold"), 404, "variable_inconnue", None)
    assert erreur["suggestions"][0] == "cpf_solde"


@pytest.mark.parametrize(
    ("route", "requete", "code", "chemin"),
    [
        ("/calculate", corps({"individus": {f"p{i}": {} for i in range(4)}}), "trop_de_personnes", "individus"),
        ("/trace", corps({"individus": {f"p{i}": {} for i in range(3)}}), "trop_de_personnes", "individus"),
        (
            "/calculate",
            corps(situation(heures_travaillees={str(a): 1 for a in range(2015, 2020)})),
            "trop_de_periodes",
            "individus/alice/heures_travaillees/2019",
        ),
        (
            "/calculate",
            corps({"individus": {"a": {"heures_travaillees": {"2024": 1607}, "x": "y" * 5000}}}),
            "corps_trop_volumineux",
            None,
        ),
        ("/calculate/population", corps({"count": 6, "output": {"cpf_solde": ["2024"]}}), "trop_de_personnes", "count"),
        (
            "/calculate/population?output=cpf_solde@2024",
            brut("heures_travaillees@2024\n" + "1\n" * 6, "text/csv"),
            "trop_de_personnes",
            "count",
        ),
        ("/releve", corps({"individu": {}, "debut": 2015, "fin": 2026}), "trop_de_periodes", "fin"),
        (
            "/projection",
            corps({"individu": {"heures_travaillees": {"2020": 1}}, "jusqu_a": 2030}),
            "trop_de_periodes",
            "jusqu_a",
        ),
    ],
    ids=[
        "personnes",
        "personnes-trace",
        "periodes",
        "taille-du-corps",
        "population",
        "population-csv",
        "releve",
        "projection",
    ],
)
def test_limites_en_413(petit_client, route, requete, code, chemin):
    erreur = verifier_erreur(petit_client.post(route, **requete), 413, code, chemin)
    assert "CPA_" in erreur["message"] or "octets" in erreur["message"]


def test_format_de_reponse_non_disponible(client):
    reponse = client.post(
        "/calculate/population",
        json={"count": 1, "output": {"cpf_solde": ["2024"]}},
        headers={"Accept": "application/xml"},
    )
    verifier_erreur(reponse, 406, "format_de_reponse_non_pris_en_charge", None)


def test_les_erreurs_ne_dependent_pas_de_flask():
    """Les fonctions de calcul lèvent des ApiError, utilisables sans serveur."""
    from api import compute
    from openfisca_cpa import CountryTaxBenefitSystem

    with pytest.raises(ApiError) as erreur:
        compute.calculate(CountryTaxBenefitSystem(), situation(cpf_sold={"2024": None}))
    assert erreur.value.status == 404
    assert erreur.value.to_dict()["error"]["path"] == "individus/alice/cpf_sold"


def test_corps_sans_longueur_au_dela_de_la_limite(petit_client):
    """Un corps envoyé par morceaux (sans Content-Length) n'est pas tronqué en silence : 413."""
    donnees = json.dumps({"individus": {f"p{i}": {"heures_travaillees": {"2024": 1607}} for i in range(100)}})
    reponse = petit_client.post(
        "/calculate",
        input_stream=io.BytesIO(donnees.encode()),
        content_type="application/json",
        environ_overrides={"wsgi.input_terminated": True},
    )
    verifier_erreur(reponse, 413, "corps_trop_volumineux", None)
