"""Mouvements des comptes : un solde est la somme de ses mouvements, rangés par le moteur dans ses holders."""

import numpy as np
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa import CountryTaxBenefitSystem

ANNEES = list(range(2015, 2027))
SYSTEME = CountryTaxBenefitSystem()
N = 400


def carrieres(graine=14, n=N):
    """Carrières tirées au hasard : temps partiels, peu qualifiés, OETH, ESAT, indépendants, mobilisations, DIF, soldes connus."""
    rng = np.random.default_rng(graine)
    simulation = SimulationBuilder().build_default_simulation(SYSTEME, n)
    for annee in ANNEES:
        p = str(annee)
        simulation.set_input("heures_travaillees", p, np.round(rng.uniform(0, 2200, n) * (rng.random(n) < 0.85), 1))
        simulation.set_input("peu_qualifie", p, rng.random(n) < 0.2)
        simulation.set_input("beneficiaire_oeth", p, rng.random(n) < 0.05)
        simulation.set_input("travailleur_esat", p, rng.random(n) < 0.03)
        simulation.set_input("mois_activite_independante", p, rng.integers(0, 13, n) * (rng.random(n) < 0.1))
        simulation.set_input("cpf_droits_mobilises", p, rng.choice([0, 0, 0, 17.5, 50, 300, 2000, 9000], n))
    simulation.set_input("cpf_heures_dif", "ETERNITY", rng.integers(0, 121, n) * (rng.random(n) < 0.3))
    connu = rng.random(n) < 0.15
    simulation.set_input("cpf_annee_solde_initial", "ETERNITY", np.where(connu, rng.integers(2015, 2025, n), 0))
    simulation.set_input("cpf_solde_heures_initial", "ETERNITY", rng.integers(0, 150, n).astype(float))
    simulation.set_input("cpf_solde_initial", "ETERNITY", np.round(rng.uniform(0, 6000, n), 2))
    return simulation


def _f64(simulation, nom, annee):
    return simulation.calculate(nom, str(annee)).astype(np.float64)


def test_le_solde_cpf_est_la_somme_de_ses_mouvements():
    """solde(N) = solde(N-1) − débit + alimentation + conversion + reprise, au centime, chaque année et chaque personne."""
    simulation = carrieres()
    simulation.calculate("cpf_solde", "2026")  # une seule demande : les années antérieures sont rangées au passage
    precedent = np.zeros(N)
    for annee in ANNEES:
        solde_nom = "cpf_solde_heures" if annee <= 2018 else "cpf_solde"
        attendu = (
            precedent
            - _f64(simulation, "cpf_debit", annee)
            + _f64(simulation, "cpf_alimentation", annee)
            + (_f64(simulation, "cpf_reprise_solde_connu", annee) if annee != 2018 else 0)
        )
        solde = _f64(simulation, solde_nom, annee)
        np.testing.assert_allclose(solde, attendu, atol=0.005, err_msg=f"{solde_nom} {annee}")
        avant = _f64(simulation, "cpf_alimentation_avant_plafond", annee)
        ecrete = _f64(simulation, "cpf_ecretement", annee)
        np.testing.assert_allclose(avant - ecrete, _f64(simulation, "cpf_alimentation", annee), atol=0.005)
        assert (_f64(simulation, "cpf_debit", annee) <= precedent + 0.005).all()
        precedent = solde
        if annee == 2018:
            euros = _f64(simulation, "cpf_conversion", 2018) + _f64(simulation, "cpf_reprise_solde_connu", 2018)
            np.testing.assert_allclose(_f64(simulation, "cpf_solde", 2018), euros, atol=0.005)
            precedent = _f64(simulation, "cpf_solde", 2018)


def test_les_annees_deroulees_sont_dans_les_holders():
    """Une seule demande pour 2026 range le solde et les mouvements de chaque année dans les holders d'OpenFisca."""
    simulation = carrieres(n=50)
    simulation.calculate("cpf_solde", "2026")
    for nom, annees in (
        ("cpf_solde_heures", range(2015, 2019)),
        ("cpf_solde", range(2018, 2027)),
        ("cpf_debit", ANNEES),
        ("cpf_alimentation", ANNEES),
        ("cpf_ecretement", ANNEES),
    ):
        holder = simulation.get_holder(nom)
        for annee in annees:
            assert holder.get_array(str(annee)) is not None, (nom, annee)


def test_meme_resultat_quel_que_soit_l_ordre_des_demandes():
    """Demander 2020 puis 2026, ou 2026 d'abord, ou chaque année dans le désordre : mêmes soldes (pas de piège de spirale)."""
    a = carrieres()
    b = carrieres()
    assert a.max_spiral_loops == 1
    b.calculate("cpf_solde", "2020")
    b.calculate("cpf_alimentation", "2017")
    for annee in (2026, 2019, 2023):
        np.testing.assert_array_equal(a.calculate("cpf_solde", str(annee)), b.calculate("cpf_solde", str(annee)))


def test_les_soldes_cec_et_c2p_sont_la_somme_de_leurs_mouvements():
    """CEC et C2P : solde(N) = solde(N-1) − débit + crédit inscrit + conversion + reprise, chaque année."""
    rng = np.random.default_rng(15)
    n = 300
    simulation = SimulationBuilder().build_default_simulation(SYSTEME, n)
    simulation.set_input(
        "date_naissance",
        "ETERNITY",
        np.datetime64("1950-01-01") + rng.integers(0, 365 * 40, n).astype("timedelta64[D]"),
    )
    for annee in ANNEES:
        p = str(annee)
        benevole = rng.random(n) < 0.5
        simulation.set_input("cec_benevolat_heures", p, np.where(benevole, 250, 0))
        simulation.set_input("cec_benevolat_heures_association_principale", p, np.where(benevole, 150, 0))
        simulation.set_input("cec_service_civique_mois", p, rng.choice([0, 0, 3, 4, 6], n))
        simulation.set_input("cec_reserve_militaire_jours", p, rng.choice([0, 0, 90], n))
        simulation.set_input("cec_droits_mobilises", p, rng.choice([0, 0, 100, 500], n))
        simulation.set_input("c2p_nuits_travail_nuit", p, rng.choice([0, 130], n))
        simulation.set_input("c2p_heures_travail_repetitif", p, rng.choice([0, 1000], n))
        simulation.set_input("c2p_nuits_equipes_alternantes", p, rng.choice([0, 60], n))
    simulation.set_input("c2p_points_utilises_formation", "2021-03-01", rng.choice([0, 0, 10, 20], n))
    simulation.set_input("cec_annee_solde_initial", "ETERNITY", np.where(rng.random(n) < 0.2, 2021, 0))
    simulation.set_input("cec_solde_initial", "ETERNITY", rng.choice([0.0, 300.0, 700.0], n))

    simulation.calculate("cec_solde", "2026")
    simulation.calculate("c2p_solde_points", "2026")
    precedent = np.zeros(n)
    for annee in range(2017, 2027):
        nom = "cec_solde_heures" if annee <= 2018 else "cec_solde"
        attendu = precedent - _f64(simulation, "cec_debit", annee) + _f64(simulation, "cec_alimentation", annee)
        if annee > 2018:
            attendu += _f64(simulation, "cec_reprise_solde_connu", annee)
        np.testing.assert_allclose(_f64(simulation, nom, annee), attendu, atol=0.005, err_msg=f"{nom} {annee}")
        precedent = _f64(simulation, nom, annee)
        if annee == 2018:
            converti = _f64(simulation, "cec_conversion", 2018) + _f64(simulation, "cec_reprise_solde_connu", 2018)
            np.testing.assert_allclose(_f64(simulation, "cec_solde", 2018), converti, atol=0.005)
            precedent = converti

    precedent = np.zeros(n)
    for annee in ANNEES:
        credites = _f64(simulation, "c2p_points_credites", annee)
        np.testing.assert_allclose(
            credites + _f64(simulation, "c2p_points_ecretes", annee), _f64(simulation, "c2p_points_acquis", annee)
        )
        attendu = precedent - _f64(simulation, "c2p_points_utilises", annee) + credites
        attendu += _f64(simulation, "c2p_reprise_solde_connu", annee)
        np.testing.assert_allclose(_f64(simulation, "c2p_solde_points", annee), attendu, atol=1e-6)
        precedent = _f64(simulation, "c2p_solde_points", annee)
