"""La commande openfisca-cpa donne, individu par individu, ce que donne le modèle simulé directement."""

import json

import pyarrow.parquet as pq
import pytest
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa.population.cli import main
from openfisca_cpa.population.contrat import sorties_disponibles


def _situation(systeme, lignes):
    """Situation OpenFisca (JSON de l'API) d'un individu à partir de ses lignes de population."""
    entrees = {}
    for ligne in lignes:
        annee = str(ligne["annee"])
        for nom, valeur in ligne.items():
            if nom in ("id", "annee", "poids"):
                continue
            if systeme.variables[nom].definition_period == DateUnit.ETERNITY:
                entrees[nom] = {"ETERNITY": str(valeur) if nom == "date_naissance" else valeur}
            else:
                entrees.setdefault(nom, {})[annee] = valeur
    return {"individus": {"titulaire": entrees}}


def test_cli_generer_puis_simuler_comme_le_modele(tmp_path, systeme_population, capsys):
    population = tmp_path / "population.parquet"
    resultats = tmp_path / "resultats.parquet"
    assert main(["generer", "-n", "12", "--graine", "3", "-o", str(population)]) == 0
    code = main(["simuler", str(population), "-o", str(resultats), "--silencieux", "--taille-lot", "5"])
    assert code == 0
    sortie = capsys.readouterr().out
    assert "12 individus" in sortie
    assert (tmp_path / "resultats_synthese.json").exists()

    sorties, _ = sorties_disponibles(systeme_population)
    assert {"cpf_alimentation", "cpf_solde_heures", "cpf_solde"} <= set(sorties)
    entree = pq.read_table(population).to_pylist()
    obtenu = pq.read_table(resultats).to_pylist()
    assert len(obtenu) == 12 * 12
    par_individu = {}
    for ligne in entree:
        par_individu.setdefault(ligne["id"], []).append(ligne)
    for identifiant, lignes in par_individu.items():
        # Simulation directe de l'individu seul, par la voie des situations (celle de l'API web).
        simulation = SimulationBuilder().build_from_entities(systeme_population, _situation(systeme_population, lignes))
        for ligne in (r for r in obtenu if r["id"] == identifiant):
            annee = ligne["annee"]
            for nom in sorties:
                variable = systeme_population.variables[nom]
                attendu = None
                if variable.get_formula(str(annee)) is not None and (
                    variable.end is None or annee <= variable.end.year
                ):
                    attendu = float(simulation.calculate(nom, str(annee))[0])
                if attendu is None:
                    assert ligne[nom] is None, (identifiant, annee, nom)
                else:
                    assert ligne[nom] == pytest.approx(attendu, abs=0.01), (identifiant, annee, nom)


def test_cli_reforme_et_rapport(tmp_path, population_parquet, capsys):
    reforme = tmp_path / "reforme.yaml"
    reforme.write_text(
        "nom: CPF à 600 €\n"
        "description: crédit annuel salarié porté à 600 €\n"
        "modifications:\n"
        "  - parametre: cpf.euros.salarie.credit_annuel\n"
        "    depuis: 2025-01-01\n"
        "    valeur: 600\n",
        encoding="utf-8",
    )
    sortie = tmp_path / "comparaison.csv"
    rapport = tmp_path / "rapport"
    code = main(
        [
            "reforme",
            str(reforme),
            str(population_parquet),
            "-o",
            str(sortie),
            "--rapport",
            str(rapport),
            "--silencieux",
            "--sorties",
            "cpf_alimentation,cpf_solde",
        ]
    )
    assert code == 0
    texte = sortie.read_text(encoding="utf-8").splitlines()
    assert texte[0].startswith('"id","annee","poids","cpf_alimentation_base","cpf_alimentation_reforme"')
    synthese = json.loads((tmp_path / "comparaison_synthese.json").read_text(encoding="utf-8"))
    comparaison = synthese["comparaison"]["cpf_solde"]
    assert comparaison["part_perdants"] == 0
    assert comparaison["part_gagnants"] > 0.2
    assert synthese["comparaison"]["cpf_alimentation"]["cout_euros"] > 0
    page = (rapport / "rapport.html").read_text(encoding="utf-8")
    assert "Gagnants et perdants" in page and "data:image/png;base64," in page
    # La synthèse suffit à refaire le rapport.
    assert main(["rapport", str(tmp_path / "comparaison_synthese.json"), "-o", str(tmp_path / "r2")]) == 0
    assert (tmp_path / "r2" / "distribution_cpf_solde.png").exists()


def test_cli_erreur_francaise_et_code_2(tmp_path, capsys):
    fichier = tmp_path / "population.csv"
    fichier.write_text("id,annee,heures_travailles\n1,2020,1607\n", encoding="utf-8")
    assert main(["simuler", str(fichier), "--silencieux"]) == 2
    erreur = capsys.readouterr().err
    assert "colonne « heures_travailles »" in erreur
    assert "Vouliez-vous dire « heures_travaillees »" in erreur


def test_cli_verifier_colonnes_sources(tmp_path, population_parquet, capsys):
    assert main(["verifier", str(population_parquet)]) == 0
    assert "Fichier valide : 300 individus" in capsys.readouterr().out
    assert main(["colonnes"]) == 0
    assert "heures_travaillees\tYEAR\tdécimal" in capsys.readouterr().out
    assert main(["sources"]) == 0
    assert "dares.travail-emploi.gouv.fr" in capsys.readouterr().out
