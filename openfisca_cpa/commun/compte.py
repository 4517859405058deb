"""Comptes à solde annuel : un pas générique (débit, crédit, plafond) et un déroulé rangé dans les holders.

Pourquoi une boucle : un solde de l'année N ne doit jamais appeler son propre solde de N-1 par une
formule (openfisca-core couperait la récursion après un pas, `max_spiral_loops`, et rendrait la valeur
par défaut). On rejoue donc les années, vectorisé sur les personnes, et **chaque année rejouée est
rangée dans les holders d'OpenFisca** (`holder.put_in_cache`) : le solde et chacun de ses mouvements.
`/trace`, `simulation.calculate` d'une année antérieure et le décompte de mémoire les voient ; un
déroulé suivant repart de la dernière année dont le solde est déjà dans le holder (lecture du cache par
`holder.get_array`, qui ne passe pas par le contrôle de cycle de `Simulation._calculate`).

Par construction, pour chaque année N rejouée :

    solde(N) = solde(N-1) − débit(N) + alimentation(N) + conversion(N) + reprise(N)

où `débit` est ce qui a réellement été débité (au plus le solde), `alimentation` le crédit après
plafond, `écrêtement` = crédit avant plafond − alimentation, `conversion` le report d'un autre compteur
(heures → euros au 1er janvier 2019) et `reprise` l'écart que crée un solde connu saisi (relevé officiel).

Brancher un autre compte (compteur d'heures des agents publics, CEC, achats datés…) :

1. déclarer une variable YEAR par mouvement (`<compte>_debit`, `<compte>_ecretement`,
   `<compte>_alimentation`…) et le solde, chacune avec une formule d'une ligne :
   `return mouvement(individu, MON_COMPTE, "<id de la variable>", period.start.year)` ;
2. écrire `pas(individu, annee, solde) -> dict {id de variable: tableau}` qui appelle `pas_annuel`
   avec les tableaux de l'année (demande de débit, crédit avant plafond, plafond) et renvoie au moins
   le solde de fin d'année sous l'id `Compte.solde` ;
3. décrire le compte par `Compte(...)` (première année, départ, solde connu éventuel, décimales).

Débits supplémentaires : `pas_annuel(..., debit_supplementaire=tableau)` débite, après la demande
principale et dans la limite de ce qui reste, une autre demande de l'année (par exemple les achats
datés dans l'année N d'un plan de financement). `Compte.debits_supplementaires` nomme des variables
YEAR (dans l'unité du compte) que le pas peut additionner avec `debits_supplementaires(individu, compte, annee)` :
les pas du CPF (CPF_HEURES, CPF_EUROS de commun/cpf.py) l'appellent déjà, il suffit d'y nommer la
variable. Le débit supplémentaire est compris dans `cpf_debit` ; pour le montrer à part dans le relevé,
le pas peut aussi renvoyer sa part effective sous un id de variable à lui, et `openfisca_cpa/releve.py`
la lister. Une telle variable peut lire le solde de l'année N-1 (déjà rangé quand l'année N est
rejouée : lecture du cache), jamais celui de l'année N.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from openfisca_core import periods

from openfisca_cpa.commun.arrondis import en_float64, non_nul
from openfisca_cpa.commun.saisies import saisie


class Mouvements(NamedTuple):
    """Mouvements d'une année, en float64 : le solde de fin est solde − debit + alimentation."""

    debit: np.ndarray
    credit_avant_plafond: np.ndarray
    ecretement: np.ndarray
    alimentation: np.ndarray
    solde: np.ndarray


def pas_annuel(solde, demande_debit, credit, plafond, debit_supplementaire=None) -> Mouvements:
    """Une année d'un compte : débit (au plus le solde), puis crédit dans la limite du plafond du solde.

    `demande_debit` : None si personne n'a rien demandé ; un tableau float64 propre (relu par en_float64) est
    réutilisé pour le débit. `credit` est un tableau, ou une fonction du solde après débit (crédit à palier du CPF en heures).
    `plafond` : None pour un compte sans plafond. Le plafond limite le crédit, jamais le solde déjà
    acquis : un solde au-dessus du plafond n'est pas réduit (crédit nul, tout est écrêté).
    """
    debite = demande_debit is not None and non_nul(demande_debit)
    if not debite:  # personne n'a mobilisé de droits : débit nul, déjà dans le type des variables
        debit, apres_debit = np.zeros(len(solde), dtype=np.float32), solde
    else:
        # Une demande float64 propre au pas (relue par en_float64) sert de tableau au débit : pas de tableau neuf.
        propre = demande_debit.dtype == np.float64 and demande_debit.flags.owndata and demande_debit.flags.writeable
        debit = np.maximum(demande_debit, 0, out=demande_debit if propre else None)
        np.minimum(debit, solde, out=debit)
        apres_debit = solde - debit
    if debit_supplementaire is not None and non_nul(debit_supplementaire):  # aucun achat daté : rien à débiter
        supplement = np.minimum(np.maximum(debit_supplementaire, 0), apres_debit)
        debit = debit + supplement
        apres_debit = apres_debit - supplement
        debite = True
    if callable(credit):
        credit = credit(apres_debit)
    credit = np.asarray(credit, dtype=np.float64)  # crédits des règles : jamais négatifs
    if plafond is None:
        alimentation = credit
    else:
        alimentation = np.subtract(plafond, apres_debit, dtype=np.float64)
        np.maximum(alimentation, 0, out=alimentation)
        np.minimum(alimentation, credit, out=alimentation)
    ecretement = np.subtract(credit, alimentation)
    # Après un débit, apres_debit est un tableau neuf de ce pas : le solde s'y écrit sans nouveau tableau.
    solde = np.add(
        apres_debit, alimentation, out=apres_debit if debite and alimentation.shape == apres_debit.shape else None
    )
    return Mouvements(debit, credit, ecretement, alimentation, solde)


def _zeros(individu):
    return np.zeros(individu.count)


@dataclass(frozen=True)
class Compte:
    """Description d'un compte pour le déroulé.

    - `solde` : id de la variable YEAR du solde de fin d'année ;
    - `premiere_annee` : première année rejouée ; `derniere_annee` : dernière (None : sans fin) ;
    - `pas(individu, annee, solde)` : mouvements de l'année, dict {id de variable: tableau}, solde compris ;
    - `depart(individu)` : solde avant la première année (zéros par défaut) ;
    - `decimales` : arrondi du solde relu à chaque fin d'année (2 pour des euros, None sinon), pour
      qu'un déroulé qui repart d'un solde rangé (float32) et un déroulé complet donnent la même chose ;
    - `debits_supplementaires` : ids de variables YEAR de débits à ajouter (crochet pour d'autres comptes).
    """

    solde: str
    premiere_annee: int
    pas: Callable
    derniere_annee: int | None = None
    depart: Callable = _zeros
    decimales: int | None = None
    debits_supplementaires: tuple[str, ...] = field(default=())


def debits_supplementaires(individu, compte: Compte, annee: int):
    """Somme des débits supplémentaires déclarés pour le compte (None s'il n'y en a pas)."""
    return somme_non_nulle(individu, compte.debits_supplementaires, annee)


def somme_non_nulle(individu, noms, annee: int):
    """Somme en float64 des variables `noms` pour l'année, None si toutes sont nulles pour tous.

    Une entrée jamais saisie n'est pas lue (aucun tableau par défaut) ; un total nul pour tous (aucun
    achat daté, aucun abondement) n'est pas additionné.
    """
    total = None
    for nom in noms:
        valeur = saisie(individu, nom, str(annee))
        if valeur is not None and non_nul(valeur):
            total = en_float64(valeur) if total is None else total + en_float64(valeur)
    return total


def _relire(compte: Compte, valeur):
    """Solde de fin d'année pour l'année suivante, en float64 arrondi à `compte.decimales`.

    Relu d'un holder (float32) ou pris du pas (float64), il donne le même tableau : un déroulé qui
    repart d'un solde rangé et un déroulé complet calculent la même chose.
    """
    solde = np.asarray(valeur)
    # Relu d'un holder : une copie en float64 ; pris du pas : le tableau du pas (neuf, déjà rangé en float32).
    solde = solde.astype(np.float64) if solde.dtype != np.float64 else solde
    if compte.decimales is not None and non_nul(solde):  # un solde nul pour tous n'a rien à arrondir
        np.round(solde, compte.decimales, out=solde)
    return solde


def _pour_holder(individu, holder, valeur):
    """Tableau d'un mouvement dans le type de sa variable, sur toute la population.

    Un mouvement nul pour tous (cas fréquent : débit sans droits utilisés, compteur que personne n'a) est
    rangé comme un tableau de zéros neuf, sans conversion ; un scalaire ou un tableau d'un élément est
    étendu à la population.
    """
    valeur = np.asarray(valeur)
    if valeur.shape != (individu.count,):
        return np.full(individu.count, valeur.reshape(-1)[0], dtype=holder.variable.dtype)
    if valeur.dtype == holder.variable.dtype:
        return valeur  # déjà dans le type de la variable (cumul inchangé, zéros float32) : rangé tel quel
    if valeur.dtype.kind == "f" and not non_nul(valeur):
        return np.zeros(individu.count, dtype=holder.variable.dtype)
    return valeur.astype(holder.variable.dtype, copy=False)


def _periode(annee):
    return periods.period(str(annee))


def derouler(individu, compte: Compte, annee_fin: int) -> dict | None:
    """Rejoue le compte jusqu'à `annee_fin` en rangeant chaque année dans les holders.

    Repart de la dernière année < annee_fin dont le solde est déjà dans son holder (calculé avant, ou
    saisi). Renvoie les mouvements de `annee_fin` (None si l'année est hors du compte).
    Une valeur déjà présente dans un holder (saisie par l'utilisateur) n'est jamais remplacée.
    """
    if annee_fin < compte.premiere_annee or (compte.derniere_annee is not None and annee_fin > compte.derniere_annee):
        return None
    holder = individu.get_holder(compte.solde)
    debut, solde = compte.premiere_annee, None
    for annee in range(annee_fin - 1, compte.premiere_annee - 1, -1):
        connu = holder.get_array(_periode(annee))
        if connu is not None:
            debut, solde = annee + 1, _relire(compte, connu)
            break
    if solde is None:
        solde = compte.depart(individu)
    mouvements = None
    for annee in range(debut, annee_fin + 1):
        periode = _periode(annee)
        saisi = holder.get_array(periode)  # un solde saisi pour l'année fait foi
        mouvements = compte.pas(individu, annee, solde)
        for nom, valeur in mouvements.items():
            holder_mouvement = individu.get_holder(nom)
            if holder_mouvement.get_array(periode) is None:
                holder_mouvement.put_in_cache(_pour_holder(individu, holder_mouvement, valeur), periode)
        solde = _relire(compte, saisi if saisi is not None else mouvements[compte.solde])
    return mouvements


def mouvement(individu, compte: Compte, nom: str, annee: int):
    """Valeur de la variable `nom` pour `annee`, rangée par le déroulé (formule d'une variable de mouvement).

    Un mouvement que le pas ne renvoie pas (une reprise quand personne n'a de solde connu) vaut zéro.
    """
    mouvements = derouler(individu, compte, annee)
    if mouvements is None:
        return None
    if nom not in mouvements:
        return np.zeros(individu.count, dtype=individu.get_holder(nom).variable.dtype)
    # Le tableau déjà rangé par le déroulé (type de la variable) : aucune seconde conversion.
    rangee = individu.get_holder(nom).get_array(_periode(annee))
    return _pour_holder(individu, individu.get_holder(nom), mouvements[nom]) if rangee is None else rangee


def appliquer_solde_connu(mouvements: Mouvements, solde_precedent, annee: int, annee_connue, solde_connu):
    """Solde connu (relevé officiel saisi, après le crédit de son année) : il remplace le solde rejoué.

    Les mouvements de l'année restent ceux de la règle ; l'écart entre le solde connu et le solde
    rejoué est une reprise, mouvement à part. Renvoie (mouvements, reprise) ; la reprise est None si
    personne n'a de solde connu pour cette année.
    """
    if annee_connue is None:
        return mouvements, None
    connu = annee_connue == annee
    if not connu.any():
        return mouvements, None
    solde = np.where(connu, solde_connu, mouvements.solde)
    return mouvements._replace(solde=solde), np.where(connu, solde_connu - mouvements.solde, 0)
