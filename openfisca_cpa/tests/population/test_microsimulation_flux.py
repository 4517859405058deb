"""Microsimulation en mode flux : les mêmes chiffres qu'en mémoire, et la commande n'en est qu'une surcouche."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from openfisca_cpa.population import ErreurPopulation, Microsimulation, OptionsLecture, SourcePopulation
from openfisca_cpa.population.cli import main
from openfisca_cpa.population.execution import executer
from openfisca_cpa.population.lecture import CorpsEnMemoire

pytestmark = pytest.mark.filterwarnings("ignore:Calling .to_numpy:UserWarning")

DEMANDES = pd.DataFrame(
    {"id": [3, 10, 10], "date": ["2024-06-14", "2025-03-03", "2026-01-05"], "prix": [900, 1500, 300]}
)


@pytest.fixture(scope="module")
def deux_modes(population_parquet, systeme_population):
    """La même population en mémoire et en flux (lots de 64 individus), avec des demandes de formation."""
    options = {"systeme": systeme_population, "taille_lot": 64, "formations": DEMANDES}
    return Microsimulation(population_parquet, **options), Microsimulation(population_parquet, flux=True, **options)


def test_calculate_releve_plans_identiques_en_flux(deux_modes):
    memoire, flux = deux_modes
    assert flux._lots is None  # rien n'est gardé
    for variable in ("cpf_solde", "cec_solde", "c2p_solde_points"):
        a, b = memoire.calculate(variable, 2026), flux.calculate(variable, 2026)
        np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())
        assert a.sum() == b.sum()  # mêmes poids
    np.testing.assert_array_equal(memoire.ids, flux.ids)
    pd.testing.assert_frame_equal(memoire.releve([2025, 2026], ids=[3, 10]), flux.releve([2025, 2026], ids=[3, 10]))
    pd.testing.assert_frame_equal(memoire.plans(), flux.plans())
    assert memoire.cellules_vides == flux.cellules_vides == {}


def test_flux_ne_garde_pas_les_simulations(deux_modes):
    _, flux = deux_modes
    with pytest.raises(ErreurPopulation) as erreur:
        flux.simulations()
    assert erreur.value.code == "mode_flux"
    lots = [lot.n for lot, _ in flux.par_lots()]
    assert sum(lots) == len(flux) == 300 and max(lots) == 64


def test_la_commande_est_la_methode_simuler(population_parquet, systeme_population, tmp_path):
    """executer (la commande) et Microsimulation(..., flux=True).simuler écrivent les mêmes fichiers."""
    options = OptionsLecture(taille_lot=100)
    a, b = tmp_path / "executer.parquet", tmp_path / "objet.parquet"
    synthese_a = executer(SourcePopulation(population_parquet, systeme_population, options), a, progression=False)
    objet = Microsimulation(population_parquet, systeme=systeme_population, taille_lot=100, flux=True)
    synthese_b = objet.simuler(b, progression=False)
    assert pq.read_table(a).equals(pq.read_table(b))
    for cle in ("par_annee", "groupes", "soldes"):
        assert synthese_a[cle] == synthese_b[cle]
    # En mémoire aussi : mêmes lots, mêmes chiffres.
    c = tmp_path / "memoire.parquet"
    Microsimulation(population_parquet, systeme=systeme_population, taille_lot=100).simuler(c, progression=False)
    assert pq.read_table(a).equals(pq.read_table(c))


def test_reforme_cote_a_cote_en_flux(population_parquet, systeme_population, tmp_path):
    reforme = tmp_path / "reforme.yaml"
    reforme.write_text(
        "nom: CPF à 600 €\nmodifications:\n  - parametre: cpf.euros.salarie.credit_annuel\n"
        "    depuis: 2025-01-01\n    valeur: 600\n",
        encoding="utf-8",
    )
    sortie = tmp_path / "comparaison.csv"
    assert main(["reforme", str(reforme), str(population_parquet), "-o", str(sortie), "--silencieux"]) == 0
    commande = json.loads((tmp_path / "comparaison_synthese.json").read_text(encoding="utf-8"))
    flux = Microsimulation(population_parquet, systeme=systeme_population, reforme=reforme, flux=True)
    synthese = flux.simuler(progression=False)
    assert synthese["comparaison"] == commande["comparaison"]
    ecart = flux.comparer("cpf_solde", 2026)
    assert ecart["ecart"].to_numpy().max() > 0


def test_corps_en_memoire_lu_comme_un_fichier(population_parquet, systeme_population):
    """Les octets d'un Parquet (corps de l'API web) donnent les mêmes lots que le fichier."""
    octets = population_parquet.read_bytes()
    fichier = SourcePopulation(population_parquet, systeme_population, OptionsLecture(taille_lot=64))
    corps = SourcePopulation(CorpsEnMemoire(octets, "parquet"), systeme_population, OptionsLecture(taille_lot=64))
    assert corps.inventaire() == fichier.inventaire()
    for a, b in zip(fichier.lots(), corps.lots(), strict=True):
        np.testing.assert_array_equal(a.ids, b.ids)
        assert a.annuelles.keys() == b.annuelles.keys()
