"""Catalogue du navigateur : ordre des index.yaml, mise en forme française, graphique SVG, paramètres cités."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from openfisca_cpa.outils import catalogue

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def unites():
    return catalogue.lire_unites_detaillees()


def test_ordre_des_index(systeme, unites):
    arbre = catalogue.arbre(systeme.parameters, unites, date(2026, 11, 29))
    cpf = next(n for n in arbre if n.cle == "cpf")
    ordre = systeme.parameters.cpf.metadata["order"]
    assert [n.cle for n in cpf.enfants][: len(ordre)] == ordre
    euros = next(n for n in cpf.enfants if n.cle == "euros")
    salarie = next(n for n in euros.enfants if n.cle == "salarie")
    credit = next(n for n in salarie.enfants if n.cle == "credit_annuel")
    assert (credit.nom, credit.feuille, credit.valeur_actuelle) == ("cpf.euros.salarie.credit_annuel", True, "500 €")


@pytest.mark.parametrize(
    ("valeur", "unite", "texte"),
    [
        (5000, "currency-EUR", "5\u202f000 €"),
        (9.61, "currency-EUR", "9,61 €"),
        (0.5, "/1", "0,5 (50 %)"),
        (24, "hour", "24 h"),
        (True, "bool", "oui"),
        (None, "currency-EUR", "— (supprimé)"),
    ],
)
def test_valeurs_en_francais(unites, valeur, unite, texte):
    assert catalogue.valeur_fr(valeur, unite, unites) == texte


def test_fiche_et_graphique(systeme, unites):
    fiche = catalogue.fiche_parametre(
        "commun.smic_horaire", systeme.parameters.commun.smic_horaire, unites, date(2026, 11, 29)
    )
    assert fiche.historique[0].debut == "2015-01-01" and fiche.historique[0].fin == "2015-12-31"
    assert fiche.en_vigueur.valeur_texte == "12,02 €" and fiche.historique[-1].fin == "en vigueur"
    assert fiche.historique[-1].journal_officiel == "2025-12-18"
    assert fiche.historique[-1].references[0]["href"].startswith("https://")
    svg = ET.fromstring(fiche.graphique)
    points = svg.findall(f"{SVG}circle")
    assert len(points) == len(fiche.historique)
    assert points[-1].find(f"{SVG}title").text == "2026-01-01 : 12,02 €"
    assert svg.find(f"{SVG}path").get("d").startswith("M")


def test_valeur_supprimee_interrompt_la_courbe(unites):
    svg = ET.fromstring(
        catalogue.graphique_svg([("2015-01-01", 24), ("2019-01-01", None)], "hour", unites, date(2026, 1, 1))
    )
    chemin = svg.find(f"{SVG}path").get("d")
    assert chemin.count("M") == 1 and len(svg.findall(f"{SVG}circle")) == 1


def test_parametres_cites_par_une_formule():
    source = """
def formula(individu, period, parameters):
    p = parameters(period).cpf.euros
    s = p.salarie
    return s.plafond + p.oeth.plafond + parameters(period).commun.smic_horaire
"""
    noms = {
        "cpf",
        "cpf.euros",
        "cpf.euros.salarie",
        "cpf.euros.salarie.plafond",
        "cpf.euros.oeth",
        "cpf.euros.oeth.plafond",
        "commun",
        "commun.smic_horaire",
    }
    assert catalogue.parametres_cites(source, noms) == [
        "commun.smic_horaire",
        "cpf.euros.oeth.plafond",
        "cpf.euros.salarie.plafond",
    ]
