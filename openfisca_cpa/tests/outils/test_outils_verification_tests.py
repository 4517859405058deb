"""Vérification des tests YAML : fautes de frappe et formes invalides, signalées avec fichier:ligne:colonne."""

import pytest

from openfisca_cpa.outils.verification_tests import main, verifier_tests

CASSE = """\
- name: "R6323 : participation 2027"
  period: 2027-3-15
  inputs:
    cpf_achat_participation_exoneree: false
  output:
    cpf_achat_participation_forfaitair: 104.5
- name: "Sans sortie"
  period: 2020
  max_spiral_loops: 4
  input:
    individus:
      alice:
        heures_travailles: 1607
"""


@pytest.fixture(scope="module")
def fichier(tmp_path_factory):
    chemin = tmp_path_factory.mktemp("tests") / "cpf_achat.yaml"
    chemin.write_text(CASSE, encoding="utf-8")
    return chemin


def test_problemes_localises(fichier, systeme):
    rendus = [f"{p.ligne}:{p.colonne}: {p.message} — {p.correction}" for p in verifier_tests([fichier], systeme)]
    assert rendus == [
        "2:11: période « 2027-3-15 » invalide — écrivez une année (2027), un mois (2027-03) ou un jour (2027-03-15)",
        "3:3: clé « inputs » inconnue dans un test — vouliez-vous dire « input » ?",
        "6:5: variable « cpf_achat_participation_forfaitair » inconnue dans output — vouliez-vous dire "
        "« cpf_achat_participation_forfaitaire » ?",
        "7:3: test sans output : openfisca test le refuserait — ajoutez « output: » et les valeurs attendues",
        "9:3: clé « max_spiral_loops » interdite — retirez-la : elle masque un solde qui s'appelle lui-même (style.md §10)",
        "13:9: variable « heures_travailles » inconnue dans input — vouliez-vous dire « heures_travaillees » ?",
    ]


def test_syntaxe(tmp_path, systeme):
    chemin = tmp_path / "casse.yaml"
    chemin.write_text('- name: "x"\n  period: 2020\n   input:\n    heures_travaillees: 1\n', encoding="utf-8")
    (probleme,) = verifier_tests([chemin], systeme)
    assert (probleme.ligne, probleme.colonne) == (3, 4)
    assert str(probleme).endswith(
        "3:4: indentation incorrecte : « input » est plus indentée que « period: 2020 » (ligne 2), qui a déjà sa "
        "valeur — alignez la ligne sur la colonne 3"
    )


def test_les_tests_du_depot_passent(capsys):
    assert main([]) == 0
    assert capsys.readouterr().out.startswith("Tests valides (")
