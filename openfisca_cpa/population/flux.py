"""Plomberie du mode flux de `Microsimulation` : lecture d'avance, écriture en fond, paramètres du calcul, plans."""

import queue
import threading

from openfisca_cpa.population.contrat import sorties_disponibles
from openfisca_cpa.population.erreurs import ErreurPopulation
from openfisca_cpa.population.simulation import Parametres


def version():
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


def ecrire_plans(plans, sortie, colonne_id):
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
