"""Propriétés du CEC et du C2P (hypothesis), sur des parcours tirés au hasard.

Forme courte dans `make test` ; forme longue : CPA_HYPOTHESIS=long (profils de test_proprietes.py).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa.tests.test_proprietes import ANNEES, SYSTEME  # profils hypothesis chargés

annees = st.lists
parcours = st.fixed_dictionaries(
    {
        "service_civique": annees(st.sampled_from([0, 0, 2, 4, 6, 12]), min_size=12, max_size=12),
        "benevolat": annees(st.sampled_from([0, 0, 150, 210, 400]), min_size=12, max_size=12),
        "benevolat_principale": annees(st.sampled_from([0, 50, 100, 150]), min_size=12, max_size=12),
        "reserve_militaire": annees(st.sampled_from([0, 0, 30, 90, 120]), min_size=12, max_size=12),
        "cec_mobilise": annees(st.sampled_from([0, 0, 0, 100, 500]), min_size=12, max_size=12),
        "nuits": annees(st.sampled_from([0, 0, 40, 110, 130, 300]), min_size=12, max_size=12),
        "repetitif": annees(st.sampled_from([0, 0, 950]), min_size=12, max_size=12),
        "bruit": annees(st.sampled_from([0, 700]), min_size=12, max_size=12),
        "mois": annees(st.sampled_from([12, 12, 2, 5, 9]), min_size=12, max_size=12),
        "naissance": st.sampled_from(["1955-03-01", "1956-07-01", "1961-05-05", "1975-01-01", "1990-12-31"]),
    }
)


def simuler(liste):
    simulation = SimulationBuilder().build_default_simulation(SYSTEME, len(liste))
    colonne = lambda cle, i: np.array([p[cle][i] for p in liste], dtype=float)  # noqa: E731
    for i, annee in enumerate(ANNEES):
        a = str(annee)
        simulation.set_input("cec_service_civique_mois", a, colonne("service_civique", i))
        simulation.set_input("cec_benevolat_heures", a, colonne("benevolat", i))
        principale = np.minimum(colonne("benevolat_principale", i), colonne("benevolat", i))
        simulation.set_input("cec_benevolat_heures_association_principale", a, principale)
        simulation.set_input("cec_reserve_militaire_jours", a, colonne("reserve_militaire", i))
        simulation.set_input("cec_droits_mobilises", a, colonne("cec_mobilise", i))
        simulation.set_input("c2p_nuits_travail_nuit", a, colonne("nuits", i))
        simulation.set_input("c2p_heures_travail_repetitif", a, colonne("repetitif", i))
        simulation.set_input("c2p_heures_bruit", a, colonne("bruit", i))
        simulation.set_input("c2p_mois_exposition", a, colonne("mois", i))
    simulation.set_input("date_naissance", "ETERNITY", np.array([p["naissance"] for p in liste], dtype="datetime64[D]"))
    return simulation


@given(st.lists(parcours, min_size=1, max_size=5))
def test_cec_et_c2p_jamais_negatifs_ni_au_dessus_des_plafonds(liste):
    simulation = simuler(liste)
    for annee in ANNEES:
        a = str(annee)
        if annee >= 2018:
            cec = simulation.calculate("cec_solde", a)
            assert (cec >= 0).all() and (cec <= 720 + 0.01).all()
        points = simulation.calculate("c2p_solde_points", a)
        assert (points >= 0).all()
        if annee <= 2022:  # plafond de carrière de 100 points jusqu'au 31 août 2023 (R4163-9 III ancien)
            assert (points <= 100).all()


@given(st.lists(parcours, min_size=2, max_size=4))
def test_cec_c2p_vectorise_egale_personne_seule(liste):
    ensemble = simuler(liste)
    for i, p in enumerate(liste):
        seule = simuler([p])
        for variable in ("cec_solde", "c2p_solde_points"):
            assert seule.calculate(variable, "2026")[0] == ensemble.calculate(variable, "2026")[i]


@given(parcours, st.integers(0, 11))
def test_plus_d_exposition_jamais_moins_de_points(base, indice):
    plus = {**base, "nuits": list(base["nuits"])}
    plus["nuits"][indice] = base["nuits"][indice] + 150
    simulation = simuler([base, plus])
    moins, davantage = simulation.calculate("c2p_solde_points", "2026")
    assert davantage >= moins
