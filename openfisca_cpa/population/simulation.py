"""Simulation d'une population par lots d'individus : une simulation OpenFisca vectorisée par lot.

Chaque lot est simulé par le cœur en colonnes du paquet (openfisca_cpa/colonnes.py, le même que
/calculate/population de l'API web) : une simulation par défaut de n individus puis ``set_input``
par (variable, période), aucune boucle Python sur les individus. La même
fonction `tache` sert à l'exécution locale et aux travailleurs Dask, ce qui garantit des
résultats identiques dans les deux cas.
"""

import functools
import gc
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import psutil
from openfisca_core import periods
from openfisca_core.periods import DateUnit

from openfisca_cpa.colonnes import Colonne
from openfisca_cpa.colonnes import construire_simulation as simulation_en_colonnes
from openfisca_cpa.population.contrat import PLAFONDS, SOLDES

#: Modalités des groupes d'analyse, dans l'ordre des codes.
TRANCHES_AGE = ("Moins de 25 ans", "25-34 ans", "35-44 ans", "45-54 ans", "55 ans et plus")
STATUTS = (
    "Salarié à temps complet",
    "Salarié à temps partiel",
    "Salarié et indépendant",
    "Indépendant",
    "Travailleur en ESAT",
    "Sans activité dans l'année",
)
QUALIFICATIONS = ("Qualifié (niveau 3 ou plus)", "Peu qualifié")
GROUPES = {
    "tranche_age": ("Tranche d'âge", TRANCHES_AGE),
    "statut": ("Statut dans l'année", STATUTS),
    "qualification": ("Qualification", QUALIFICATIONS),
}


@dataclass
class Parametres:
    """Ce que chaque lot doit calculer (sérialisable, envoyé aux travailleurs Dask)."""

    sorties: tuple
    annees: tuple
    annee_analyse: int
    reforme: dict | None = None  # définition validée (voir reformes.py)
    scenarios: tuple = ("base",)


@dataclass
class ResultatLot:
    """Sorties d'un lot pour un scénario : tableaux (années × individus)."""

    numero: int
    ids: np.ndarray
    poids: np.ndarray
    annees: tuple
    sorties: dict  # variable -> (valeurs (années × n), définie par année (bool))
    plafonds: dict = field(default_factory=dict)  # solde -> plafond (années × n), float32, NaN si inconnu
    groupes: dict = field(default_factory=dict)  # dimension -> codes int8 (n)
    plans: dict | None = None  # plans des demandes de formation du lot (population/formations.py)
    duree: float = 0.0
    memoire: int = 0  # RSS du processus après le lot (octets)
    vides: dict = field(default_factory=dict)  # cellules vides par colonne du fichier (Lot.vides)

    @property
    def n(self):
        return len(self.ids)


@functools.lru_cache(maxsize=1)
def systeme_de_base():
    from openfisca_cpa import CountryTaxBenefitSystem

    return CountryTaxBenefitSystem()


@functools.lru_cache(maxsize=4)
def _systeme_reforme(definition_json):
    from openfisca_cpa.population.reformes import construire_reforme

    return construire_reforme(systeme_de_base(), json.loads(definition_json))


def systeme_pour(scenario, reforme):
    """Le système de base, ou le système réformé (mis en cache par processus)."""
    if scenario == "base" or reforme is None:
        return systeme_de_base()
    return _systeme_reforme(json.dumps(reforme, sort_keys=True, default=str))


def definie(variable, annee):
    """La variable a-t-elle une valeur propre cette année (formule en vigueur, pas après sa fin) ?"""
    if variable.end is not None and date(annee, 1, 1) > variable.end:
        return False
    if variable.formulas:
        return variable.get_formula(str(annee)) is not None
    return True


def colonnes_du_lot(systeme, lot):
    """Les colonnes (openfisca_cpa/colonnes.py) d'un lot lu par SourcePopulation."""
    entrees = [(nom, "ETERNITY", v) for nom, v in lot.permanentes.items()]
    for nom, par_annee in lot.annuelles.items():
        entrees.extend((nom, str(annee), v) for annee, v in par_annee.items())
    # Colonnes datées du fichier (forme large, « cpf_prix_formation@2024-06-14 ») : masque des cellules données.
    for nom, par_periode in getattr(lot, "datees", {}).items():
        entrees.extend((nom, periode, v) for periode, v in par_periode.items())
    # Demandes de formation du lot (--formations) : entrées datées du jour de l'achat.
    for nom, par_jour in getattr(lot, "journalieres", {}).items():
        entrees.extend((nom, str(jour), (valeurs, None)) for jour, valeurs in par_jour.items())
    return [
        Colonne(systeme.variables[nom], periods.period(periode), periode, valeurs, renseignees, [nom, periode])
        for nom, periode, (valeurs, renseignees) in entrees
    ]


def construire_simulation(systeme, lot):
    """Simulation du lot par le cœur en colonnes du paquet ; formule pour les cellules non renseignées."""
    return simulation_en_colonnes(systeme, lot.n, colonnes_du_lot(systeme, lot))


def _calculer(simulation, systeme, nom, annees):
    variable = systeme.variables[nom]
    if variable.definition_period == DateUnit.ETERNITY:
        valeurs = simulation.calculate(nom, "ETERNITY")
        return np.broadcast_to(valeurs, (len(annees), len(valeurs))).copy(), np.ones(len(annees), dtype=bool)
    definies = np.array([definie(variable, a) for a in annees], dtype=bool)
    n = simulation.persons.count
    resultat = np.zeros((len(annees), n), dtype=variable.dtype)
    for i, annee in enumerate(annees):
        if definies[i]:
            resultat[i] = simulation.calculate(nom, str(annee))
    return resultat, definies


def _valeur(simulation, systeme, nom, periode, n, defaut=0.0):
    if nom not in systeme.variables:
        return np.full(n, defaut)
    return simulation.calculate(nom, periode)


def groupes(simulation, systeme, annee):
    """Codes des groupes d'analyse (âge au 31 décembre, statut et qualification de l'année)."""
    n = simulation.persons.count
    periode = str(annee)
    naissance = _valeur(simulation, systeme, "date_naissance", "ETERNITY", n, None)
    if naissance is None or naissance.dtype.kind != "M":
        age = np.full(n, 40)
    else:
        age = annee - naissance.astype("datetime64[Y]").astype(int) - 1970
    tranche = np.searchsorted(np.array([25, 35, 45, 55]), age, side="right")

    if "cpf_part_activite_salariee" in systeme.variables:
        part = simulation.calculate("cpf_part_activite_salariee", periode)
    else:
        heures = _valeur(simulation, systeme, "heures_travaillees", periode, n)
        heures = heures + _valeur(simulation, systeme, "heures_absences_assimilees", periode, n)
        reference = _valeur(simulation, systeme, "duree_travail_reference", periode, n, 1607)
        part = np.minimum(heures / np.where(reference > 0, reference, 1607), 1)
    independant = _valeur(simulation, systeme, "mois_activite_independante", periode, n) > 0
    esat = _valeur(simulation, systeme, "travailleur_esat", periode, n, False).astype(bool)
    salarie = part > 0
    statut = np.select(
        [
            esat,
            salarie & independant,
            independant,
            salarie & (part >= 0.999),
            salarie,
        ],
        [4, 2, 3, 0, 1],
        default=5,
    )
    peu_qualifie = _valeur(simulation, systeme, "peu_qualifie", periode, n, False)
    return {
        "tranche_age": tranche.astype(np.int8),
        "statut": statut.astype(np.int8),
        "qualification": np.asarray(peu_qualifie, dtype=np.int8),
    }


def _plafond(simulation, systeme, source, annees, n):
    """Plafond (individus × années) en float64, NaN quand il n'est pas défini ; None si inconnu."""
    if source.startswith("parametre:"):
        chemin = source.split(":", 1)[1].split(".")
        colonnes = []
        for annee in annees:
            try:
                noeud = systeme.parameters(f"{annee}-01-01")
                for morceau in chemin:
                    noeud = noeud[morceau]
                colonnes.append(float(noeud))
            except Exception:  # paramètre absent à cette date : pas de plafond connu
                colonnes.append(np.nan)
        return np.tile(np.array(colonnes), (n, 1))
    if source not in systeme.variables:
        return None
    valeurs, definies = _calculer(simulation, systeme, source, annees)
    valeurs = valeurs.astype(np.float64)
    valeurs[~definies] = np.nan
    return valeurs.T.copy()


def simulations_par_lots(lots, systemes):
    """Le lot et la simulation de chaque scénario, une à la fois : (lot, scénario, simulation).

    L'itérateur par lots commun à la commande (`executer`) et à `Microsimulation.par_lots` : une
    simulation par lot et par scénario (`systemes` : {scénario: système}), construite par le cœur en
    colonnes. Au pas suivant, l'itérateur lâche sa référence et appelle le ramasse-miettes : la
    simulation forme des cycles de références (population <-> simulation) qui, sans cela, garderaient
    plusieurs lots de plusieurs Go en mémoire. L'appelant qui veut une mémoire bornée par un lot ne
    garde pas la simulation (``del simulation`` en fin de tour de boucle).
    """
    for lot in lots:
        for scenario, systeme in systemes.items():
            # Aucune variable locale ne garde la simulation pendant le `yield` : l'appelant qui la lâche
            # (``del`` puis ``gc.collect()``) la libère avant même que l'itérateur reprenne.
            yield lot, scenario, _simulation_chronometree(systeme, lot)
            gc.collect()


def _simulation_chronometree(systeme, lot):
    debut = time.perf_counter()
    simulation = construire_simulation(systeme, lot)
    simulation.debut_lot = debut  # la durée d'un lot compte sa construction (ResultatLot.duree)
    return simulation


def resultats_lot(systeme, simulation, lot, parametres):
    """Les sorties d'un lot lues dans sa simulation déjà construite (`ResultatLot`)."""
    debut = getattr(simulation, "debut_lot", None) or time.perf_counter()
    annees = tuple(parametres.annees)
    sorties = {nom: _calculer(simulation, systeme, nom, annees) for nom in parametres.sorties}
    plafonds = {}
    for solde in SOLDES:
        if solde in sorties and PLAFONDS.get(solde):
            valeurs = _plafond(simulation, systeme, PLAFONDS[solde], annees, lot.n)
            if valeurs is not None:
                valeurs[:, ~sorties[solde][1]] = np.nan
                # float32 : les plafonds sont des montants ronds, et le résultat voyage moins lourd.
                plafonds[solde] = np.ascontiguousarray(valeurs.T, dtype=np.float32)
    codes = groupes(simulation, systeme, parametres.annee_analyse)
    formations = getattr(lot, "formations", None)
    plans = None if formations is None else formations.plans(simulation, lot.ids, lot.poids)
    return ResultatLot(
        numero=lot.numero,
        ids=lot.ids,
        poids=lot.poids,
        annees=annees,
        sorties=sorties,
        plafonds=plafonds,
        groupes=codes,
        plans=plans,
        duree=time.perf_counter() - debut,
        memoire=psutil.Process(os.getpid()).memory_info().rss,
        vides=dict(getattr(lot, "vides", {})),
    )


def calculer_lot(systeme, lot, parametres):
    """Les sorties d'un lot pour un système (de base ou réformé) ; la simulation est libérée aussitôt."""
    simulation = _simulation_chronometree(systeme, lot)
    resultat = resultats_lot(systeme, simulation, lot, parametres)
    del simulation
    gc.collect()
    return resultat


def tache(lot, parametres):
    """Simule un lot pour chaque scénario ; même code en local et sur un travailleur Dask."""
    return {
        scenario: calculer_lot(systeme_pour(scenario, parametres.reforme), lot, parametres)
        for scenario in parametres.scenarios
    }


def executer_localement(lots, parametres, systemes=None):
    """Les résultats des lots, dans l'ordre, calculés dans ce processus : (n, {scénario: ResultatLot}).

    Debout sur `simulations_par_lots`, l'itérateur de `Microsimulation.par_lots` : une simulation à la
    fois en mémoire. `systemes` : {scénario: système} (par défaut le système de base et sa réforme).
    """
    if systemes is None:
        systemes = {scenario: systeme_pour(scenario, parametres.reforme) for scenario in parametres.scenarios}
    resultats = {}
    for lot, scenario, simulation in simulations_par_lots(lots, systemes):
        resultats[scenario] = resultats_lot(systemes[scenario], simulation, lot, parametres)
        # Libérée avant l'écriture et la synthèse du lot (cycles population <-> simulation).
        del simulation
        gc.collect()
        if len(resultats) == len(systemes):  # dernier scénario du lot : ses résultats partent aussitôt
            yield lot.n, resultats
            resultats = {}
