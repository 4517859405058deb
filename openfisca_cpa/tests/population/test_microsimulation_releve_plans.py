"""Microsimulation : le relevé et les plans de financement, les mêmes chiffres que l'API web et la commande."""

import numpy as np
import pandas as pd
import pytest

from api import create_app
from openfisca_cpa import plan_financement as plan
from openfisca_cpa.population import ErreurPopulation, Microsimulation
from openfisca_cpa.population.cli import main
from openfisca_cpa.population.formations import COLONNES_PLAN, SOURCES

ANNEES = range(2019, 2026)
#: Trois carrières : temps plein avec service civique et points C2P, temps partiel, sans heures.
HEURES = {"a": 1607, "b": 800, "c": 0}
DEMANDES = pd.DataFrame(
    {
        "id": ["a", "a", "b", "c"],
        "date": ["2024-06-14", "2025-03-03", "2024-09-02", "2025-12-10"],
        "prix": [6000, 700, 2000, 900],
        "points_c2p": [4, None, None, None],
        "cofinancement_autres_tiers": [200, None, None, None],
        "type_action": [None, None, None, "bilan_competences"],
    }
)


@pytest.fixture(scope="module")
def carrieres():
    lignes = []
    for personne, heures in HEURES.items():
        for annee in ANNEES:
            lignes.append(
                {
                    "id": personne,
                    "annee": annee,
                    "poids": {"a": 2.0, "b": 1.5, "c": 1.0}[personne],
                    "heures_travaillees": float(heures),
                    "cec_service_civique_mois": 8.0 if (personne == "a" and annee == 2022) else 0.0,
                    "date_naissance": "1980-01-01",
                    "c2p_annee_solde_points_initial": 2023,
                    "c2p_solde_points_initial": 12.0 if personne == "a" else 0.0,
                }
            )
    return pd.DataFrame(lignes)


def _individu(carrieres, personne):
    """La situation JSON (API web) d'un individu des carrières."""
    lignes = carrieres[carrieres["id"] == personne]
    individu = {}
    for nom in ("heures_travaillees", "cec_service_civique_mois"):
        individu[nom] = {str(a): float(v) for a, v in zip(lignes["annee"], lignes[nom], strict=True)}
    premiere = lignes.iloc[0]
    individu["date_naissance"] = {"ETERNITY": premiere["date_naissance"]}
    individu["c2p_annee_solde_points_initial"] = {"ETERNITY": int(premiere["c2p_annee_solde_points_initial"])}
    individu["c2p_solde_points_initial"] = {"ETERNITY": float(premiere["c2p_solde_points_initial"])}
    return individu


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


@pytest.fixture(scope="module")
def sim(carrieres, systeme_population):
    return Microsimulation(carrieres, poids="poids", formations=DEMANDES, systeme=systeme_population, taille_lot=2)


# --- Relevé --------------------------------------------------------------------------------------


def test_releve_egal_a_la_route_releve(sim, carrieres, client):
    releve = sim.releve(annees=ANNEES, ids=["a"])
    assert set(releve["id"]) == {"a"}
    assert list(releve.columns) == [
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
    # La route /releve, sans demande de formation : la même personne dans une Microsimulation sans demandes.
    seule = Microsimulation(carrieres[carrieres["id"] == "a"], poids="poids").releve(annees=ANNEES)
    reponse = client.post(
        "/releve", json={"individu": _individu(carrieres, "a"), "debut": ANNEES[0], "fin": ANNEES[-1]}
    )
    assert reponse.status_code == 200, reponse.get_json()
    comptes = {c["id"]: c for c in reponse.get_json()["comptes"]}
    assert set(comptes) == set(seule["compte"])
    compares = 0
    for compte, donnees in comptes.items():
        for ligne in donnees["annees"]:
            ici = seule[(seule["compte"] == compte) & (seule["annee"] == ligne["annee"])]
            assert ici.loc[ici["mouvement"] == "solde_debut", "montant"].item() == pytest.approx(
                ligne["solde_debut"]["valeur"], abs=0.01
            )
            assert ici.loc[ici["mouvement"] == "solde_fin", "montant"].item() == pytest.approx(
                ligne["solde_fin"]["valeur"], abs=0.01
            )
            for mouvement in ligne["mouvements"]:
                lignes = ici[ici["mouvement"] == mouvement["type"]]
                assert len(lignes) == 1, (compte, ligne["annee"], mouvement["type"])
                assert lignes["montant"].item() == pytest.approx(mouvement["montant"], abs=0.01)
                compares += 1
            # Aucun mouvement non nul du relevé Python qui manquerait au relevé de la route.
            types = {m["type"] for m in ligne["mouvements"]}
            autres = ici[~ici["mouvement"].isin({"solde_debut", "solde_fin", *types})]
            if "conversion" not in ligne:
                assert np.allclose(autres["montant"], 0, atol=0.01), autres
    assert compares > 5


def test_releve_s_additionne_et_suit_les_achats(sim):
    releve = sim.releve(annees=ANNEES)
    assert set(releve["id"]) == set(HEURES)
    cpf = releve[(releve["compte"] == "cpf") & (releve["annee"] >= 2019)]
    for (personne, annee), lignes in cpf.groupby(["id", "annee"]):
        debut = lignes.loc[lignes["mouvement"] == "solde_debut", "montant"].item()
        fin = lignes.loc[lignes["mouvement"] == "solde_fin", "montant"].item()
        mouvements = lignes.loc[~lignes["mouvement"].isin(["solde_debut", "solde_fin"]), "montant"].sum()
        assert debut + mouvements == pytest.approx(fin, abs=0.02), (personne, annee)
    # L'achat de juin 2024 de « a » débite ses droits statutaires : un débit apparaît en 2024.
    debit = cpf[(cpf["id"] == "a") & (cpf["annee"] == 2024) & (cpf["mouvement"] == "debit")]["montant"]
    assert debit.sum() < 0


def test_releve_erreurs(sim):
    with pytest.raises(ErreurPopulation) as erreur:
        sim.releve(annees=ANNEES, ids=["z"])
    assert erreur.value.code == "identifiant_inconnu"
    with pytest.raises(ErreurPopulation) as erreur:
        sim.releve(annees=[1900])
    assert erreur.value.code


# --- Plans de financement ------------------------------------------------------------------------


def test_plans_egaux_a_la_commande_et_a_la_route(sim, carrieres, client, tmp_path):
    plans = sim.plans()
    assert list(plans.columns) == ["id", "date", "poids", *COLONNES_PLAN]
    assert list(zip(plans["id"], plans["date"], strict=True)) == sorted(
        zip(DEMANDES["id"], DEMANDES["date"], strict=True)
    )

    # La commande, sur les mêmes données écrites en fichiers.
    carrieres.to_csv(tmp_path / "population.csv", index=False)
    DEMANDES.to_csv(tmp_path / "demandes.csv", index=False)
    code = main(
        [
            "simuler",
            str(tmp_path / "population.csv"),
            "--formations",
            str(tmp_path / "demandes.csv"),
            "-o",
            str(tmp_path / "resultats.csv"),
            "--silencieux",
        ]
    )
    assert code == 0
    commande = pd.read_csv(tmp_path / "resultats_plans.csv", keep_default_na=False)
    commande = commande[commande["scenario"] == "base"].drop(columns="scenario").reset_index(drop=True)
    for colonne in plans.columns:
        if plans[colonne].dtype.kind == "f":
            assert np.allclose(plans[colonne], commande[colonne].astype(float), atol=0.005), colonne
        else:
            assert list(plans[colonne].astype(str)) == list(commande[colonne].astype(str)), colonne

    # La route /plan-de-financement, pour la première demande de chaque personne (sans achat antérieur).
    for personne in HEURES:
        demande = DEMANDES[DEMANDES["id"] == personne].iloc[0]
        formation = {"date": demande["date"], "prix": float(demande["prix"])}
        for champ in ("points_c2p", "cofinancement_autres_tiers", "type_action"):
            if pd.notna(demande[champ]):
                formation[champ] = demande[champ]
        reponse = client.post(
            "/plan-de-financement", json={"individu": _individu(carrieres, personne), "formation": formation}
        )
        assert reponse.status_code == 200, reponse.get_json()
        route = reponse.get_json()
        ligne = plans[(plans["id"] == personne) & (plans["date"] == demande["date"])].iloc[0]
        assert bool(ligne["achat_possible"]) is route["achat_possible"]
        for source in route["lignes"]:
            assert ligne[source["id"]] == pytest.approx(source["montant"], abs=0.01), (personne, source["id"])


def test_totaux_ponderes_par_source(sim, tmp_path):
    plans = sim.plans()
    totaux = sim.totaux_plans()
    assert totaux.dtype == np.float64
    assert list(totaux.index) == ["prix", "participation_forfaitaire", *(s.id for s in SOURCES)]
    poids = plans["poids"].to_numpy()
    for source in SOURCES:
        assert totaux[source.id] == pytest.approx(float((plans[source.id] * poids).sum()))
    assert totaux["prix"] == pytest.approx(float((plans["prix"] * poids).sum()))
    # Ce que paie chaque source fait le prix des achats possibles.
    possibles = plans["achat_possible"].to_numpy(dtype=bool)
    parts = sum(plans[s.id].to_numpy() for s in SOURCES)
    assert np.allclose(parts[possibles], plans["prix"].to_numpy()[possibles], atol=0.02)
    non_ponderes = sim.totaux_plans(ponderes=False)
    assert non_ponderes["prix"] == pytest.approx(float(plans["prix"].sum()))


def test_plans_chemin_et_dataframe_identiques(sim, carrieres, systeme_population, tmp_path):
    DEMANDES.to_parquet(tmp_path / "demandes.parquet", index=False)
    depuis_fichier = Microsimulation(
        carrieres, poids="poids", formations=tmp_path / "demandes.parquet", systeme=systeme_population
    )
    pd.testing.assert_frame_equal(depuis_fichier.plans(), sim.plans())


@pytest.mark.parametrize(
    ("modifier", "code", "colonne"),
    [
        (lambda d: d.assign(prix=[6000, -1, 2000, 900]), "valeur_invalide", "prix"),
        (lambda d: d.assign(type_action=["yoga", None, None, None]), "valeur_invalide", "type_action"),
        (lambda d: d.assign(inconnue=1), "colonne_inconnue", "inconnue"),
        (lambda d: d.assign(id=["a", "a", "b", "z"]), "identifiant_inconnu", "id"),
        (lambda d: d.assign(date=["2024-06-14", "2024-06-14", "2024-09-02", "2025-12-10"]), "demande_en_double", None),
    ],
)
def test_demandes_fautives_refusees_comme_par_la_commande(carrieres, systeme_population, modifier, code, colonne):
    with pytest.raises(ErreurPopulation) as erreur:
        Microsimulation(carrieres, formations=modifier(DEMANDES), systeme=systeme_population)
    assert erreur.value.code == code
    if colonne is not None:
        assert erreur.value.colonne == colonne


def test_plans_sans_demandes(carrieres, systeme_population):
    with pytest.raises(ErreurPopulation) as erreur:
        Microsimulation(carrieres, systeme=systeme_population).plans()
    assert erreur.value.code == "formations_absentes"
    assert plan.CHAMPS_PAR_NOM["prix"]


# --- Lot par lot ---------------------------------------------------------------------------------


def test_par_lots_memes_chiffres_que_calculate(carrieres, systeme_population):
    sim = Microsimulation(carrieres, poids="poids", systeme=systeme_population, taille_lot=2)
    morceaux = [
        np.asarray(simulation.calculate("cpf_solde", "2025"), dtype=np.float64) for _, simulation in sim.par_lots()
    ]
    assert len(morceaux) == 2 and not sim._simulations  # rien n'est gardé
    assert np.allclose(np.concatenate(morceaux), sim.valeurs("cpf_solde", 2025))
    with pytest.raises(ErreurPopulation):
        next(sim.par_lots("reforme"))
