"""Microsimulation : un DataFrame de carrières, des séries pondérées, les mêmes chiffres par les trois portes."""

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from microdf import MicroDataFrame, MicroSeries
from openfisca_core.periods import DateUnit

from openfisca_cpa.population import ErreurPopulation, Microsimulation, SourcePopulation, generer
from openfisca_cpa.population.cli import main

SOLDES = ("cpf_solde", "cec_solde", "c2p_solde_points")

# microdf prévient qu'un tableau numpy tiré d'une MicroSeries perd ses poids : voulu ici, pour comparer.
pytestmark = pytest.mark.filterwarnings("ignore:Calling .to_numpy:UserWarning", "ignore:Accessing .values:UserWarning")


@pytest.fixture(scope="module")
def carrieres(systeme_population):
    return generer(40, graine=11, systeme=systeme_population, dataframe=True)


def _large(df, systeme):
    """La forme large « <variable>@<période> » d'une population en forme longue."""
    colonnes = {}
    premieres = df.groupby("id", sort=True).first()
    for nom in df.columns:
        if nom in ("id", "annee", "poids"):
            continue
        if systeme.variables[nom].definition_period == DateUnit.ETERNITY:
            colonnes[f"{nom}@ETERNITY"] = premieres[nom].to_numpy()
            continue
        grille = df.pivot(index="id", columns="annee", values=nom).sort_index()
        for annee in grille.columns:
            colonnes[f"{nom}@{annee}"] = grille[annee].to_numpy()
    large = pd.DataFrame(colonnes)
    large.insert(0, "id", premieres.index.to_numpy())
    large["poids"] = premieres["poids"].to_numpy()
    return large


def test_series_ponderees_indexees_par_identifiant(carrieres, systeme_population):
    sim = Microsimulation(carrieres, systeme=systeme_population)
    serie = sim.calculate("cpf_solde", 2026)
    assert isinstance(serie, MicroSeries)
    assert serie.index.name == "id"
    assert list(serie.index) == sorted(carrieres["id"].unique())
    poids = carrieres.groupby("id")["poids"].first().to_numpy()
    assert serie.sum() == pytest.approx(float(np.sum(serie.to_numpy() * poids)))
    assert serie.mean() == pytest.approx(float(np.average(serie.to_numpy(), weights=poids)))
    assert {"sum", "mean", "median", "quantile", "decile_rank"} <= set(dir(serie))
    tableau = sim.calculate_dataframe(list(SOLDES), 2026)
    assert isinstance(tableau, MicroDataFrame)
    assert list(tableau.columns) == list(SOLDES)
    assert tableau["cpf_solde"].to_numpy() == pytest.approx(serie.to_numpy())


def test_forme_large_et_chemin_donnent_les_memes_chiffres(carrieres, systeme_population, tmp_path):
    longue = Microsimulation(carrieres, systeme=systeme_population)
    large = Microsimulation(_large(carrieres, systeme_population), systeme=systeme_population)
    chemin = tmp_path / "population.parquet"
    carrieres.to_parquet(chemin)
    fichier = Microsimulation(chemin, systeme=systeme_population)
    for nom in SOLDES:
        attendu = longue.calculate(nom, 2026).to_numpy()
        assert large.calculate(nom, 2026).to_numpy() == pytest.approx(attendu)
        assert fichier.calculate(nom, 2026).to_numpy() == pytest.approx(attendu)


def test_source_population_accepte_un_dataframe(carrieres, systeme_population):
    source = SourcePopulation(carrieres, systeme_population)
    assert sum(lot.n for lot in source.lots()) == carrieres["id"].nunique()


def test_reforme_du_meme_yaml_que_la_commande(carrieres, systeme_population, tmp_path):
    reforme = tmp_path / "reforme.yaml"
    reforme.write_text(
        "nom: Crédit CPF à 600 €\n"
        "modifications:\n"
        "  - parametre: cpf.euros.salarie.credit_annuel\n"
        "    depuis: 2025-01-01\n"
        "    valeur: 600\n",
        encoding="utf-8",
    )
    sim = Microsimulation(carrieres, systeme=systeme_population, reforme=reforme)
    comparaison = sim.comparer("cpf_alimentation", 2025)
    assert list(comparaison.columns) == ["base", "reforme", "ecart"]
    assert (comparaison["ecart"].to_numpy() >= 0).all()
    assert comparaison["ecart"].to_numpy().max() > 0
    assert sim.calculate("cpf_alimentation", 2024, scenario="reforme").to_numpy() == pytest.approx(
        sim.calculate("cpf_alimentation", 2024).to_numpy()
    )


@pytest.mark.parametrize(
    ("modifier", "code", "texte"),
    [
        (
            lambda df: df.assign(heures_travaillees=df["heures_travaillees"].where(df.index != 5, -3.0)),
            "valeur_hors_bornes",
            "ligne 6",
        ),
        (
            lambda df: df.assign(heures_travaillees=df["heures_travaillees"].where(df.index != 7, np.inf)),
            "valeur_invalide",
            "ligne 8",
        ),
        (
            lambda df: df.assign(heures_travaillees=df["heures_travaillees"].astype(str)),
            "valeur_invalide",
            "heures_travaillees",
        ),
        (lambda df: df.assign(annee=df["annee"].where(df.index != 2, 9999)), "periode_hors_horizon", "ligne 3"),
    ],
)
def test_valeur_fautive_refusee_avec_colonne_et_ligne(carrieres, systeme_population, modifier, code, texte):
    with pytest.raises(ErreurPopulation) as erreur:
        Microsimulation(modifier(carrieres.copy()), systeme=systeme_population)
    assert erreur.value.code == code
    assert texte in str(erreur.value)
    assert erreur.value.colonne in ("heures_travaillees", "annee")


def test_trois_portes_memes_chiffres(carrieres, systeme_population, tmp_path):
    """L'API web (/calculate/population), la commande openfisca-cpa et Microsimulation, mêmes personnes."""
    from api import create_app

    sim = Microsimulation(carrieres, systeme=systeme_population)
    chemin = tmp_path / "population.parquet"
    carrieres.to_parquet(chemin)
    resultats = tmp_path / "resultats.parquet"
    assert main(["simuler", str(chemin), "-o", str(resultats), "--silencieux", "--taille-lot", "7"]) == 0
    commande = pq.read_table(resultats).to_pandas()
    commande = commande[commande["annee"] == 2026].set_index("id").sort_index()

    large = _large(carrieres, systeme_population)
    entrees = {}
    for colonne in large.columns:
        if colonne in ("id", "poids"):
            continue
        nom, _, periode = colonne.partition("@")
        valeurs = large[colonne]
        if pd.api.types.is_datetime64_any_dtype(valeurs):
            valeurs = valeurs.dt.strftime("%Y-%m-%d")
        liste = valeurs.tolist()
        entrees.setdefault(nom, {})[periode] = [v.item() if hasattr(v, "item") else v for v in liste]
    corps = {"count": len(large), "input": entrees, "output": {nom: ["2026"] for nom in SOLDES}}
    reponse = create_app().test_client().post("/calculate/population", json=corps)
    assert reponse.status_code == 200, reponse.get_json()
    api = reponse.get_json()["output"]

    for nom in SOLDES:
        python = sim.calculate(nom, 2026).to_numpy()
        assert np.asarray(api[nom]["2026"]) == pytest.approx(python, abs=0.01), nom
        assert commande[nom].to_numpy() == pytest.approx(python, abs=0.01), nom
