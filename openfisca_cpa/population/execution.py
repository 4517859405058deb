"""Exécution d'une simulation de population : lecture par lots, calcul (local ou Dask), écriture, synthèse."""

import logging
import queue
import resource
import threading
import time
from datetime import UTC, datetime

from tqdm import tqdm

from openfisca_cpa.population.contrat import sorties_disponibles
from openfisca_cpa.population.ecriture import EcrivainResultats
from openfisca_cpa.population.erreurs import ErreurPopulation
from openfisca_cpa.population.simulation import (
    Parametres,
    executer_localement,
    systeme_de_base,
    systeme_pour,
)
from openfisca_cpa.population.synthese import Synthese

journal = logging.getLogger(__name__)


def _version():
    try:
        from importlib.metadata import version

        return version("openfisca-cpa")
    except Exception:
        return "inconnue"


_FIN = object()


def en_avance(iterable, profondeur=1):
    """Itère `iterable` dans un fil d'exécution : le lot suivant est lu pendant le calcul du lot courant.

    pyarrow et numpy relâchent le GIL pendant la lecture et la conversion ; `profondeur` borne la
    mémoire (au plus `profondeur` lots lus d'avance). Une erreur de lecture est relevée à sa place.
    """
    file = queue.Queue(maxsize=profondeur)
    arret = threading.Event()

    def produire():
        try:
            for element in iterable:
                while not arret.is_set():
                    try:
                        file.put(element, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if arret.is_set():
                    return
        except BaseException as exc:  # relevée dans le fil principal
            file.put(exc)
            return
        file.put(_FIN)

    fil = threading.Thread(target=produire, name="lecture-population", daemon=True)
    fil.start()
    try:
        while True:
            element = file.get()
            if element is _FIN:
                return
            if isinstance(element, BaseException):
                raise element
            yield element
    finally:
        arret.set()
        fil.join(timeout=5)


class EcritureEnFond:
    """Écrit les résultats dans un fil d'exécution (pyarrow relâche le GIL pendant l'encodage)."""

    def __init__(self, ecrivain, profondeur=2):
        self.ecrivain = ecrivain
        self.file = queue.Queue(maxsize=profondeur)
        self.erreur = None
        self.fil = threading.Thread(target=self._boucle, name="ecriture-resultats", daemon=True)
        self.fil.start()

    def _boucle(self):
        while True:
            resultat = self.file.get()
            if resultat is _FIN:
                return
            if self.erreur is None:
                try:
                    self.ecrivain.ecrire(resultat)
                except BaseException as exc:  # relevée par ecrire() ou fermer()
                    self.erreur = exc

    def ecrire(self, resultat):
        if self.erreur is not None:
            raise self.erreur
        self.file.put(resultat)

    def fermer(self):
        self.file.put(_FIN)
        self.fil.join()
        self.ecrivain.fermer()
        if self.erreur is not None:
            raise self.erreur


def preparer(source, sorties=None, annees=None, annee_analyse=None, reforme=None):
    """Les paramètres du calcul : sorties présentes dans le modèle, années, année d'analyse."""
    systeme = source.systeme
    choisies, ecartees = sorties_disponibles(systeme, sorties)
    if sorties:
        inconnues = [s for s in sorties if s not in systeme.variables]
        if inconnues:
            from openfisca_cpa.population.erreurs import plus_proche

            raise ErreurPopulation(
                f"sortie inconnue « {inconnues[0]} »",
                code="variable_inconnue",
                attendu="un identifiant de variable du modèle",
                suggestion=plus_proche(inconnues[0], systeme.variables),
            )
    if not choisies:
        raise ErreurPopulation(
            "aucune sortie calculable",
            code="aucune_sortie",
            attendu="au moins une variable annuelle du modèle",
        )
    annees = sorted(annees) if annees else source.inventaire()["annees"]
    if not annees:
        raise ErreurPopulation("aucune année à simuler", fichier=str(source.chemin), attendu="--annees DEBUT-FIN")
    annee_analyse = annee_analyse or annees[-1]
    if annee_analyse not in annees:
        raise ErreurPopulation(
            f"année d'analyse {annee_analyse} hors des années simulées ({annees[0]}-{annees[-1]})",
            code="annee_invalide",
        )
    scenarios = ("base", "reforme") if reforme else ("base",)
    parametres = Parametres(
        sorties=tuple(choisies),
        annees=tuple(annees),
        annee_analyse=annee_analyse,
        reforme=reforme,
        scenarios=scenarios,
    )
    return parametres, ecartees


def executer(
    source,
    sortie=None,
    *,
    sorties=None,
    annees=None,
    annee_analyse=None,
    reforme=None,
    forme_sortie="longue",
    dask=None,
    progression=None,
    fils=True,
    formations=None,
):
    """Simule la population du fichier `source` ; écrit `sortie` (si donnée) et renvoie la synthèse.

    `dask` : None (calcul dans ce processus) ou une ConfigurationDask.
    `progression` : None (barre si terminal), True ou False.
    `fils` : lire le lot suivant et écrire le précédent dans des fils d'exécution pendant le calcul.
    `formations` : chemin d'un fichier de demandes de formation (population/formations.py) ; le plan de chaque
    demande est écrit à côté des résultats (`<sortie>_plans.csv`) et ses totaux par source vont dans la synthèse.
    """
    debut = time.perf_counter()
    parametres, ecartees = preparer(source, sorties, annees, annee_analyse, reforme)
    if source.systeme is not systeme_de_base() and dask is None:
        journal.debug("Système fourni par l'appelant : calcul local avec ce système.")
    inventaire = source.inventaire()
    demandes = None
    if formations is not None:
        if dask is not None:
            raise ErreurPopulation(
                "les demandes de formation (--formations) ne sont pas encore prises en charge avec Dask",
                code="option_incompatible",
                attendu="un calcul local (sans --dask ni --scheduler)",
            )
        from openfisca_cpa.population.formations import DemandesFormation

        demandes = DemandesFormation(
            formations,
            source.systeme,
            colonne_id=source.options.colonne_id,
            separateur=source.options.separateur,
            decimale=source.options.decimale,
        )
    synthese = Synthese(
        source.systeme,
        parametres.sorties,
        parametres.annees,
        parametres.annee_analyse,
        parametres.scenarios,
    )
    if dask is None:
        lots = en_avance(source.lots()) if fils else source.lots()
        if demandes is not None:
            lots = _avec_formations(lots, demandes, source.systeme)
        # L'itérateur par lots de Microsimulation.par_lots (simulation.simulations_par_lots).
        resultats = executer_localement(lots, parametres, _systemes(source.systeme, parametres))
        mode = "local"
    else:
        from openfisca_cpa.population.dask_runner import executer_dask

        bruts = en_avance(source.lots_bruts()) if fils else source.lots_bruts()
        resultats = executer_dask(source, parametres, dask, bruts)
        mode = f"dask ({dask.description()})"
    ecrivain = None
    if sortie is not None:
        ecrivain = EcrivainResultats(
            sortie,
            parametres.scenarios,
            forme=forme_sortie,
            colonne_id=source.options.colonne_id,
            colonne_annee=source.options.colonne_annee,
            poids=source.options.colonne_poids in source.entete,
        )
        if fils:
            ecrivain = EcritureEnFond(ecrivain)
    barre = tqdm(
        total=inventaire["individus"],
        unit=" individus",
        unit_scale=True,
        desc="Simulation",
        disable=None if progression is None else not progression,
    )
    plans = []
    try:
        for n, resultat in resultats:
            if ecrivain is not None:
                ecrivain.ecrire(resultat)
            synthese.ajouter(resultat)
            if demandes is not None:
                plans.extend((scenario, r.plans) for scenario, r in resultat.items())
            barre.update(n)
    finally:
        barre.close()
        if ecrivain is not None:
            ecrivain.fermer()
    fichier_plans = None
    if demandes is not None:
        demandes.verifier_servies()
        fichier_plans = _ecrire_plans(plans, sortie, source.options.colonne_id)
    meta = {
        "fichier": str(source.chemin),
        "forme": source.forme,
        "sortie": None if sortie is None else str(sortie),
        "reforme": reforme,
        "sorties_ecartees": ecartees,
        "colonnes_ignorees": source.colonnes_ignorees,
        "mode": mode,
        "formations": None if formations is None else str(formations),
        "fichier_plans": fichier_plans,
        "taille_lot": source.options.taille_lot,
        "duree_s": round(time.perf_counter() - debut, 3),
        "memoire_pic_processus_mo": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": _version(),
    }
    return synthese.resultat(meta)


def _systemes(systeme, parametres):
    """{scénario: système} : le système de la source et, s'il y en a une, sa réforme (en cache)."""
    if systeme is systeme_de_base():
        return {scenario: systeme_pour(scenario, parametres.reforme) for scenario in parametres.scenarios}
    from openfisca_cpa.population.reformes import construire_reforme

    systemes = {"base": systeme}
    if parametres.reforme:
        systemes["reforme"] = construire_reforme(systeme, parametres.reforme)
    return systemes


def _avec_formations(lots, demandes, systeme):
    """Ajoute à chaque lot les entrées datées de ses demandes de formation."""
    for lot in lots:
        lot.journalieres = demandes.entrees(lot.ids, systeme)
        lot.formations = demandes
        yield lot


def _ecrire_plans(plans, sortie, colonne_id):
    """Écrit un plan par demande (et par scénario) à côté des résultats ; renvoie le chemin, ou None."""
    if sortie is None:
        return None
    import pandas as pd

    tables = [pd.DataFrame({"scenario": scenario, **colonnes}) for scenario, colonnes in plans if colonnes is not None]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["scenario", colonne_id, "date"])
    table = table.sort_values(["scenario", colonne_id, "date"], kind="stable")
    sortie = str(sortie)
    base, point, suffixe = sortie.rpartition(".")
    chemin = f"{base}_plans.{suffixe}" if point else f"{sortie}_plans.csv"
    if chemin.endswith(".parquet"):
        table.to_parquet(chemin, index=False)
    else:
        table.to_csv(chemin, index=False)
    return chemin
