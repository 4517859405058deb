"""Plan de financement : mêmes chiffres quel que soit l'ordre des demandes, avec la garde de spirale par défaut.

Un solde de l'année N dépend des achats de N, qui lisent les soldes de N-1 : si un de ces appels passait par
une formule déjà sur la pile, openfisca-core rendrait silencieusement la valeur par défaut.
"""

import itertools

import numpy as np
import pytest
from openfisca_core.simulation_builder import SimulationBuilder

SITUATION = {
    "individus": {
        "a": {
            "heures_travaillees": {str(annee): 1607 for annee in range(2019, 2027)},
            "cec_service_civique_mois": {"2022": 8},
            "cec_maitre_apprentissage_mois": {"2024": 12},
            "cpf_abondement_correctif_eligible": {"2022": True},
            "cpf_prix_formation": {"2024-06-14": 4000, "2025-03-03": 900, "2025-12-10": 5000},
            "cpf_droits_mobilises": {"2025": 100},
        },
        "b": {"heures_travaillees": {"2019": 800}, "cpf_prix_formation": {"2025-12-10": 300}},
    }
}
DEMANDES = [
    ("cec_solde", "2026"),
    ("cpf_solde_abondements", "2026"),
    ("cpf_solde", "2026"),
    ("cpf_montant_mobilise", "2025-12-10"),
    ("cpf_solde_disponible", "2025-03-03"),
    ("cpf_reste_a_charge", "2024-06-14"),
    ("cec_achat_droits_mobilises", "2025-12-10"),
    ("cpf_achat_credits_tiers_mobilises", "2024-06-14"),
]


def _calculer(ordre, systeme):
    simulation = SimulationBuilder().build_from_entities(systeme, SITUATION)
    assert simulation.max_spiral_loops == 1
    return {demande: np.asarray(simulation.calculate(*demande), dtype=float) for demande in ordre}


@pytest.mark.parametrize("premiere", DEMANDES)
def test_chaque_point_d_entree_donne_les_memes_chiffres(systeme, premiere):
    reference = _calculer(list(reversed(DEMANDES)), systeme)
    resultat = _calculer([premiere, *(d for d in DEMANDES if d != premiere)], systeme)
    for demande in DEMANDES:
        assert resultat[demande] == pytest.approx(reference[demande], abs=0.01), demande


def test_chiffres_attendus(systeme):
    r = _calculer(DEMANDES, systeme)
    # 2024-06-14 : 2 500 € statutaires (2019-2023), puis 1 400 € de correctif (R6333-3 avant le 5 décembre 2025).
    assert r["cpf_achat_credits_tiers_mobilises", "2024-06-14"][0] == pytest.approx(1400)
    assert r["cpf_reste_a_charge", "2024-06-14"][0] == pytest.approx(100)
    # Paires de calculs dans les deux sens : aucune valeur par défaut silencieuse.
    for a, b in itertools.permutations(DEMANDES[:3], 2):
        assert _calculer([a, b], systeme)[b] == pytest.approx(r[b], abs=0.01)
