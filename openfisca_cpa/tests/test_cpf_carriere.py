"""Le CPF sur une carrière, calculé comme le fait l'API web : simulation construite avec les réglages par défaut."""

import numpy as np
import pytest
from openfisca_core.simulations import SimulationBuilder

ANNEES = range(2015, 2027)


def simulation_api(systeme, individu):
    """Comme openfisca_web_api : build_from_entities, sans toucher à max_spiral_loops."""
    simulation = SimulationBuilder().build_from_entities(systeme, {"individus": {"titulaire": individu}})
    assert simulation.max_spiral_loops == 1
    return simulation


def test_carriere_de_douze_ans_sans_max_spiral_loops(systeme):
    """Temps plein 2015-2026 : 24 h par an jusqu'en 2018 (96 h = 1 440 €), +500 € par an, plafond de 5 000 € en 2026."""
    simulation = simulation_api(systeme, {"heures_travaillees": {str(a): 1607 for a in ANNEES}})
    attendu = {
        2018: 1440,
        2019: 1940,
        2020: 2440,
        2021: 2940,
        2022: 3440,
        2023: 3940,
        2024: 4440,
        2025: 4940,
        2026: 5000,
    }
    # On demande d'abord la dernière année : aucune valeur intermédiaire n'est en cache.
    assert simulation.calculate("cpf_solde", "2026")[0] == pytest.approx(5000, abs=0.01)
    for annee, solde in attendu.items():
        assert simulation.calculate("cpf_solde", str(annee))[0] == pytest.approx(solde, abs=0.01)
    assert simulation.calculate("cpf_alimentation", "2026")[0] == pytest.approx(60, abs=0.01)
    assert simulation.calculate("cpf_solde_heures", "2017")[0] == 72


def test_carriere_atypique(systeme):
    """Temps partiel, intérim, indépendance, congé parental, mobilisation : chaque année vérifiée à la main."""
    individu = {
        "heures_travaillees": {"2015": 400, "2016": 1200, "2017": 0, "2018": 803.5, "2019": 600, "2020": 1607},
        "heures_absences_assimilees": {"2017": 1607},  # congé parental d'éducation (L6323-12)
        "mois_activite_independante": {"2021": 12, "2022": 5},
        "cpf_droits_mobilises": {"2019": 1000, "2022": 300},
        "cpf_heures_dif": {"ETERNITY": 50},
    }
    simulation = simulation_api(systeme, individu)
    # 2015 : 24 × 400/1607 = 5,97 -> 6 h ; 2016 : 24 × 1200/1607 = 17,92 -> 18 h ; 2017 : 24 h ; 2018 : 12 h.
    assert list(simulation.calculate("cpf_alimentation", "2015")) + list(
        simulation.calculate("cpf_alimentation", "2016")
    ) == [6, 18]
    assert simulation.calculate("cpf_solde_heures", "2018")[0] == 60
    # Conversion : (60 h + 50 h de DIF) × 15 € = 1 650 €.
    assert simulation.calculate("cpf_solde", "2018")[0] == pytest.approx(1650)
    # 2019 : 1 650 - 1 000 + ceil_cent(500 × 600/1607) = 650 + 186,69 = 836,69.
    assert simulation.calculate("cpf_solde", "2019")[0] == pytest.approx(836.69, abs=0.01)
    # 2020 : +500 ; 2021 : indépendant 500 ; 2022 : -300 + ceil_cent(500 × 5/12) = 208,34.
    assert simulation.calculate("cpf_solde", "2020")[0] == pytest.approx(1336.69, abs=0.01)
    assert simulation.calculate("cpf_solde", "2021")[0] == pytest.approx(1836.69, abs=0.01)
    assert simulation.calculate("cpf_solde", "2022")[0] == pytest.approx(1745.03, abs=0.01)


def test_population_vectorisee_egale_personnes_seules(systeme):
    """Une population calculée d'un bloc donne, personne par personne, les chiffres calculés seuls."""
    rng = np.random.default_rng(2026)
    n = 200
    heures = {a: rng.choice([0, 400, 803.5, 1200, 1607], size=n) for a in ANNEES}
    peu_qualifie = rng.random(n) < 0.3
    simulation = SimulationBuilder().build_default_simulation(systeme, n)
    for annee, valeurs in heures.items():
        simulation.set_input("heures_travaillees", str(annee), valeurs)
        simulation.set_input("peu_qualifie", str(annee), peu_qualifie)
    bloc = simulation.calculate("cpf_solde", "2026")
    for i in range(0, n, 37):  # quelques personnes, une par une
        seule = simulation_api(
            systeme,
            {
                "heures_travaillees": {str(a): float(heures[a][i]) for a in ANNEES},
                "peu_qualifie": {str(a): bool(peu_qualifie[i]) for a in ANNEES},
            },
        )
        assert seule.calculate("cpf_solde", "2026")[0] == bloc[i]


def test_bascule_smic_du_premier_janvier(systeme):
    """Point incertain §7-4 : avec le SMIC du 1er janvier 2022 (10,57 €), 11 000 € font plus d'un mi-temps."""
    from openfisca_core.reforms import Reform

    class SmicDuPremierJanvier(Reform):
        def apply(self):
            def modifier(parametres):
                parametres.cpf.duree_reference.smic_moyenne_annuelle.update(start="2019-01-01", value=False)
                return parametres

            self.modify_parameters(modifier_function=modifier)

    for reforme, attendu in ((None, 243.75), (SmicDuPremierJanvier, 500)):
        tbs = reforme(systeme) if reforme else systeme
        simulation = SimulationBuilder().build_from_entities(
            tbs, {"individus": {"titulaire": {"remuneration_non_horaire": {"2022": 11000}}}}
        )
        assert simulation.calculate("cpf_alimentation_salarie", "2022")[0] == pytest.approx(attendu, abs=0.001)
