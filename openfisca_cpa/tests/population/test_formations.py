"""openfisca-cpa simuler --formations : plans par demande, vectorisés, et erreurs nommées."""

import pandas as pd
import pytest
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_cpa import plan_financement as plan
from openfisca_cpa.population.cli import main
from openfisca_cpa.population.simulation import systeme_de_base

HEURES = {"a": 1607, "b": 1607, "c": 800, "d": 0}
DEMANDES = [
    ("a", "2024-06-14", 1500, ""),
    ("b", "2024-03-01", 600, ""),
    ("b", "2024-09-02", 2000, ""),
    ("c", "2025-12-10", 900, "bilan_competences"),
]


def _fichiers(dossier, demandes=DEMANDES, entete="id,date,prix,type_action"):
    lignes = ["id,annee,heures_travaillees"]
    for personne, heures in HEURES.items():
        lignes += [f"{personne},{annee},{heures}" for annee in range(2019, 2026)]
    (dossier / "population.csv").write_text("\n".join(lignes) + "\n", encoding="utf-8")
    texte = [entete] + [",".join(str(x) for x in d) for d in demandes]
    (dossier / "demandes.csv").write_text("\n".join(texte) + "\n", encoding="utf-8")


def test_plans_de_la_population_egaux_aux_personnes_seules(tmp_path):
    _fichiers(tmp_path)
    code = main(
        [
            "simuler",
            str(tmp_path / "population.csv"),
            "--formations",
            str(tmp_path / "demandes.csv"),
            "-o",
            str(tmp_path / "resultats.csv"),
            "--silencieux",
        ]
    )
    assert code == 0
    plans = pd.read_csv(tmp_path / "resultats_plans.csv").set_index(["id", "date"])
    soldes = pd.read_csv(tmp_path / "resultats.csv").set_index(["id", "annee"])["cpf_solde"]
    systeme = systeme_de_base()
    for personne in HEURES:
        individu = {"heures_travaillees": {str(a): HEURES[personne] for a in range(2019, 2026)}}
        jours = [(j, p, t) for i, j, p, t in DEMANDES if i == personne]
        if jours:
            individu["cpf_prix_formation"] = {j: p for j, p, _ in jours}
            individu["cpf_achat_type_action"] = {j: t for j, _, t in jours if t}
        simulation = SimulationBuilder().build_from_entities(systeme, {"individus": {personne: individu}})
        for jour, _, _ in jours:
            seul = plan.montants(simulation, jour)
            for source, valeurs in seul.items():
                assert plans.loc[(personne, jour), source] == pytest.approx(valeurs[0], abs=0.01), (personne, jour)
        for annee in (2024, 2025):
            assert soldes.loc[(personne, annee)] == pytest.approx(
                simulation.calculate("cpf_solde", str(annee))[0], abs=0.01
            )
    # b : 2 500 € au 1er janvier 2024 ; 600 € en mars (pas de participation avant le 2 mai 2024), puis les
    # 1 900 € restants en septembre (2 000 € − 100 € de participation).
    assert plans.loc[("b", "2024-03-01"), "cpf_droits_statutaires"] == pytest.approx(600)
    assert plans.loc[("b", "2024-09-02"), "cpf_droits_statutaires"] == pytest.approx(1900)


@pytest.mark.parametrize(
    ("demandes", "entete", "morceau"),
    [
        ([("z", "2024-06-14", 100, "")], "id,date,prix,type_action", "identifiant absent"),
        ([("a", "2024-06-14", 100, ""), ("a", "2024-06-14", 50, "")], "id,date,prix,type_action", "même jour"),
        ([("a", "14/06/2024", 100, "")], "id,date,prix,type_action", "colonne « date »"),
        ([("a", "2024-06-14", -5, "")], "id,date,prix,type_action", "colonne « prix »"),
        ([("a", "2024-06-14", 100, "yoga")], "id,date,prix,type_action", "colonne « type_action »"),
        ([("a", "2024-06-14", 100, "")], "id,date,prix,typ_action", "colonne « typ_action »"),
    ],
)
def test_erreurs_nommees(tmp_path, capsys, demandes, entete, morceau):
    _fichiers(tmp_path, demandes, entete)
    code = main(
        [
            "simuler",
            str(tmp_path / "population.csv"),
            "--formations",
            str(tmp_path / "demandes.csv"),
            "-o",
            str(tmp_path / "resultats.csv"),
            "--silencieux",
        ]
    )
    assert code == 2
    erreur = capsys.readouterr().err
    assert morceau in erreur and "demandes.csv" in erreur
