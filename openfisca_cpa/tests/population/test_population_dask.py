"""Dask distributed : mêmes lots, même code, mêmes nombres qu'en local (LocalCluster en fils d'exécution)."""

import pyarrow.parquet as pq
import pytest

from openfisca_cpa.population.dask_runner import ConfigurationDask
from openfisca_cpa.population.erreurs import ErreurPopulation
from openfisca_cpa.population.execution import executer
from openfisca_cpa.population.lecture import OptionsLecture, SourcePopulation
from openfisca_cpa.population.reformes import valider_reforme

SORTIES = ["cpf_alimentation", "cpf_solde", "cec_solde", "c2p_solde_points"]


def _sans_meta(synthese):
    return {k: v for k, v in synthese.items() if k != "meta"}


def test_dask_identique_au_local(tmp_path, population_parquet, systeme_population):
    reforme = valider_reforme(
        {
            "nom": "r",
            "modifications": [{"parametre": "cpf.euros.salarie.credit_annuel", "depuis": "2024-01-01", "valeur": 700}],
        },
        systeme_population,
    )
    sorties = [s for s in SORTIES if s in systeme_population.variables]
    resultats = {}
    for mode, dask in (
        ("local", None),
        ("dask", ConfigurationDask(workers=2, processus=False)),
    ):
        source = SourcePopulation(population_parquet, systeme_population, OptionsLecture(taille_lot=70))
        sortie = tmp_path / f"{mode}.parquet"
        synthese = executer(source, sortie, sorties=sorties, reforme=reforme, dask=dask, progression=False)
        resultats[mode] = (synthese, pq.read_table(sortie))
    local, dask = resultats["local"], resultats["dask"]
    assert dask[0]["meta"]["mode"].startswith("dask")
    assert len(dask[0]["meta"]["lots"]) == 5
    assert _sans_meta(dask[0]) == _sans_meta(local[0])
    assert dask[1].equals(local[1])


def test_dask_erreur_de_fichier_localisee(tmp_path, systeme_population):
    """Les lignes sont validées sur le travailleur : l'erreur revient au client, ligne comprise."""
    chemin = tmp_path / "population.csv"
    chemin.write_text("id,annee,heures_travaillees\n1,2020,10\n2,2020,dix\n", encoding="utf-8")
    source = SourcePopulation(chemin, systeme_population, OptionsLecture())
    with pytest.raises(ErreurPopulation, match=r"ligne 3, colonne « heures_travaillees »"):
        executer(source, dask=ConfigurationDask(workers=1, processus=False), progression=False)
