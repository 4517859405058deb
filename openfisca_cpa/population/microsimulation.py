"""Microsimulation pour les économistes : un DataFrame de carrières, des séries pondérées.

    from openfisca_cpa.population import Microsimulation

    sim = Microsimulation(df, poids="poids", reforme="reforme.yaml")
    sim.calculate("cpf_solde", 2026).sum()                 # total pondéré (MicroSeries de microdf)
    sim.calculate("cpf_solde", 2026, scenario="reforme")    # la même série sous la réforme
    sim.calculate_dataframe(["cpf_solde", "cec_solde"], 2026)
    sim.comparer("cpf_solde", 2026)                         # base, réforme et écart côte à côte
    for lot, simulation in sim.par_lots(): ...              # lot par lot, sans rien garder (grands fichiers)
    sim.releve(annees=range(2019, 2027), ids=["p1"])         # relevé : mouvements année par année

    sim = Microsimulation(df, formations=demandes)          # demandes de formation (DataFrame ou chemin)
    sim.plans()                                             # un plan par demande, montant de chaque source
    sim.totaux_plans()                                      # totaux pondérés par source (float64)
    sim.cellules_vides                                      # {colonne: cellules vides} (formule ou défaut)

    sim = Microsimulation("population.parquet", flux=True)  # mode flux : 10 M d'individus, mémoire bornée
    synthese = sim.simuler("resultats.parquet")             # résultats écrits lot par lot, synthèse pondérée

Les données se lisent comme un fichier de la commande ``openfisca-cpa`` (c'en est la même
lecture, `SourcePopulation`) : forme longue (``id``, ``annee``, une colonne par entrée) ou large
(``<variable>@<période>``, ou ``<variable>_<année>``), DataFrame pandas, table Arrow ou chemin
CSV/Parquet. Les contrôles sont ceux de openfisca_cpa/entrees.py, les mêmes que l'API web : une
valeur fautive lève `ErreurPopulation` en nommant la colonne et la ligne. Les individus sont
simulés par lots (`taille_lot`) ; les simulations des lots restent en mémoire pour les calculs
suivants, comme une `Microsimulation` de PolicyEngine. `par_lots` parcourt les lots sans les garder :
c'est l'itérateur (simulation.simulations_par_lots) sur lequel la commande ``openfisca-cpa simuler``
calcule, une simulation à la fois.

Mode flux (``flux=True``) : rien n'est gardé d'un lot au suivant, ni entrées ni simulations ; chaque
calcul relit la source par lots (``taille_lot`` individus à la fois), si bien que la mémoire est bornée
par un lot et non par la population. C'est l'objet sur lequel ``openfisca-cpa simuler`` et
``openfisca-cpa reforme`` sont écrits (`simuler` : résultats en forme longue ou large, CSV ou Parquet,
synthèse pondérée, réforme côte à côte, plans de financement, Dask) ; `calculate`, `releve`, `plans`
y donnent les mêmes chiffres qu'en mémoire, au prix d'une relecture par appel.

Cellules vides (règle commune aux trois portes, openfisca_cpa/colonnes.py) : ``vides="completer"`` (par
défaut) donne à une cellule vide la formule du modèle, sinon la valeur par défaut, et la compte dans
`cellules_vides` ; ``vides="refuser"`` lève `ErreurPopulation` (code ``valeur_manquante``) à la première.

Le relevé (`releve`) est la vue de openfisca_cpa/releve.py (`releve_dataframe`), qui lit les variables de
mouvement du modèle : les mêmes chiffres que la route /releve de l'API web. Les plans de financement
(`plans`, `totaux_plans`) viennent des demandes de formation lues par la lecture de
``openfisca-cpa simuler --formations`` (population/formations.py : mêmes colonnes, mêmes contrôles) et des
lignes du plan définies une fois dans openfisca_cpa/plan_financement.py : les mêmes chiffres que le fichier
``<sortie>_plans.csv`` de la commande et que la route /plan-de-financement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from microdf import MicroDataFrame, MicroSeries
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit

from openfisca_cpa.colonnes import VIDES_COMPLETER
from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.entrees import lire_periode
from openfisca_cpa.erreurs import ErreurLocalisee
from openfisca_cpa.population.erreurs import ErreurPopulation, plus_proche
from openfisca_cpa.population.lecture import TAILLE_LOT, OptionsLecture, SourcePopulation
from openfisca_cpa.population.simulation import simulations_par_lots, systeme_de_base, systeme_pour

SCENARIOS = ("base", "reforme")


@dataclass(frozen=True)
class ReformeValidee:
    """Une définition de réforme déjà validée (ce que rendent `lire_reforme` et `valider_reforme`)."""

    definition: dict


def _somme_vides(par_lot) -> dict[str, int]:
    """Les cellules vides par colonne, cumulées sur les lots (dans l'ordre des colonnes rencontrées)."""
    total: dict[str, int] = {}
    for vides in par_lot:
        for colonne, nombre in vides.items():
            total[colonne] = total.get(colonne, 0) + int(nombre)
    return total


class Microsimulation:
    """Une population simulée par le modèle, pour la base et, si elle est donnée, une réforme.

    `donnees` : DataFrame pandas, table Arrow, chemin d'un fichier CSV/Parquet, ou `SourcePopulation`
    déjà ouverte (ses options de lecture font alors foi).
    `poids` : nom de la colonne des poids (par défaut « poids » si elle existe, sinon 1 par individu).
    `reforme` : chemin d'un fichier YAML de réforme (le format de ``openfisca-cpa reforme``), dict à
    valider, ou `ReformeValidee` (définition rendue par `lire_reforme`, non revalidée).
    `formations` : demandes de formation (DataFrame pandas ou chemin CSV/Parquet), les colonnes de
    ``openfisca-cpa simuler --formations`` : identifiant, ``date``, ``prix`` et les champs facultatifs
    (type_action, points_c2p…). Une demande invalide ou d'un individu absent lève `ErreurPopulation`.
    `vides` : règle des cellules vides, « completer » (formule ou défaut, comptées dans `cellules_vides`)
    ou « refuser » (`ErreurPopulation` de code ``valeur_manquante``).
    `flux` : ne rien garder d'un lot au suivant (mémoire d'un lot) ; chaque calcul relit la source.
    """

    def __init__(
        self,
        donnees,
        *,
        poids: str = "poids",
        reforme=None,
        systeme=None,
        colonne_id: str = "id",
        colonne_annee: str = "annee",
        forme: str = "auto",
        taille_lot: int = TAILLE_LOT,
        separateur: str = ",",
        decimale: str = ".",
        formations=None,
        vides: str = VIDES_COMPLETER,
        flux: bool = False,
        ignorer_colonnes_inconnues: bool = False,
    ) -> None:
        if isinstance(donnees, SourcePopulation):
            # Une source déjà ouverte (la commande) : ses options de lecture font foi ; comme avant, une
            # colonne de poids absente (--colonne-poids) donne un poids de 1 sans erreur.
            self.source = donnees
            self.systeme = systeme or donnees.systeme
            options = donnees.options
            poids = "poids"
        else:
            self.systeme = systeme or systeme_de_base()
            options = OptionsLecture(
                colonne_id=colonne_id,
                colonne_annee=colonne_annee,
                colonne_poids=poids,
                forme=forme,
                separateur=separateur,
                decimale=decimale,
                taille_lot=taille_lot,
                ignorer_colonnes_inconnues=ignorer_colonnes_inconnues,
                vides=vides,
            )
            if int(options.taille_lot) < 1:
                raise ErreurPopulation("taille de lot invalide", valeur=options.taille_lot, attendu="au moins 1")
            self.source = SourcePopulation(donnees, self.systeme, options)
        if poids != "poids" and poids not in self.source.entete:
            raise ErreurPopulation(
                f"colonne de poids « {poids} » absente",
                code="colonne_manquante",
                colonne=poids,
                attendu="le nom d'une colonne des données",
                suggestion=plus_proche(poids, self.source.entete),
            )
        self.flux = bool(flux)
        self.definition_reforme = None
        self.systemes = {"base": self.systeme}
        if reforme is not None:
            from openfisca_cpa.population.reformes import lire_reforme, valider_reforme

            if isinstance(reforme, ReformeValidee):
                self.definition_reforme = reforme.definition
            elif isinstance(reforme, dict):
                self.definition_reforme = valider_reforme(reforme, self.systeme)
            else:
                self.definition_reforme = lire_reforme(reforme, self.systeme)
            self.systemes["reforme"] = self._systeme_reforme()
        self.demandes = None
        if formations is not None:
            from openfisca_cpa.population.formations import DemandesFormation

            self.demandes = DemandesFormation(
                formations,
                self.systeme,
                colonne_id=options.colonne_id,
                separateur=options.separateur,
                decimale=options.decimale,
            )
        self._simulations: dict[str, list] = {}
        self._ids = self._poids = None
        self._vides: dict[str, int] | None = None
        self._lots = None
        if self.flux:
            return
        self._lots = list(self._avec_formations(self.source.lots()))
        if self.demandes is not None:
            self.demandes.verifier_servies()
        self._ids = np.concatenate([lot.ids for lot in self._lots]) if self._lots else np.array([])
        self._poids = np.concatenate([lot.poids for lot in self._lots]) if self._lots else np.array([])
        self._vides = _somme_vides(lot.vides for lot in self._lots)

    def _systeme_reforme(self):
        """Le système réformé ; celui du système de base est mis en cache, comme sur les travailleurs Dask."""
        if self.systeme is systeme_de_base():
            return systeme_pour("reforme", self.definition_reforme)
        from openfisca_cpa.population.reformes import construire_reforme

        return construire_reforme(self.systeme, self.definition_reforme)

    def _avec_formations(self, lots):
        """Les lots, avec les entrées datées (DAY) du jour de chaque achat de leurs demandes de formation."""
        for lot in lots:
            if self.demandes is not None:
                lot.journalieres = self.demandes.entrees(lot.ids, self.systeme)
                lot.formations = self.demandes
            yield lot

    def _lots_lus(self, fils: bool = False):
        """Les lots : gardés en mémoire, ou relus de la source en mode flux (le suivant lu d'avance si `fils`)."""
        if not self.flux:
            return iter(self._lots)
        from openfisca_cpa.population.flux import en_avance

        lots = en_avance(self.source.lots()) if fils else self.source.lots()
        return self._avec_formations(lots)

    def _parcours_complet(self):
        """Un passage de lecture seule (mode flux) : identifiants, poids et cellules vides de la population."""
        ids, poids, vides = [], [], []
        for lot in self.source.lots():
            ids.append(lot.ids)
            poids.append(lot.poids)
            vides.append(lot.vides)
        self._retenir(ids, poids, vides)

    def _retenir(self, ids, poids, vides):
        self._ids = np.concatenate(ids) if ids else np.array([])
        self._poids = np.concatenate(poids) if poids else np.array([])
        self._vides = _somme_vides(vides)

    @property
    def ids(self) -> np.ndarray:
        """Les identifiants des individus, dans l'ordre des données (un passage de lecture en mode flux)."""
        if self._ids is None:
            self._parcours_complet()
        return self._ids

    @property
    def poids(self) -> np.ndarray:
        """Les poids des individus (float64 ; 1 sans colonne de poids)."""
        if self._poids is None:
            self._parcours_complet()
        return self._poids

    @property
    def cellules_vides(self) -> dict[str, int]:
        """Cellules vides par colonne des données : elles ont pris la formule ou la valeur par défaut.

        Vide si toutes les cellules sont renseignées ; avec ``vides="refuser"`` une cellule vide lève
        une erreur à la lecture. Les mêmes comptes que « cellules_vides » de l'API web et de la synthèse
        de la commande.
        """
        if self._vides is None:
            self._parcours_complet()
        return dict(self._vides)

    # --- Accès ------------------------------------------------------------------------------

    @property
    def scenarios(self) -> tuple[str, ...]:
        return tuple(self.systemes)

    def __len__(self) -> int:
        return len(self.ids)

    def simulations(self, scenario: str = "base") -> list:
        """Les simulations OpenFisca des lots (construites au premier calcul ; pas en mode flux)."""
        self._verifier_scenario(scenario)
        if self.flux:
            raise ErreurPopulation(
                "une Microsimulation en mode flux ne garde pas les simulations de ses lots",
                code="mode_flux",
                attendu="par_lots() (une simulation à la fois), ou Microsimulation(..., flux=False)",
            )
        if scenario not in self._simulations:
            gardees = simulations_par_lots(self._lots, {scenario: self.systemes[scenario]})
            self._simulations[scenario] = [simulation for _, _, simulation in gardees]
        return self._simulations[scenario]

    def _verifier_scenario(self, scenario):
        if scenario not in self.systemes:
            raise ErreurPopulation(
                f"scénario « {scenario} » inconnu",
                code="scenario_inconnu",
                attendu=" ou ".join(self.systemes) + ("" if "reforme" in self.systemes else " (aucune réforme donnée)"),
                suggestion=plus_proche(scenario, self.systemes),
            )

    def par_lots(self, scenario: str = "base"):
        """Les lots un à un, sans les garder : (lot, simulation) ; `lot.ids`, `lot.poids` les individus.

        L'itérateur de la commande ``openfisca-cpa simuler`` (simulation.simulations_par_lots) : une seule
        simulation en mémoire à la fois, pour un calcul sur une population plus grande que la mémoire ;
        ne gardez pas la simulation d'un tour au suivant. Les simulations déjà gardées par `calculate`
        sont réutilisées.
        """
        self._verifier_scenario(scenario)
        if scenario in self._simulations:
            yield from zip(self._lots, self._simulations[scenario], strict=True)
            return
        ids, poids, vides = [], [], []
        for lot, _, simulation in simulations_par_lots(self._lots_lus(), {scenario: self.systemes[scenario]}):
            if self.flux:
                ids.append(lot.ids)
                poids.append(lot.poids)
                vides.append(lot.vides)
            yield lot, simulation
            del simulation  # puis simulations_par_lots appelle le ramasse-miettes
        if self.flux:
            self._retenir(ids, poids, vides)
            if self.demandes is not None:
                self.demandes.verifier_servies()

    def _lots_et_simulations(self, scenario: str):
        """(lot, simulation) de chaque lot : gardées (en mémoire) ou construites une à une (mode flux)."""
        if self.flux:
            return self.par_lots(scenario)
        return zip(self._lots, self.simulations(scenario), strict=True)

    def _variable(self, nom: str):
        variable = self.systeme.variables.get(nom)
        if variable is None:
            raise ErreurPopulation(
                f"variable « {nom} » inconnue du modèle",
                code="variable_inconnue",
                attendu="un identifiant de variable du modèle",
                suggestion=plus_proche(nom, self.systeme.variables),
            )
        return variable

    def _periode(self, variable, periode):
        texte = "ETERNITY" if variable.definition_period == DateUnit.ETERNITY and periode is None else str(periode)
        try:
            lue = lire_periode(texte, [variable.name, texte])
        except ErreurLocalisee as erreur:
            raise ErreurPopulation(erreur.message.rstrip("."), code=erreur.code, attendu=erreur.expected) from None
        definition = variable.definition_period
        if definition != DateUnit.ETERNITY and (lue.unit != definition or lue.size != 1):
            raise ErreurPopulation(
                f"{variable.name} se calcule par {definition.upper()}, pas pour « {texte} »",
                code="periode_incompatible",
                attendu="une année, par exemple 2026" if definition == DateUnit.YEAR else f"une période {definition}",
            )
        return lue

    # --- Calculs ----------------------------------------------------------------------------

    def valeurs(self, variable: str, periode=None, scenario: str = "base") -> np.ndarray:
        """Les valeurs brutes (numpy, dans l'ordre des individus) de `variable` pour `periode`."""
        definie = self._variable(variable)
        lue = self._periode(definie, periode)
        self._verifier_scenario(scenario)
        morceaux = [simulation.calculate(variable, lue) for _, simulation in self._lots_et_simulations(scenario)]
        if definie.value_type is Enum:
            morceaux = [np.asarray(morceau.decode_to_str()) for morceau in morceaux]
        if not morceaux:
            return np.array([], dtype=definie.dtype)
        return np.concatenate(morceaux)

    def calculate(self, variable: str, period=None, scenario: str = "base") -> MicroSeries:
        """La série pondérée de `variable` pour `period`, indexée par l'identifiant des individus.

        Les nombres sont rendus en float64, relus à quatre décimales comme le modèle relit ses montants
        (248,92 € et non 248,91999817, valeur float32 rangée) : les agrégats pondérés sont exacts au centime.
        """
        valeurs = self.valeurs(variable, period, scenario)
        if valeurs.dtype.kind == "f":
            valeurs = en_float64(valeurs)
        index = pd.Index(self.ids, name=self.source.options.colonne_id)
        return MicroSeries(valeurs, weights=self.poids, index=index, name=variable)

    def calculate_dataframe(self, variables, period=None, scenario: str = "base") -> MicroDataFrame:
        """Un MicroDataFrame pondéré : une colonne par variable, une ligne par individu."""
        colonnes = {}
        for nom in variables:
            valeurs = self.valeurs(nom, period, scenario)
            colonnes[nom] = en_float64(valeurs) if valeurs.dtype.kind == "f" else valeurs
        index = pd.Index(self.ids, name=self.source.options.colonne_id)
        return MicroDataFrame(colonnes, weights=self.poids, index=index)

    def comparer(self, variable: str, period=None) -> MicroDataFrame:
        """Base et réforme côte à côte, avec l'écart (réforme − base), pondérés."""
        if "reforme" not in self.systemes:
            raise ErreurPopulation(
                "aucune réforme à comparer",
                code="reforme_absente",
                attendu="Microsimulation(..., reforme='reforme.yaml')",
            )
        base = en_float64(self.valeurs(variable, period, "base"))
        reforme = en_float64(self.valeurs(variable, period, "reforme"))
        index = pd.Index(self.ids, name=self.source.options.colonne_id)
        return MicroDataFrame(
            {"base": base, "reforme": reforme, "ecart": reforme - base},
            weights=self.poids,
            index=index,
        )

    # --- Relevé et plans de financement ---------------------------------------------------------

    def releve(self, annees, ids=None, scenario: str = "base") -> pd.DataFrame:
        """Le relevé des comptes en format long (openfisca_cpa.releve.releve_dataframe), lot par lot.

        `annees` : une année ou des années (``range(2019, 2027)``) ; `ids` : les individus voulus (tous
        par défaut). Colonnes : l'identifiant, compte, annee, mouvement, montant, unite, regle, article,
        variable ; pour chaque individu, compte et année, solde_debut + somme des mouvements = solde_fin.
        """
        from openfisca_cpa.releve import releve_dataframe

        annees = [annees] if isinstance(annees, int | np.integer) else list(annees)
        if not annees or not all(isinstance(a, int | np.integer) for a in annees):
            raise ErreurPopulation(
                "années du relevé invalides",
                code="annee_invalide",
                attendu="une année ou une liste d'années, par exemple range(2019, 2027)",
            )
        annees = [int(a) for a in annees]
        for annee in annees:
            self._periode(self._variable("cpf_solde"), annee)  # horizon des périodes commun aux trois portes
        voulus = None
        if ids is not None:
            voulus = pd.Index([ids] if isinstance(ids, str | int | np.integer) else list(ids))
            inconnus = voulus.difference(pd.Index(self.ids))
            if len(inconnus):
                raise ErreurPopulation(
                    f"individu « {inconnus[0]} » absent de la population",
                    code="identifiant_inconnu",
                    colonne=self.source.options.colonne_id,
                    valeur=str(inconnus[0]),
                    attendu="l'identifiant d'un individu des données",
                    suggestion=plus_proche(str(inconnus[0]), [str(i) for i in self.ids]),
                )
        morceaux = []
        vide = None
        self._verifier_scenario(scenario)
        for lot, simulation in self._lots_et_simulations(scenario):
            if vide is None:
                vide = releve_dataframe(simulation, [], ids=[])
            if voulus is not None and not voulus.isin(lot.ids).any():
                continue
            morceau = releve_dataframe(simulation, annees, ids=lot.ids)
            if voulus is not None:
                morceau = morceau[morceau["id"].isin(voulus)]
            morceaux.append(morceau)
        colonne_id = self.source.options.colonne_id
        if not morceaux:
            if vide is None:  # aucun individu
                return pd.DataFrame(columns=[colonne_id])
            return vide.rename(columns={"id": colonne_id})
        return pd.concat(morceaux, ignore_index=True).rename(columns={"id": colonne_id})

    def _demandes(self):
        if self.demandes is None:
            raise ErreurPopulation(
                "aucune demande de formation",
                code="formations_absentes",
                attendu="Microsimulation(..., formations=demandes) (DataFrame ou chemin CSV/Parquet)",
            )
        return self.demandes

    def plans(self, scenario: str = "base") -> pd.DataFrame:
        """Un plan par demande de formation : les colonnes du fichier ``<sortie>_plans.csv`` de la commande.

        L'identifiant, date, poids, prix, achat_possible, motif_refus, participation_forfaitaire,
        cpf_solde_disponible puis le montant de chaque source dans l'ordre du plan (cofinancements,
        droits statutaires, crédits hors plafond, CEC, titulaire), en float64 arrondi au centime ; trié par
        identifiant et date.
        """
        from openfisca_cpa.population.formations import COLONNES_PLAN

        demandes = self._demandes()
        colonne_id = self.source.options.colonne_id
        self._verifier_scenario(scenario)
        tables = [
            pd.DataFrame(demandes.plans(simulation, lot.ids, lot.poids))
            for lot, simulation in self._lots_et_simulations(scenario)
        ]
        tables = [table for table in tables if len(table)]
        if not tables:
            return pd.DataFrame(columns=[colonne_id, "date", "poids", *COLONNES_PLAN])
        table = pd.concat(tables, ignore_index=True)
        return table.sort_values([colonne_id, "date"], kind="stable", ignore_index=True)

    def totaux_plans(self, scenario: str = "base", ponderes: bool = True) -> pd.Series:
        """Les totaux par source des plans (float64), pondérés par défaut : ceux de la synthèse de la commande.

        Index : prix, participation_forfaitaire puis chaque source (``autres_tiers``…, ``titulaire``).
        """
        from openfisca_cpa.population.formations import SOURCES

        table = self.plans(scenario)
        poids = table["poids"].to_numpy(dtype=np.float64) if ponderes else np.ones(len(table))
        possibles = table["achat_possible"].to_numpy(dtype=bool)
        totaux = {
            "prix": table["prix"].to_numpy(dtype=np.float64) @ poids,
            "participation_forfaitaire": np.where(
                possibles, table["participation_forfaitaire"].to_numpy(dtype=np.float64), 0.0
            )
            @ poids,
        }
        for source in SOURCES:
            totaux[source.id] = table[source.id].to_numpy(dtype=np.float64) @ poids
        return pd.Series(totaux, dtype=np.float64, name="montant_pondere" if ponderes else "montant")

    # --- La commande : résultats écrits lot par lot et synthèse pondérée ------------------------

    def simuler(
        self,
        sortie=None,
        *,
        sorties=None,
        annees=None,
        annee_analyse=None,
        forme_sortie: str = "longue",
        dask=None,
        progression=None,
        fils: bool = True,
    ) -> dict:
        """Simule toute la population lot par lot ; écrit `sortie` (si donnée) et renvoie la synthèse.

        Ce que fait ``openfisca-cpa simuler`` (et ``reforme`` quand l'objet a une réforme) : une passe
        sur les lots, un lot en mémoire à la fois ; pour chaque lot, les `sorties` (par défaut celles du
        contrat présentes dans le modèle) pour les `annees` (par défaut celles des données), écrites dans
        `sortie` (.parquet ou .csv, forme ``longue`` ou ``large``, base et réforme côte à côte) et
        cumulées dans la synthèse pondérée (totaux, déciles, groupes, gagnants et perdants d'une
        réforme, plans de financement des demandes de formation, cellules vides par colonne).

        `dask` : None (calcul dans ce processus) ou une ConfigurationDask (les lots bruts sont convertis et
        simulés par les travailleurs ; mêmes chiffres). `progression` : None (barre si terminal), True ou
        False. `fils` : lire le lot suivant et écrire le précédent pendant le calcul du lot courant.
        """
        import resource
        import time
        from datetime import UTC, datetime

        from tqdm import tqdm

        from openfisca_cpa.population.ecriture import EcrivainResultats
        from openfisca_cpa.population.flux import EcritureEnFond, ecrire_plans, en_avance, preparer, version
        from openfisca_cpa.population.simulation import executer_localement
        from openfisca_cpa.population.synthese import Synthese

        debut = time.perf_counter()
        source = self.source
        parametres, ecartees = preparer(source, sorties, annees, annee_analyse, self.definition_reforme)
        if dask is not None and self.demandes is not None:
            raise ErreurPopulation(
                "les demandes de formation (--formations) ne sont pas encore prises en charge avec Dask",
                code="option_incompatible",
                attendu="un calcul local (sans --dask ni --scheduler)",
            )
        inventaire = source.inventaire()
        synthese = Synthese(
            self.systeme, parametres.sorties, parametres.annees, parametres.annee_analyse, parametres.scenarios
        )
        if dask is None:
            lots = self._lots_lus(fils=fils) if self.flux else iter(self._lots)
            # L'itérateur par lots de par_lots (simulation.simulations_par_lots), tous les scénarios par lot.
            resultats = executer_localement(lots, parametres, self.systemes)
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
        plans, vides = [], []
        try:
            for n, resultat in resultats:
                if ecrivain is not None:
                    ecrivain.ecrire(resultat)
                synthese.ajouter(resultat)
                vides.append(resultat[parametres.scenarios[0]].vides)
                if self.demandes is not None:
                    plans.extend((scenario, r.plans) for scenario, r in resultat.items())
                barre.update(n)
        finally:
            barre.close()
            if ecrivain is not None:
                ecrivain.fermer()
        # Identifiants et poids ne sont pas gardés (mémoire de la commande) : relus à la demande.
        self._vides = _somme_vides(vides)
        fichier_plans = None
        if self.demandes is not None:
            self.demandes.verifier_servies()
            fichier_plans = ecrire_plans(plans, sortie, source.options.colonne_id)
        meta = {
            "fichier": str(source.chemin),
            "forme": source.forme,
            "sortie": None if sortie is None else str(sortie),
            "reforme": self.definition_reforme,
            "sorties_ecartees": ecartees,
            "colonnes_ignorees": source.colonnes_ignorees,
            "mode": mode,
            "formations": None if self.demandes is None else str(self.demandes.chemin),
            "fichier_plans": fichier_plans,
            "taille_lot": source.options.taille_lot,
            "vides": source.options.vides,
            "cellules_vides": _somme_vides(vides),
            "duree_s": round(time.perf_counter() - debut, 3),
            "memoire_pic_processus_mo": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "version": version(),
        }
        return synthese.resultat(meta)

    def ecrire(self, sortie, **options) -> dict:
        """Les résultats écrits dans `sortie` (.parquet ou .csv) : `simuler(sortie, ...)`, synthèse rendue."""
        return self.simuler(sortie, **options)
