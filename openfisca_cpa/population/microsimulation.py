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

Les données se lisent comme un fichier de la commande ``openfisca-cpa`` (c'en est la même
lecture, `SourcePopulation`) : forme longue (``id``, ``annee``, une colonne par entrée) ou large
(``<variable>@<période>``, ou ``<variable>_<année>``), DataFrame pandas, table Arrow ou chemin
CSV/Parquet. Les contrôles sont ceux de openfisca_cpa/entrees.py, les mêmes que l'API web : une
valeur fautive lève `ErreurPopulation` en nommant la colonne et la ligne. Les individus sont
simulés par lots (`taille_lot`) ; les simulations des lots restent en mémoire pour les calculs
suivants, comme une `Microsimulation` de PolicyEngine. `par_lots` parcourt les lots sans les garder :
c'est l'itérateur (simulation.simulations_par_lots) sur lequel la commande ``openfisca-cpa simuler``
calcule, une simulation à la fois.

Le relevé (`releve`) est la vue de openfisca_cpa/releve.py (`releve_dataframe`), qui lit les variables de
mouvement du modèle : les mêmes chiffres que la route /releve de l'API web. Les plans de financement
(`plans`, `totaux_plans`) viennent des demandes de formation lues par la lecture de
``openfisca-cpa simuler --formations`` (population/formations.py : mêmes colonnes, mêmes contrôles) et des
lignes du plan définies une fois dans openfisca_cpa/plan_financement.py : les mêmes chiffres que le fichier
``<sortie>_plans.csv`` de la commande et que la route /plan-de-financement.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from microdf import MicroDataFrame, MicroSeries
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit

from openfisca_cpa.entrees import lire_periode
from openfisca_cpa.erreurs import ErreurLocalisee
from openfisca_cpa.population.erreurs import ErreurPopulation, plus_proche
from openfisca_cpa.population.lecture import TAILLE_LOT, OptionsLecture, SourcePopulation
from openfisca_cpa.population.simulation import simulations_par_lots, systeme_de_base

SCENARIOS = ("base", "reforme")


class Microsimulation:
    """Une population simulée par le modèle, pour la base et, si elle est donnée, une réforme.

    `donnees` : DataFrame pandas, table Arrow ou chemin d'un fichier CSV/Parquet.
    `poids` : nom de la colonne des poids (par défaut « poids » si elle existe, sinon 1 par individu).
    `reforme` : chemin d'un fichier YAML de réforme (le format de ``openfisca-cpa simuler --reforme``)
    ou une définition déjà validée (`lire_reforme`).
    `formations` : demandes de formation (DataFrame pandas ou chemin CSV/Parquet), les colonnes de
    ``openfisca-cpa simuler --formations`` : identifiant, ``date``, ``prix`` et les champs facultatifs
    (type_action, points_c2p…). Une demande invalide ou d'un individu absent lève `ErreurPopulation`.
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
    ) -> None:
        self.systeme = systeme or systeme_de_base()
        options = OptionsLecture(
            colonne_id=colonne_id,
            colonne_annee=colonne_annee,
            colonne_poids=poids,
            forme=forme,
            separateur=separateur,
            decimale=decimale,
            taille_lot=taille_lot,
        )
        self.source = SourcePopulation(donnees, self.systeme, options)
        if poids != "poids" and poids not in self.source.entete:
            raise ErreurPopulation(
                f"colonne de poids « {poids} » absente",
                code="colonne_manquante",
                colonne=poids,
                attendu="le nom d'une colonne des données",
                suggestion=plus_proche(poids, self.source.entete),
            )
        self.definition_reforme = None
        self.systemes = {"base": self.systeme}
        if reforme is not None:
            from openfisca_cpa.population.reformes import construire_reforme, lire_reforme, valider_reforme

            if isinstance(reforme, dict):
                self.definition_reforme = valider_reforme(reforme, self.systeme)
            else:
                self.definition_reforme = lire_reforme(reforme, self.systeme)
            self.systemes["reforme"] = construire_reforme(self.systeme, self.definition_reforme)
        self._lots = list(self.source.lots())
        self.demandes = None
        if formations is not None:
            from openfisca_cpa.population.formations import DemandesFormation

            self.demandes = DemandesFormation(
                formations, self.systeme, colonne_id=colonne_id, separateur=separateur, decimale=decimale
            )
            for lot in self._lots:
                # Entrées datées (DAY) du jour de chaque achat, comme le lot de la commande (execution.py).
                lot.journalieres = self.demandes.entrees(lot.ids, self.systeme)
            self.demandes.verifier_servies()
        self.ids = np.concatenate([lot.ids for lot in self._lots]) if self._lots else np.array([])
        self.poids = np.concatenate([lot.poids for lot in self._lots]) if self._lots else np.array([])
        self._simulations: dict[str, list] = {}

    # --- Accès ------------------------------------------------------------------------------

    @property
    def scenarios(self) -> tuple[str, ...]:
        return tuple(self.systemes)

    def __len__(self) -> int:
        return len(self.ids)

    def simulations(self, scenario: str = "base") -> list:
        """Les simulations OpenFisca des lots (construites au premier calcul)."""
        self._verifier_scenario(scenario)
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
        for lot, _, simulation in simulations_par_lots(self._lots, {scenario: self.systemes[scenario]}):
            yield lot, simulation
            del simulation  # puis simulations_par_lots appelle le ramasse-miettes

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
        morceaux = [simulation.calculate(variable, lue) for simulation in self.simulations(scenario)]
        if definie.value_type is Enum:
            morceaux = [np.asarray(morceau.decode_to_str()) for morceau in morceaux]
        if not morceaux:
            return np.array([], dtype=definie.dtype)
        return np.concatenate(morceaux)

    def calculate(self, variable: str, period=None, scenario: str = "base") -> MicroSeries:
        """La série pondérée de `variable` pour `period`, indexée par l'identifiant des individus.

        Les nombres sont rendus en float64 (les agrégats pondérés ne perdent rien à float32).
        """
        valeurs = self.valeurs(variable, period, scenario)
        if valeurs.dtype.kind == "f":
            valeurs = valeurs.astype(np.float64)
        index = pd.Index(self.ids, name=self.source.options.colonne_id)
        return MicroSeries(valeurs, weights=self.poids, index=index, name=variable)

    def calculate_dataframe(self, variables, period=None, scenario: str = "base") -> MicroDataFrame:
        """Un MicroDataFrame pondéré : une colonne par variable, une ligne par individu."""
        colonnes = {}
        for nom in variables:
            valeurs = self.valeurs(nom, period, scenario)
            colonnes[nom] = valeurs.astype(np.float64) if valeurs.dtype.kind == "f" else valeurs
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
        base = self.valeurs(variable, period, "base").astype(np.float64)
        reforme = self.valeurs(variable, period, "reforme").astype(np.float64)
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
        for lot, simulation in zip(self._lots, self.simulations(scenario), strict=True):
            if voulus is not None and not voulus.isin(lot.ids).any():
                continue
            morceau = releve_dataframe(simulation, annees, ids=lot.ids)
            if voulus is not None:
                morceau = morceau[morceau["id"].isin(voulus)]
            morceaux.append(morceau)
        colonne_id = self.source.options.colonne_id
        if not morceaux:
            return releve_dataframe(self.simulations(scenario)[0], [], ids=[]).rename(columns={"id": colonne_id})
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
        tables = [
            pd.DataFrame(demandes.plans(simulation, lot.ids, lot.poids))
            for lot, simulation in zip(self._lots, self.simulations(scenario), strict=True)
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
