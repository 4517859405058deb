"""Réformes YAML : validation (paramètre, type, dates) et application par le mécanisme de réforme."""

import numpy as np
import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa.population.erreurs import ErreurReforme
from openfisca_cpa.population.reformes import construire_reforme, lire_reforme, valider_reforme

BASE = {
    "nom": "CPF à 600 €",
    "modifications": [{"parametre": "cpf.euros.salarie.credit_annuel", "depuis": "2025-01-01", "valeur": 600}],
}


def _avec(**modification):
    return {"nom": "essai", "modifications": [{**BASE["modifications"][0], **modification}]}


@pytest.mark.parametrize(
    ("definition", "morceaux"),
    [
        (
            _avec(parametre="cpf.euros.salarie.credit_anuel"),
            ["paramètre inconnu", "Vouliez-vous dire « cpf.euros.salarie.credit_annuel »"],
        ),
        (_avec(parametre="cpf.euros.salarie"), ["est un nœud", "credit_annuel"]),
        (_avec(valeur="600 €"), ["type de valeur incorrect", "« 600 € »", "un nombre"]),
        (_avec(valeur=True), ["type de valeur incorrect", "un nombre"]),
        (_avec(parametre="cpf.intermittents.regle_conventionnelle", valeur=1), ["un booléen"]),
        (_avec(depuis="2025-13-01"), ["date invalide", "modifications[1].depuis"]),
        (_avec(jusqu_au="2024-01-01"), ["fin avant le début"]),
        (
            {
                "nom": "x",
                "modifications": [
                    {"parametre": "cpf.euros.salarie.credit_annuel", "depuis": "2025-01-01", "valuer": 1}
                ],
            },
            ["clé inconnue", "Vouliez-vous dire « valeur »"],
        ),
        ({"nom": "x", "modifications": []}, ["aucune modification"]),
        ({"modifications": BASE["modifications"]}, ["nom de la réforme manquant"]),
        ({**BASE, "descriptoin": "x"}, ["clé inconnue", "Vouliez-vous dire « description »"]),
    ],
)
def test_validation(systeme_population, definition, morceaux):
    with pytest.raises(ErreurReforme) as exc:
        valider_reforme(definition, systeme_population, fichier="reforme.yaml")
    for morceau in morceaux:
        assert morceau in exc.value.message, exc.value.message


def test_lecture_yaml_et_normalisation(tmp_path, systeme_population):
    chemin = tmp_path / "reforme.yaml"
    chemin.write_text(
        "nom: CPF à 600 €\nmodifications:\n  - parametre: cpf.euros.salarie.credit_annuel\n    depuis: 2025-01-01\n    valeur: 600\n",
        encoding="utf-8",
    )
    definition = lire_reforme(chemin, systeme_population)
    assert definition["modifications"][0] == {
        "parametre": "cpf.euros.salarie.credit_annuel",
        "depuis": "2025-01-01",
        "jusqu_au": None,
        "valeur": 600,
        "valeur_precedente": 500,
        "unite": "currency-EUR",
    }
    chemin.write_text("nom: [\n", encoding="utf-8")
    with pytest.raises(ErreurReforme, match="YAML illisible"):
        lire_reforme(chemin, systeme_population)


def test_reforme_appliquee_sans_toucher_la_base(systeme_population):
    definition = valider_reforme(
        {
            "nom": "essai",
            "modifications": [
                {
                    "parametre": "cpf.euros.salarie.credit_annuel",
                    "depuis": "2025-01-01",
                    "jusqu_au": "2025-12-31",
                    "valeur": 600,
                }
            ],
        },
        systeme_population,
    )
    reforme = construire_reforme(systeme_population, definition)
    resultats = {}
    for nom, systeme in (("base", systeme_population), ("reforme", reforme)):
        simulation = SimulationBuilder().build_default_simulation(systeme, 1)
        for annee in (2024, 2025, 2026):
            simulation.set_input("heures_travaillees", str(annee), np.array([1607.0]))
        resultats[nom] = [float(simulation.calculate("cpf_alimentation", str(a))[0]) for a in (2024, 2025, 2026)]
    assert resultats["base"] == [500, 500, 500]
    assert resultats["reforme"] == [500, 600, 500]
    assert systeme_population.parameters("2025-01-01").cpf.euros.salarie.credit_annuel == 500


def test_reforme_binaire_refusee_sans_trace(tmp_path, capsys):
    from openfisca_cpa.population.cli import main

    binaire = tmp_path / "reforme.yaml"
    binaire.write_bytes(b"PAR1\x15\x80\x00\xff")
    population = tmp_path / "population.csv"
    population.write_text("id,annee,heures_travaillees\na,2024,1607\n", encoding="utf-8")
    code = main(["reforme", str(binaire), str(population), "--silencieux"])
    assert code != 0
    erreur = capsys.readouterr().err
    assert "UTF-8" in erreur and "Traceback" not in erreur
