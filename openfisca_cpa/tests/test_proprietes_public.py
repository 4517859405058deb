"""Propriétés du compteur public et de la fin de l'alimentation, vérifiées par hypothesis.

Forme courte dans `make test` ; forme longue : CPA_HYPOTHESIS=long (profils de test_proprietes.py).
"""

import datetime

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa.tests.test_proprietes import SYSTEME  # profils hypothesis enregistrés à l'import

ANNEES = list(range(2015, 2031))
N = len(ANNEES)

carriere = st.fixed_dictionaries(
    {
        "naissance": st.dates(datetime.date(1950, 1, 1), datetime.date(2008, 12, 31)),
        "public": st.lists(st.booleans(), min_size=N, max_size=N),
        "quotite": st.lists(st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]), min_size=N, max_size=N),
        "categorie_c": st.lists(st.booleans(), min_size=N, max_size=N),
        "peu_qualifie": st.lists(st.booleans(), min_size=N, max_size=N),
        "mobilise": st.lists(st.sampled_from([0, 0, 0, 10, 100]), min_size=N, max_size=N),
        "heures": st.lists(st.sampled_from([0, 500, 1607]), min_size=N, max_size=N),
        "apprenti": st.lists(st.booleans(), min_size=N, max_size=N),
        "liquidation": st.one_of(st.none(), st.dates(datetime.date(2015, 1, 1), datetime.date(2030, 12, 31))),
        "taux_plein": st.booleans(),
        "invalidite": st.booleans(),
    }
)


def simuler(carrieres):
    simulation = SimulationBuilder().build_default_simulation(SYSTEME, len(carrieres))

    def colonne(cle, i):
        return np.array([c[cle][i] for c in carrieres])

    for i, annee in enumerate(ANNEES):
        p = str(annee)
        simulation.set_input("agent_public", p, colonne("public", i))
        simulation.set_input("agent_public_quotite", p, colonne("quotite", i))
        simulation.set_input("agent_public_categorie_c", p, colonne("categorie_c", i))
        simulation.set_input("peu_qualifie", p, colonne("peu_qualifie", i))
        simulation.set_input("cpf_heures_public_mobilisees", p, colonne("mobilise", i))
        simulation.set_input("heures_travaillees", p, colonne("heures", i))
        simulation.set_input("apprenti", p, colonne("apprenti", i))
    simulation.set_input(
        "date_naissance",
        "ETERNITY",
        np.array([np.datetime64(c["naissance"]) for c in carrieres], dtype="datetime64[D]"),
    )
    liquidations = [c["liquidation"] or datetime.date(9999, 12, 31) for c in carrieres]
    simulation.set_input("date_liquidation_retraite", "ETERNITY", np.array(liquidations, dtype="datetime64[D]"))
    simulation.set_input("retraite_taux_plein", "ETERNITY", np.array([c["taux_plein"] for c in carrieres]))
    simulation.set_input("retraite_pour_invalidite", "ETERNITY", np.array([c["invalidite"] for c in carrieres]))
    return simulation


@given(st.lists(carriere, min_size=1, max_size=6))
def test_compteur_public_jamais_au_dessus_du_plafond_ni_negatif(carrieres):
    """Le crédit ne porte jamais le compteur au-delà du plafond de l'année (150 h ou 400 h), le solde reste ≥ 0."""
    simulation = simuler(carrieres)
    precedent = np.zeros(len(carrieres))
    for annee in ANNEES[2:]:
        solde = simulation.calculate("cpf_solde_heures_public", str(annee)).astype(np.float64)
        plafond = simulation.calculate("cpf_plafond_heures_public", str(annee))
        credit = simulation.calculate("cpf_alimentation_heures_public", str(annee))
        debit = simulation.calculate("cpf_public_debit", str(annee))
        assert (solde >= 0).all()
        assert (solde <= np.maximum(plafond, precedent) + 1e-6).all()
        # Le solde est la somme de ses mouvements.
        np.testing.assert_allclose(solde, precedent - debit + credit, atol=1e-4)
        precedent = solde


@given(st.lists(carriere, min_size=1, max_size=6))
def test_alimentation_ne_reprend_jamais_apres_la_retraite(carrieres):
    """Une fois l'alimentation arrêtée (compte du Code du travail ou compteur public), elle ne reprend jamais."""
    simulation = simuler(carrieres)
    arrete_prive = np.zeros(len(carrieres), dtype=bool)
    arrete_public = np.zeros(len(carrieres), dtype=bool)
    for annee in ANNEES:
        p = str(annee)
        ouvert = simulation.calculate("cpf_compte_ouvert", p)
        credit_prive = simulation.calculate("cpf_alimentation", p)
        assert (credit_prive[arrete_prive] == 0).all()
        arrete_prive |= ouvert & ~simulation.calculate("cpf_alimentation_due", p)
        if annee >= 2017:
            credit_public = simulation.calculate("cpf_alimentation_heures_public", p)
            assert (credit_public[arrete_public] == 0).all()
            retraite = simulation.calculate("cpf_compte_ouvert", p) & np.array(
                [
                    c["liquidation"] is not None and c["liquidation"].year <= annee and not c["invalidite"]
                    for c in carrieres
                ]
            )
            arrete_public |= retraite
