"""Relevé en data frame (openfisca_cpa.releve) : lu dans les variables de mouvement, il s'additionne année par année."""

import numpy as np

from openfisca_cpa.releve import releve_dataframe
from openfisca_cpa.tests.test_mouvements import SYSTEME, carrieres

ANNEES = range(2015, 2027)


def _ecarts(df):
    """solde_debut + mouvements − solde_fin, par personne, compte, année et unité (0 partout attendu)."""
    signe = df["mouvement"].map({"solde_debut": 1.0, "solde_fin": -1.0, "solde_avant_conversion": 0.0}).fillna(1.0)
    return (df["montant"] * signe).groupby([df["id"], df["compte"], df["annee"], df["unite"]]).sum()


def test_releve_d_une_population_sans_mouvement_inexplique():
    simulation = carrieres(n=300)
    df = releve_dataframe(simulation, ANNEES)
    assert list(df.columns) == [
        "id",
        "compte",
        "annee",
        "mouvement",
        "montant",
        "unite",
        "regle",
        "article",
        "variable",
    ]
    assert "ajustement" not in set(df["mouvement"])
    assert np.abs(_ecarts(df)).max() < 0.01
    # Le solde de début d'une année est le solde de fin de la précédente (même compte, même unité).
    cpf = df[(df["compte"] == "cpf") & (df["annee"] >= 2020)]
    debut = cpf[cpf["mouvement"] == "solde_debut"].set_index(["id", "annee"])["montant"].sort_index()
    fin = cpf[cpf["mouvement"] == "solde_fin"].set_index(["id", "annee"])["montant"].sort_index()
    fin.index = fin.index.set_levels(fin.index.levels[1] + 1, level=1)
    np.testing.assert_allclose(debut.loc[:, 2021:].to_numpy(), fin.loc[:, 2021:2026].to_numpy(), atol=1e-6)
    # Chaque mouvement porte sa règle.
    mouvements = df[~df["mouvement"].isin(["solde_debut", "solde_fin"])]
    assert mouvements["regle"].str.len().gt(0).all()


def test_plafond_de_carriere_c2p_d_une_personne_nee_en_1955():
    """Le plafond de 100 points atteint en 2021-2022 est un écrêtement, avec son article (R4163-9)."""
    from openfisca_core.simulations import SimulationBuilder

    simulation = SimulationBuilder().build_default_simulation(SYSTEME, 1)
    simulation.set_input("date_naissance", "ETERNITY", np.array(["1955-03-01"], dtype="datetime64[D]"))
    for annee in range(2015, 2024):
        simulation.set_input("c2p_nuits_travail_nuit", str(annee), np.array([130.0]))
        simulation.set_input("c2p_heures_travail_repetitif", str(annee), np.array([1000.0]))
    df = releve_dataframe(simulation, range(2015, 2024), ids=["personne"])
    c2p = df[df["compte"] == "c2p"].set_index(["annee", "mouvement"])
    assert c2p.loc[(2022, "credit"), "montant"] == 16
    assert c2p.loc[(2022, "plafonnement"), "montant"] == -16
    assert c2p.loc[(2021, "plafonnement"), "montant"] == -12
    assert c2p.loc[(2023, "plafonnement"), "montant"] == 0
    assert c2p.loc[(2022, "plafonnement"), "article"].startswith("R4163-9")
    assert c2p.loc[(2022, "solde_fin"), "montant"] == 100
    assert np.abs(_ecarts(df)).max() < 0.01
