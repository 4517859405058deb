"""Relevé des comptes, lu dans les variables de mouvement du modèle (vue, sans second calcul).

Chaque solde est la somme de ses mouvements par construction (commun/compte.py) :

    solde(N) = solde(N-1) − débit(N) + crédit avant plafond(N) − écrêtement(N) + abondements(N) + reprise(N)

et, l'année de la conversion (2018), solde en euros = conversion + reprise. Le relevé ne fait que lire
ces variables : pas de simulation bis avec un plafond levé, pas de ligne d'« ajustement ».

Deux formes :
- `releve_dataframe(simulation, annees)` : une population, en format long (une ligne par personne,
  compte, année et mouvement : id, compte, annee, mouvement, montant, unite, regle, article) ;
- `lignes_compte(...)` (utilisée par l'API /releve) : le relevé JSON d'une personne.

La table `COMPTES` décrit chaque compte par les ids de ses variables ; un compte apparaît dès que sa
variable de solde existe, un mouvement dès que sa variable existe.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Phase:
    """Années où un compte est tenu dans une unité avec les mêmes variables.

    - `debit` : variable du débit effectif (au plus le solde) ; `demand` : droits demandés (saisie) ;
      `purchases` : droits utilisés par les achats datés de l'année (plan de financement), débités après ;
    - `credit_before_ceiling`, `cut`, `credit` : crédit avant plafond, écrêtement, crédit inscrit ;
    - `ceiling` : variable du plafond (valeur montrée avec l'écrêtement) ;
    - `top_ups` : crédits hors plafond ; `reprise` : écart créé par un solde connu saisi.
    """

    first_year: int
    last_year: int | None
    balance: str
    unit: str
    credit: str | None = None
    credit_before_ceiling: str | None = None
    credit_components: tuple[str, ...] = ()
    top_ups: tuple[str, ...] = ()
    ceiling: str | None = None
    debit: str | None = None
    demand: str | None = None
    purchases: str | None = None  # droits utilisés par les achats datés de l'année (plan de financement)
    cut: str | None = None
    reprise: str | None = None
    untraced_parameters: tuple[str, ...] = ()  # paramètres lus hors du traceur d'OpenFisca (boucles)

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class Conversion:
    year: int
    date: str
    variable: str  # euros inscrits par la conversion
    source: str  # solde en heures converti
    target: str  # solde en euros de l'année de conversion
    rate_parameter: str
    extra_hours: str | None = None  # heures ajoutées à la conversion (DIF)
    reprise: str | None = None  # écart d'un solde connu saisi pour l'année de conversion


@dataclass(frozen=True)
class Account:
    id: str
    label: str
    phases: tuple[Phase, ...]
    conversion: Conversion | None = None


_CPF_COMPONENTS = (
    "cpf_alimentation_salarie",
    "cpf_alimentation_independant",
    "cpf_alimentation_esat",
    "cpf_alimentation_intermittent",
)

#: Les comptes du relevé. Ajouter un compte ici suffit.
COMPTES: tuple[Account, ...] = (
    Account(
        id="cpf",
        label="Compte personnel de formation : droits statutaires",
        phases=(
            Phase(
                2015,
                2018,
                balance="cpf_solde_heures",
                unit="hour",
                credit="cpf_alimentation",
                credit_before_ceiling="cpf_alimentation_avant_plafond",
                cut="cpf_ecretement",
                ceiling="cpf_plafond",
                debit="cpf_debit",
                demand="cpf_droits_mobilises",
                reprise="cpf_reprise_solde_connu",
                untraced_parameters=("cpf.heures",),
            ),
            Phase(
                2019,
                None,
                balance="cpf_solde",
                unit="currency-EUR",
                credit="cpf_alimentation",
                credit_before_ceiling="cpf_alimentation_avant_plafond",
                credit_components=_CPF_COMPONENTS,
                cut="cpf_ecretement",
                ceiling="cpf_plafond",
                debit="cpf_debit",
                demand="cpf_droits_mobilises",
                purchases="cpf_achats_droits_mobilises",
                reprise="cpf_reprise_solde_connu",
            ),
        ),
        conversion=Conversion(
            year=2018,
            date="2019-01-01",
            variable="cpf_conversion",
            source="cpf_solde_heures",
            target="cpf_solde",
            rate_parameter="cpf.conversion.euros_par_heure",
            extra_hours="cpf_heures_dif",
            reprise="cpf_reprise_solde_connu",
        ),
    ),
    Account(
        id="cpf_public",
        label="Compte personnel de formation : compteur public en heures (agents publics)",
        phases=(
            Phase(
                2017,
                None,
                balance="cpf_solde_heures_public",
                unit="hour",
                credit="cpf_alimentation_heures_public",
                credit_before_ceiling="cpf_public_credit_avant_plafond",
                cut="cpf_public_ecretement",
                ceiling="cpf_plafond_heures_public",
                debit="cpf_public_debit",
                demand="cpf_heures_public_mobilisees",
                reprise="cpf_public_reprise_solde_connu",
                untraced_parameters=("cpf.agents_publics",),
            ),
        ),
    ),
    Account(
        id="cpf_abondements",
        label="Compte personnel de formation : abondements et dotations hors plafond",
        phases=(
            Phase(
                2019,
                None,
                balance="cpf_solde_abondements",
                unit="currency-EUR",
                top_ups=(
                    "cpf_abondement_correctif",
                    "cpf_abondement_apc",
                    "cpf_abondement_atmp",
                    "cpf_abondement_accord",
                ),
                debit="cpf_abondements_debit",
                demand="cpf_abondements_mobilises",
                purchases="cpf_achats_abondements_mobilises",
            ),
        ),
    ),
    Account(
        id="cec",
        label="Compte d'engagement citoyen",
        phases=(
            Phase(
                2017,
                2018,
                balance="cec_solde_heures",
                unit="hour",
                credit="cec_alimentation",
                credit_before_ceiling="cec_alimentation_avant_plafond",
                cut="cec_ecretement",
                debit="cec_debit",
                demand="cec_droits_mobilises",
                untraced_parameters=("cec.heures",),
            ),
            Phase(
                2019,
                None,
                balance="cec_solde",
                unit="currency-EUR",
                credit="cec_alimentation",
                credit_before_ceiling="cec_alimentation_avant_plafond",
                cut="cec_ecretement",
                debit="cec_debit",
                demand="cec_droits_mobilises",
                purchases="cec_achats_droits_mobilises",
                reprise="cec_reprise_solde_connu",
                untraced_parameters=("cec.euros",),
            ),
        ),
        conversion=Conversion(
            year=2018,
            date="2019-01-01",
            variable="cec_conversion",
            source="cec_solde_heures",
            target="cec_solde",
            rate_parameter="cec.conversion.euros_par_heure",
            reprise="cec_reprise_solde_connu",
        ),
    ),
    Account(
        id="c2p",
        label="Compte professionnel de prévention",
        phases=(
            Phase(
                2015,
                None,
                balance="c2p_solde_points",
                unit="point",
                credit="c2p_points_credites",
                credit_before_ceiling="c2p_points_acquis",
                cut="c2p_points_ecretes",
                debit="c2p_points_utilises",
                reprise="c2p_reprise_solde_connu",
                untraced_parameters=("c2p.points",),
            ),
        ),
    ),
)

#: Libellés des mouvements.
LIBELLES = {
    "debit": "Droits utilisés dans l'année",
    "credit": "Alimentation au titre de l'année {annee}, avant plafond",
    "plafonnement": "Part de l'alimentation écrêtée par le plafond",
    "abondement": "Abondement hors plafond",
    "solde_connu": "Solde connu saisi (relevé du compte officiel) : écart avec le solde rejoué",
    "conversion": "Conversion des heures en euros le 1er janvier 2019",
}


# --- lecture des variables ----------------------------------------------------------------------


def docstring(variable, year: int) -> tuple[str | None, str]:
    """(article, règle) de la formule en vigueur en `year`, ou la documentation de la variable."""
    formula = variable.get_formula(f"{year}-01-01") if variable.formulas else None
    text = inspect.cleandoc(formula.__doc__) if formula is not None and formula.__doc__ else ""
    if not text:
        doc = (variable.documentation or "").strip()
        return None, inspect.cleandoc(doc) if doc else variable.label
    first, _, rest = text.partition("\n")
    article, separator, rule = first.partition(" : ")
    if not separator:
        return None, text
    rule = rule + ("\n" + rest.strip() if rest.strip() else "")
    return article.strip(), rule.strip()


def has_rule(variable, year: int) -> bool:
    """La variable est calculée par une formule en `year` (ou est une saisie)."""
    if not variable.formulas:
        return True
    return variable.get_formula(f"{year}-01-01") is not None


@dataclass
class Bloc:
    """Un mouvement d'un compte une année, pour toute la population (tableau float64)."""

    compte: str
    annee: int
    type: str
    montant: np.ndarray
    unite: str
    variable: object | None  # Variable OpenFisca dont la formule porte la règle
    racines: tuple[str, ...] = ()  # variables du traceur dont on lit les paramètres
    extra: dict | None = None  # tableaux ou valeurs complémentaires (demande, plafond…)


class Lecteur:
    """Lit les variables d'une simulation en float64, une fois chacune."""

    def __init__(self, simulation):
        self.simulation = simulation
        self.systeme = simulation.tax_benefit_system
        self.cache: dict = {}

    def existe(self, nom):
        return nom is not None and nom in self.systeme.variables

    def variable(self, nom):
        return self.systeme.variables.get(nom) if nom else None

    def __call__(self, nom, annee):
        cle = (nom, annee)
        if cle not in self.cache:
            self.cache[cle] = np.asarray(self.simulation.calculate(nom, str(annee)), dtype=np.float64)
        return self.cache[cle]


def _phase(account: Account, lecteur: Lecteur, year: int):
    return next((p for p in account.phases if p.covers(year) and lecteur.existe(p.balance)), None)


def solde_debut(lecteur: Lecteur, phase: Phase, year: int):
    """Solde au 31 décembre de l'année précédente (celui de la conversion pour 2019), ou zéro."""
    balance = lecteur.variable(phase.balance)
    if has_rule(balance, year - 1) and (phase.covers(year - 1) or balance.formulas):
        return lecteur(phase.balance, year - 1)
    return np.zeros(lecteur.simulation.persons.count)


def blocs_annee(lecteur: Lecteur, account: Account, year: int) -> tuple[Phase, list[Bloc]] | None:
    """Les mouvements d'un compte pour une année, lus dans les variables de mouvement."""
    phase = _phase(account, lecteur, year)
    if phase is None or not has_rule(lecteur.variable(phase.balance), year):
        return None
    unit = phase.unit
    blocs = []
    if lecteur.existe(phase.debit):
        extra = {"demande": lecteur(phase.demand, year)} if lecteur.existe(phase.demand) else {}
        if lecteur.existe(phase.purchases) and has_rule(lecteur.variable(phase.purchases), year):
            # Débit = droits déclarés (demande) puis droits utilisés par les achats datés de l'année.
            extra["achats"] = lecteur(phase.purchases, year)
        blocs.append(
            Bloc(
                account.id,
                year,
                "debit",
                -lecteur(phase.debit, year),
                unit,
                lecteur.variable(phase.debit),
                (phase.debit, *((phase.demand,) if extra else ())),
                extra,
            )
        )
    before = phase.credit_before_ceiling if lecteur.existe(phase.credit_before_ceiling) else phase.credit
    if lecteur.existe(before) and has_rule(lecteur.variable(before), year):
        components = {
            name: lecteur(name, year)
            for name in phase.credit_components
            if lecteur.existe(name) and has_rule(lecteur.variable(name), year)
        }
        blocs.append(
            Bloc(
                account.id,
                year,
                "credit",
                lecteur(before, year),
                unit,
                lecteur.variable(before),
                (before,),
                {"composantes": components} if components else {},
            )
        )
        if lecteur.existe(phase.cut):
            extra = {"alimentation_apres_plafond": lecteur(phase.credit, year)} if lecteur.existe(phase.credit) else {}
            if lecteur.existe(phase.ceiling):
                extra["plafond"] = lecteur(phase.ceiling, year)
            blocs.append(
                Bloc(
                    account.id,
                    year,
                    "plafonnement",
                    -lecteur(phase.cut, year),
                    unit,
                    lecteur.variable(phase.cut),
                    (phase.ceiling,) if lecteur.existe(phase.ceiling) else (phase.cut,),
                    extra,
                )
            )
    for name in phase.top_ups:
        if lecteur.existe(name):
            blocs.append(
                Bloc(account.id, year, f"abondement-{name}", lecteur(name, year), unit, lecteur.variable(name), (name,))
            )
    conversion = account.conversion
    converti = conversion is not None and year == conversion.year and phase.balance == conversion.source
    if lecteur.existe(phase.reprise) and has_rule(lecteur.variable(phase.reprise), year) and not converti:
        # L'année de conversion, la reprise est en euros : elle suit la conversion.
        blocs.append(
            Bloc(
                account.id,
                year,
                "solde_connu",
                lecteur(phase.reprise, year),
                unit,
                lecteur.variable(phase.reprise),
                (phase.reprise,),
            )
        )
    return phase, blocs


# --- population : data frame en format long ---------------------------------------------------


def releve_dataframe(simulation, annees, ids=None, comptes: tuple[Account, ...] = COMPTES) -> pd.DataFrame:
    """Relevé d'une population en format long, lu dans les variables de mouvement de la simulation.

    Colonnes : id, compte, annee, mouvement, montant, unite, regle, article, variable. Pour chaque
    personne, compte et année : solde_debut, les mouvements (debit, credit, plafonnement, abondement-…,
    solde_connu ; conversion l'année de conversion) et solde_fin ; solde_debut + somme des mouvements
    = solde_fin (à 0,01 près : les variables sont en float32). Vectorisé : une boucle sur les comptes,
    les années et les mouvements, jamais sur les personnes.
    """
    lecteur = Lecteur(simulation)
    n = simulation.persons.count
    ids = np.asarray(simulation.persons.ids if ids is None else ids)
    if len(ids) != n:
        ids = np.arange(n)
    morceaux = []

    def ajouter(compte, annee, mouvement, montant, unite, variable, regle=None, article=None):
        if variable is not None and regle is None:
            article, regle = docstring(variable, annee)
        morceaux.append(
            pd.DataFrame(
                {
                    "id": ids,
                    "compte": compte,
                    "annee": annee,
                    "mouvement": mouvement,
                    "montant": np.round(np.asarray(montant, dtype=np.float64), 6),
                    "unite": unite,
                    "regle": regle,
                    "article": article,
                    "variable": None if variable is None else variable.name,
                }
            )
        )

    for account in comptes:
        for annee in annees:
            resultat = blocs_annee(lecteur, account, annee)
            if resultat is None:
                continue
            phase, blocs = resultat
            ajouter(account.id, annee, "solde_debut", solde_debut(lecteur, phase, annee), phase.unit, None, "", None)
            for bloc in blocs:
                ajouter(account.id, annee, bloc.type, bloc.montant, bloc.unite, bloc.variable)
            fin = lecteur(phase.balance, annee)
            conversion = account.conversion
            if conversion is not None and annee == conversion.year and lecteur.existe(conversion.variable):
                ajouter(account.id, annee, "solde_avant_conversion", fin, phase.unit, lecteur.variable(phase.balance))
                unite = getattr(lecteur.variable(conversion.target), "unit", None) or "currency-EUR"
                # La conversion remplace le solde en heures par des euros : −heures, +euros.
                ajouter(account.id, annee, "conversion_heures", -fin, phase.unit, lecteur.variable(conversion.variable))
                ajouter(
                    account.id,
                    annee,
                    "conversion",
                    lecteur(conversion.variable, annee),
                    unite,
                    lecteur.variable(conversion.variable),
                )
                if lecteur.existe(conversion.reprise):
                    ajouter(
                        account.id,
                        annee,
                        "solde_connu",
                        lecteur(conversion.reprise, annee),
                        unite,
                        lecteur.variable(conversion.reprise),
                    )
                ajouter(account.id, annee, "solde_fin", lecteur(conversion.target, annee), unite, None, "", None)
            else:
                ajouter(account.id, annee, "solde_fin", fin, phase.unit, lecteur.variable(phase.balance))
    colonnes = ["id", "compte", "annee", "mouvement", "montant", "unite", "regle", "article", "variable"]
    if not morceaux:
        return pd.DataFrame(columns=colonnes)
    return pd.concat(morceaux, ignore_index=True)[colonnes]
