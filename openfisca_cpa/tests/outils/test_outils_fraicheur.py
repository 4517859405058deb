"""Rapport de fraîcheur : paramètres vérifiés il y a plus d'un an et valeurs annoncées, à une date imposée."""

import shutil
from datetime import date

import pytest

from openfisca_cpa.outils.fraicheur import main, rapport_fraicheur, un_an_avant
from openfisca_cpa.outils.verification import PARAMETRES


@pytest.fixture
def dossier(tmp_path):
    """Le nœud cpf.euros.salarie du paquet, avec des dates de vérification et une valeur future maîtrisées."""
    racine = tmp_path / "parameters"
    shutil.copytree(PARAMETRES / "cpf/euros/salarie", racine / "salarie")
    (racine / "index.yaml").write_text(
        'description: "Essai"\nmetadata:\n  short_label: "Essai"\n  order:\n    - salarie\n', encoding="utf-8"
    )
    for nom, verifie in (("credit_annuel", "2025-05-31"), ("plafond", "2025-06-01"), ("seuil_mi_temps", "2026-03-27")):
        chemin = racine / "salarie" / f"{nom}.yaml"
        texte = chemin.read_text(encoding="utf-8")
        debut = texte.index("last_value_still_valid_on:")
        fin = texte.index("\n", debut)
        chemin.write_text(texte[:debut] + f'last_value_still_valid_on: "{verifie}"' + texte[fin:], encoding="utf-8")
    plafond = racine / "salarie/plafond.yaml"
    plafond.write_text(
        plafond.read_text(encoding="utf-8").replace(
            "    value: 5000", "    value: 5000\n  2027-01-01:\n    value: 6000"
        ),
        encoding="utf-8",
    )
    return racine


def test_un_an_avant():
    assert un_an_avant(date(2027, 6, 1)) == date(2026, 6, 1)
    assert un_an_avant(date(2028, 2, 29)) == date(2027, 2, 28)


def test_parametres_a_revoir_et_valeurs_annoncees(dossier):
    rapport = rapport_fraicheur(dossier, date(2026, 6, 1))
    assert rapport.limite == date(2025, 6, 1)
    # Vérifié le 2025-05-31 : plus d'un an ; le 2025-06-01 : un an pile, encore frais.
    assert [(p.nom, p.verifie_le, p.age_jours(rapport.aujourd_hui)) for p in rapport.a_revoir] == [
        ("salarie.credit_annuel", date(2025, 5, 31), 366)
    ]
    (annonce,) = rapport.annoncees
    assert (annonce.nom, annonce.date, annonce.valeur) == ("salarie.plafond", date(2027, 1, 1), "6000")
    lignes = (dossier / "salarie/plafond.yaml").read_text(encoding="utf-8").splitlines()
    assert (annonce.ligne, annonce.colonne) == (lignes.index("  2027-01-01:") + 1, 3)


def test_une_fois_la_date_passee_la_valeur_n_est_plus_annoncee(dossier):
    rapport = rapport_fraicheur(dossier, date(2027, 1, 1))
    assert rapport.annoncees == []
    assert [p.nom for p in rapport.a_revoir] == ["salarie.credit_annuel", "salarie.plafond"]


def test_date_de_verification_absente(dossier):
    chemin = dossier / "salarie/seuil_mi_temps.yaml"
    chemin.write_text(
        chemin.read_text(encoding="utf-8").replace('  last_value_still_valid_on: "2026-03-27"\n', ""), encoding="utf-8"
    )
    rapport = rapport_fraicheur(dossier, date(2026, 6, 1))
    assert ("salarie.seuil_mi_temps", None) in [(p.nom, p.verifie_le) for p in rapport.a_revoir]


def test_ligne_de_commande(dossier, capsys):
    assert main([str(dossier), "--date", "2026-06-01"]) == 0
    sortie = capsys.readouterr().out
    assert (
        "Fraîcheur des paramètres au 2026-06-01 (à revoir : vérifiés pour la dernière fois avant le 2025-06-01)"
        in sortie
    )
    assert "salarie.credit_annuel : vérifié le 2025-05-31, il y a 366 jours — " in sortie
    assert "salarie.plafond : 6000 à partir du 2027-01-01 — " in sortie
    assert main([str(dossier), "--date", "2026-06-01", "--strict"]) == 1
