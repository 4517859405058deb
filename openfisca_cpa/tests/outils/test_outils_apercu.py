"""Aperçu d'une modification réelle : 500 € → 600 € pour le montant annuel d'un salarié, dans une copie."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from openfisca_cpa.outils import apercu as module
from openfisca_cpa.outils.apercu import ChangementParametre, annee_par_defaut, apercu, main
from openfisca_cpa.outils.verification import PARAMETRES

CREDIT = Path("cpf/euros/salarie/credit_annuel.yaml")

TESTS_YAML = """
- name: "R6323-1 I : 500 € pour un temps plein"
  period: 2020
  absolute_error_margin: 0.01
  input:
    heures_travaillees: 1607
  output:
    cpf_alimentation: 500
- name: "Trois salariés : temps plein, quart-temps, sans activité"
  period: 2020
  absolute_error_margin: 0.01
  input:
    heures_travaillees: [1607, 401.75, 0]
  output:
    cpf_alimentation: [500, 125, 0]
- name: "Régime en heures : 24 h en 2016, inchangé"
  period: 2016
  input:
    heures_travaillees: 1607
  output:
    cpf_alimentation: 24
"""


@pytest.fixture(scope="module")
def modifie(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("apercu") / "parameters"
    shutil.copytree(PARAMETRES, dossier)
    fichier = dossier / CREDIT
    texte = fichier.read_text(encoding="utf-8")
    assert "    value: 500\n" in texte
    fichier.write_text(texte.replace("    value: 500\n", "    value: 600\n"), encoding="utf-8")
    return dossier


@pytest.fixture(scope="module")
def tests_yaml(tmp_path_factory):
    fichier = tmp_path_factory.mktemp("tests") / "cpf_alimentation.yaml"
    fichier.write_text(TESTS_YAML, encoding="utf-8")
    return fichier


@pytest.fixture(scope="module")
def resultat(modifie, tests_yaml):
    return apercu(modifie, tests=[tests_yaml], annee=2020, taille=300)


def test_parametre_modifie(resultat):
    (changement,) = resultat.parametres
    assert changement.nom == "cpf.euros.salarie.credit_annuel"
    assert changement.lignes() == ["2019-01-01 : 500 → 600"]


def test_tests_yaml_qui_changent(resultat):
    par_nom = {t.nom: t for t in resultat.tests}
    assert len(par_nom) == 3
    plein = par_nom["R6323-1 I : 500 € pour un temps plein"]
    assert (plein.reussi_avant, plein.reussi_apres, plein.etiquette) == (True, False, "réussissait → échoue")
    (verification,) = plein.verifications
    assert (verification.avant, verification.apres) == ([500.0], [600.0])
    assert verification.texte() == "cpf_alimentation@2020 : attendu 500, avant 500, après 600 (+100.00)"
    trois = par_nom["Trois salariés : temps plein, quart-temps, sans activité"]
    assert trois.verifications[0].apres == [600.0, 150.0, 0.0]
    heures = par_nom["Régime en heures : 24 h en 2016, inchangé"]
    assert not heures.change and heures.reussi_apres


def test_impact_sur_la_population(resultat):
    impact = resultat.population
    assert (impact.annee, impact.taille) == (2020, 300)
    alimentation = next(v for v in impact.variables if v.variable == "cpf_alimentation")
    assert alimentation.unite == "€"
    assert alimentation.concernes > 0 and alimentation.perdants == 0
    # Au plus +100 € par personne (temps plein), moins au prorata sous le mi-temps.
    assert 0 < alimentation.ecart <= 100 * alimentation.concernes
    assert alimentation.gagnants == alimentation.concernes
    assert impact.concernes >= alimentation.concernes


def test_rapport_texte(resultat):
    texte = resultat.texte()
    assert "1. Paramètres modifiés : 1\n  cpf.euros.salarie.credit_annuel\n      2019-01-01 : 500 → 600" in texte
    assert "2. Tests YAML : 3 tests, 2 changent de résultat (réussis avant : 3, après : 1)" in texte
    assert "[réussissait → échoue]" in texte
    assert "3. Impact sur une population synthétique, année 2020" in texte


def test_annee_par_defaut():
    ancien = ChangementParametre("x", {"2019-01-01": 500}, {"2019-01-01": 600})
    assert annee_par_defaut([ancien], aujourd_hui=date(2026, 11, 29)) == 2026
    futur = ChangementParametre("x", {"2026-01-01": 103.2}, {"2026-01-01": 103.2, "2027-01-01": 104})
    assert annee_par_defaut([futur]) == 2027
    borne = ChangementParametre("x", {"2015-01-01": 24, "2019-01-01": None}, {"2015-01-01": 30, "2019-01-01": None})
    assert annee_par_defaut([borne]) == 2018


def test_ligne_de_commande_refuse_des_parametres_invalides(modifie, tmp_path, capsys):
    casse = tmp_path / "casse"
    shutil.copytree(modifie, casse)
    fichier = casse / CREDIT
    fichier.write_text(fichier.read_text(encoding="utf-8").replace("value: 600", 'value: "600 €"'), encoding="utf-8")
    assert main(["--parametres", str(casse), "--taille", "0"]) == 2
    erreur = capsys.readouterr().err
    assert "credit_annuel.yaml" in erreur and "600 €" in erreur


def test_revision_git_sans_toucher_au_depot(tests_yaml, capsys):
    """`git archive` vers un dossier temporaire : ni worktree, ni index, ni fichier du dossier de travail touchés."""
    racine = Path(module.PAQUET).parent
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=racine, capture_output=True).returncode:
        pytest.skip("pas de dépôt git")

    def etat():
        commandes = (["worktree", "list"], ["stash", "list"], ["rev-parse", "HEAD"])
        return [subprocess.run(["git", *c], cwd=racine, capture_output=True, text=True).stdout for c in commandes]

    avant = etat()
    with module.parametres_de_revision("HEAD") as dossier:
        assert (dossier / CREDIT).exists()
    assert not dossier.exists()
    assert main(["--revision", "HEAD", "--tests", str(tests_yaml), "--taille", "0"]) == 0
    assert "Modifié   : révision HEAD" in capsys.readouterr().out
    assert etat() == avant
    with (
        pytest.raises(ValueError, match="révision git « pas-une-revision » illisible"),
        module.parametres_de_revision("pas-une-revision"),
    ):
        pass


def test_population_du_projet_et_repli(monkeypatch, systeme):
    projet = module.population_synthetique(2027, 200, systeme)
    assert "openfisca_cpa/population/generateur.py" in projet.description
    assert projet.poids is not None and projet.poids.shape == (200,)
    assert projet.jour_achat == "2027-03-15" and set(projet.entrees["cpf_prix_formation"]) == {"2027-03-15"}
    monkeypatch.setitem(sys.modules, "openfisca_cpa.population.generateur", None)  # import impossible
    repli = module.population_synthetique(2027, 200, systeme)
    assert repli.description.startswith("population interne de repli : 200 carrières")
    assert repli.poids is None and len(repli.profils) == 200


def test_achat_mesure_la_participation_forfaitaire(tmp_path):
    """Une participation 2027 à 104,50 € : chaque acheteur non exonéré paie 1,30 € de plus, débité en moins."""
    dossier = tmp_path / "parameters"
    shutil.copytree(PARAMETRES, dossier)
    fichier = dossier / "cpf/usage/participation_forfaitaire.yaml"
    texte = fichier.read_text(encoding="utf-8")
    fichier.write_text(
        texte.replace("    value: 103.2\n", "    value: 103.2\n  2027-01-01:\n    value: 104.5\n"), encoding="utf-8"
    )
    impact = module.impact_population(
        module.systeme_avec_parametres(None), module.systeme_avec_parametres(dossier), 2027, taille=400
    )
    par_variable = {v.variable: v for v in impact.variables}
    reste = par_variable["cpf_reste_a_charge"]
    assert reste.concernes > 0 and reste.perdants == 0
    assert reste.ecart == pytest.approx(1.3 * reste.concernes, abs=0.01)
    assert par_variable["cpf_montant_mobilise"].ecart == pytest.approx(-reste.ecart, abs=0.01)
    # L'achat débite le solde de l'année : l'alimentation ne change que pour des acheteurs proches du plafond.
    assert par_variable["cpf_alimentation"].concernes <= reste.concernes
