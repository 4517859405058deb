"""Propriétés du modèle vérifiées par hypothesis sur des carrières tirées au hasard.

Forme courte dans `make test` ; forme longue : CPA_HYPOTHESIS=long make test-proprietes.
"""

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa import CountryTaxBenefitSystem

ANNEES = list(range(2015, 2027))
SYSTEME = CountryTaxBenefitSystem()
settings.register_profile("court", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("CPA_HYPOTHESIS_EXEMPLES", "1000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("long" if os.environ.get("CPA_HYPOTHESIS") == "long" else "court")

heures = st.floats(min_value=0, max_value=2200, allow_nan=False).map(lambda h: round(h, 1))
carriere = st.fixed_dictionaries(
    {
        "heures": st.lists(heures, min_size=len(ANNEES), max_size=len(ANNEES)),
        "peu_qualifie": st.lists(st.booleans(), min_size=len(ANNEES), max_size=len(ANNEES)),
        "oeth": st.lists(st.booleans(), min_size=len(ANNEES), max_size=len(ANNEES)),
        "esat": st.lists(st.booleans(), min_size=len(ANNEES), max_size=len(ANNEES)),
        "mois_independant": st.lists(st.integers(0, 12), min_size=len(ANNEES), max_size=len(ANNEES)),
        "mobilise": st.lists(st.sampled_from([0, 0, 0, 50, 300, 2000]), min_size=len(ANNEES), max_size=len(ANNEES)),
        "dif": st.integers(0, 120),
    }
)


def simuler(carrieres):
    """Une simulation vectorisée de plusieurs carrières."""
    simulation = SimulationBuilder().build_default_simulation(SYSTEME, len(carrieres))
    for i, annee in enumerate(ANNEES):
        p = str(annee)
        simulation.set_input("heures_travaillees", p, np.array([c["heures"][i] for c in carrieres]))
        simulation.set_input("peu_qualifie", p, np.array([c["peu_qualifie"][i] for c in carrieres]))
        simulation.set_input("beneficiaire_oeth", p, np.array([c["oeth"][i] for c in carrieres]))
        simulation.set_input("travailleur_esat", p, np.array([c["esat"][i] for c in carrieres]))
        simulation.set_input("mois_activite_independante", p, np.array([c["mois_independant"][i] for c in carrieres]))
        simulation.set_input("cpf_droits_mobilises", p, np.array([c["mobilise"][i] for c in carrieres]))
    simulation.set_input("cpf_heures_dif", "ETERNITY", np.array([c["dif"] for c in carrieres]))
    return simulation


@given(st.lists(carriere, min_size=1, max_size=6))
def test_soldes_jamais_negatifs_ni_au_dessus_du_plafond(carrieres):
    simulation = simuler(carrieres)
    dif_euros = np.array([c["dif"] for c in carrieres]) * 15.0
    for annee in ANNEES:
        if annee <= 2018:
            solde = simulation.calculate("cpf_solde_heures", str(annee))
            assert (solde >= 0).all() and (solde <= 400).all()
        else:
            solde = simulation.calculate("cpf_solde", str(annee))
            credit = simulation.calculate("cpf_alimentation", str(annee))
            plafond = simulation.calculate("cpf_plafond", str(annee))
            assert (solde >= 0).all()
            # Un crédit n'est versé que sous le plafond ; au-dessus, seul le DIF converti peut l'expliquer.
            assert ((credit == 0) | (solde <= plafond + 0.01)).all()
            assert (solde <= np.maximum(8000, 1440 * 4 + dif_euros) + 0.01).all()


@given(carriere, st.integers(0, len(ANNEES) - 1), st.floats(1, 800))
def test_plus_d_heures_jamais_moins_de_droits(base, indice, supplement):
    plus = {**base, "heures": list(base["heures"])}
    plus["heures"][indice] = round(plus["heures"][indice] + supplement, 1)
    simulation = simuler([base, plus])
    for annee in ANNEES:
        if annee >= 2019:
            moins, davantage = simulation.calculate("cpf_solde", str(annee))
            assert davantage >= moins - 0.005


@given(st.lists(carriere, min_size=2, max_size=5))
def test_vectorise_egale_personne_seule(carrieres):
    ensemble = simuler(carrieres).calculate("cpf_solde", "2026")
    for i, c in enumerate(carrieres):
        assert simuler([c]).calculate("cpf_solde", "2026")[0] == ensemble[i]


@given(carriere, st.integers(2027, 2035))
def test_projection_sans_mobilisation_ne_baisse_jamais(base, horizon):
    simulation = simuler([base])
    precedent = simulation.calculate("cpf_solde", "2026")[0]
    for annee in range(2027, horizon + 1):
        simulation.set_input("heures_travaillees", str(annee), np.array([base["heures"][-1]]))
        solde = simulation.calculate("cpf_solde", str(annee))[0]
        assert solde >= precedent - 0.005
        precedent = solde
