"""Demandes de formation d'une population : lecture du fichier, entrées datées de chaque lot, plans calculés.

Le fichier (CSV ou Parquet) a une ligne par demande : identifiant de l'individu (la colonne d'identifiant du
fichier de population), ``date`` (AAAA-MM-JJ), ``prix`` et, facultatifs, les autres champs d'une demande
(openfisca_cpa.plan_financement.CHAMPS : type_action, points_c2p, demandeur_emploi, abondement_employeur…).
Les champs deviennent des entrées DAY de la simulation du lot ; le plan de chaque demande est lu dans les
mêmes variables que l'API (plan_financement.montants). Toute cellule invalide, tout identifiant absent de la
population et toute demande en double (même individu, même jour) est une erreur : rien n'est ignoré.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from openfisca_cpa import plan_financement as plan
from openfisca_cpa.population.erreurs import ErreurPopulation, plus_proche
from openfisca_cpa.population.lecture import FAUX, VRAI

#: Colonnes des plans écrits pour chaque demande, après l'identifiant et la date.
COLONNES_PLAN = (
    "prix",
    "achat_possible",
    "motif_refus",
    "participation_forfaitaire",
    "cpf_solde_disponible",
    *(source.id for source in (*plan.COFINANCEMENTS, plan.STATUTAIRE, plan.CREDITS, plan.CEC, plan.TITULAIRE)),
)
#: Sources dont le rapport additionne les montants (toutes les lignes d'un plan).
SOURCES = (*plan.COFINANCEMENTS, plan.STATUTAIRE, plan.CREDITS, plan.CEC, plan.TITULAIRE)


class DemandesFormation:
    """Le fichier des demandes, validé ; `pour_lot` et `plans` servent chaque lot."""

    def __init__(self, chemin, systeme, colonne_id="id", separateur=",", decimale="."):
        """`chemin` : un fichier CSV ou Parquet, ou un DataFrame pandas des mêmes colonnes.

        Un DataFrame est lu comme le fichier : chaque cellule est prise pour son texte, NaN, NA et None
        valent « non renseignée » ; les lignes des erreurs sont comptées comme dans le CSV équivalent
        (en-tête en ligne 1, première demande en ligne 2).
        """
        self.colonne_id = colonne_id
        if isinstance(chemin, pd.DataFrame):
            self.chemin = Path("<DataFrame>")
            table = _table_texte(chemin)
        else:
            self.chemin = Path(chemin)
            table = self._lire_fichier(separateur)
        permises = (colonne_id, "date", *plan.CHAMPS_PAR_NOM)
        for colonne in table.columns:
            if colonne not in permises:
                raise ErreurPopulation(
                    "colonne inconnue dans les demandes de formation",
                    fichier=str(self.chemin),
                    colonne=colonne,
                    attendu=", ".join(permises),
                    suggestion=plus_proche(colonne, permises),
                    code="colonne_inconnue",
                )
        for obligatoire in (colonne_id, "date", "prix"):
            if obligatoire not in table.columns:
                raise ErreurPopulation(
                    f"colonne « {obligatoire} » absente des demandes de formation",
                    fichier=str(self.chemin),
                    attendu=f"les colonnes {colonne_id}, date et prix au moins",
                    code="colonne_absente",
                )
        table = table.apply(lambda colonne: colonne.str.strip())
        self.ids = table[colonne_id].to_numpy(dtype=str)
        vides = table[colonne_id] == ""
        if vides.any():
            raise ErreurPopulation(
                "identifiant vide",
                fichier=str(self.chemin),
                ligne=int(np.flatnonzero(vides.to_numpy())[0]) + 2,
                colonne=colonne_id,
                code="identifiant_vide",
            )
        jours = pd.to_datetime(table["date"], format="%Y-%m-%d", errors="coerce")
        fautives = jours.isna() | (jours < pd.Timestamp("2019-01-01")) | (table["date"].str.len() != 10)
        if fautives.any():
            position = int(np.flatnonzero(fautives.to_numpy())[0])
            raise self._invalide(
                position, "date", table["date"].iloc[position], "une date AAAA-MM-JJ à partir du 2019-01-01"
            )
        self.jours = jours.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        self.valeurs = {}  # champ -> (valeurs, renseignées)
        for champ in plan.CHAMPS:
            if champ.nom not in table.columns:
                continue
            variable = systeme.variables[champ.variable]
            texte = table[champ.nom]
            renseignees = (texte != "").to_numpy()
            if champ.nom == "type_action":
                valeurs = texte.to_numpy(dtype=object)
                fautives = renseignees & ~texte.isin(list(variable.possible_values.__members__)).to_numpy()
            elif variable.value_type is bool:
                minuscules = texte.str.lower()
                valeurs = minuscules.isin(VRAI).to_numpy()
                fautives = renseignees & ~(minuscules.isin(VRAI) | minuscules.isin(FAUX)).to_numpy()
            elif variable.value_type is date:
                dates = pd.to_datetime(texte, format="%Y-%m-%d", errors="coerce")
                valeurs = dates.to_numpy(dtype="datetime64[D]")
                fautives = renseignees & dates.isna().to_numpy()
            else:
                nombres = pd.to_numeric(texte.str.replace(decimale, ".", regex=False), errors="coerce")
                valeurs = nombres.to_numpy(dtype=np.float64)
                fautives = renseignees & ~(np.isfinite(valeurs) & (valeurs >= 0))
                if champ.nom == "prix":
                    fautives = ~renseignees | ~(np.isfinite(valeurs) & (valeurs > 0))
            if fautives.any():
                position = int(np.flatnonzero(fautives)[0])
                raise self._invalide(position, champ.nom, texte.iloc[position], self._attendu(champ, variable))
            self.valeurs[champ.nom] = (valeurs, renseignees)
        doubles = table.duplicated(subset=[colonne_id, "date"])
        if doubles.any():
            position = int(np.flatnonzero(doubles.to_numpy())[0])
            raise ErreurPopulation(
                "deux demandes pour le même individu le même jour",
                fichier=str(self.chemin),
                ligne=position + 2,
                valeur=f"{self.ids[position]} {self.jours[position]}",
                attendu="une demande par individu et par jour (additionnez les prix d'un même achat)",
                code="demande_en_double",
            )
        self.servies = np.zeros(len(table), dtype=bool)

    def _lire_fichier(self, separateur):
        if not self.chemin.exists():
            raise ErreurPopulation("fichier des demandes de formation introuvable", fichier=str(self.chemin))
        suffixe = self.chemin.suffix.lower()
        try:
            if suffixe == ".parquet":
                # Même texte des cellules qu'un DataFrame (une cellule nulle du Parquet est « non renseignée »).
                return _table_texte(pd.read_parquet(self.chemin))
            if suffixe == ".csv":
                return pd.read_csv(self.chemin, sep=separateur, dtype=str, keep_default_na=False)
            raise ErreurPopulation(
                "format de fichier des demandes inconnu",
                fichier=str(self.chemin),
                attendu="un fichier .csv ou .parquet",
            )
        except ErreurPopulation:
            raise
        except Exception as exc:
            raise ErreurPopulation(
                f"fichier des demandes illisible ({exc})", fichier=str(self.chemin), code="fichier_illisible"
            ) from None

    def _invalide(self, position, colonne, texte, attendu):
        return ErreurPopulation(
            "valeur invalide dans les demandes de formation",
            fichier=str(self.chemin),
            ligne=position + 2,
            colonne=colonne,
            valeur=texte,
            attendu=attendu,
            code="valeur_invalide",
        )

    @staticmethod
    def _attendu(champ, variable):
        if champ.nom == "type_action":
            return "une des valeurs : " + ", ".join(variable.possible_values.__members__)
        if variable.value_type is bool:
            return "un booléen (true/false, vrai/faux, oui/non ou 1/0)"
        if variable.value_type is date:
            return "une date AAAA-MM-JJ"
        if champ.nom == "prix":
            return "un prix en euros > 0"
        return "un nombre positif ou nul"

    def __len__(self):
        return len(self.ids)

    def lignes_du_lot(self, ids_lot):
        """(indices des demandes, positions des individus dans le lot) pour les demandes de ce lot."""
        ids_lot = np.asarray(ids_lot).astype(str)
        if not len(ids_lot):
            return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
        ordre = np.argsort(ids_lot, kind="stable")
        tries = ids_lot[ordre]
        cherche = np.minimum(np.searchsorted(tries, self.ids), len(tries) - 1)
        demandes = np.flatnonzero(tries[cherche] == self.ids)
        return demandes, ordre[cherche[demandes]]

    def entrees(self, ids_lot, systeme):
        """{variable: {jour: tableau (n du lot)}} des champs renseignés des demandes de ce lot."""
        demandes, positions = self.lignes_du_lot(ids_lot)
        self.servies[demandes] = True
        n = len(ids_lot)
        entrees = {}
        for champ in plan.CHAMPS:
            if champ.nom not in self.valeurs:
                continue
            variable = systeme.variables[champ.variable]
            for jour in np.unique(self.jours[demandes]) if len(demandes) else ():
                ici = demandes[self.jours[demandes] == jour]
                pos = positions[self.jours[demandes] == jour]
                valeurs, toutes = self.valeurs[champ.nom]
                valeurs, renseignees = valeurs[ici], toutes[ici]
                if not renseignees.any():
                    continue
                if champ.nom == "type_action":
                    tableau = np.full(n, variable.default_value.name, dtype=object)
                elif variable.value_type is date:
                    tableau = np.full(n, np.datetime64(variable.default_value), dtype="datetime64[D]")
                else:
                    tableau = np.full(n, variable.default_value, dtype=variable.dtype)
                tableau[pos[renseignees]] = valeurs[renseignees]
                if champ.nom == "type_action":
                    tableau = variable.possible_values.encode(tableau.astype(str))
                entrees.setdefault(champ.variable, {})[jour] = tableau
        return entrees

    def plans(self, simulation, ids_lot, poids):
        """Les plans des demandes de ce lot : {colonne: tableau} (une valeur par demande)."""
        demandes, positions = self.lignes_du_lot(ids_lot)
        colonnes = {
            self.colonne_id: self.ids[demandes],
            "date": self.jours[demandes],
            "poids": np.asarray(poids, dtype=np.float64)[positions],
            **{nom: np.zeros(len(demandes)) for nom in COLONNES_PLAN},
        }
        colonnes["achat_possible"] = np.zeros(len(demandes), dtype=bool)
        colonnes["motif_refus"] = np.empty(len(demandes), dtype=object)
        for jour in np.unique(self.jours[demandes]) if len(demandes) else ():
            masque = self.jours[demandes] == jour
            pos = positions[masque]
            montants = plan.montants(simulation, jour)
            for nom, valeurs in montants.items():
                colonnes[nom][masque] = valeurs[pos]
            colonnes["prix"][masque] = np.asarray(simulation.calculate("cpf_prix_formation", jour), dtype=float)[pos]
            colonnes["achat_possible"][masque] = np.asarray(simulation.calculate("cpf_achat_eligible", jour))[pos]
            motifs = simulation.calculate("cpf_achat_motif_refus", jour).decode_to_str()
            colonnes["motif_refus"][masque] = motifs[pos]
            # Participation retenue pour un achat possible ; 0 pour un achat refusé (rien n'est acheté).
            colonnes["participation_forfaitaire"][masque] = np.where(
                colonnes["achat_possible"][masque],
                np.asarray(simulation.calculate("cpf_achat_participation_forfaitaire", jour), dtype=float)[pos],
                0.0,
            )
            colonnes["cpf_solde_disponible"][masque] = np.asarray(
                simulation.calculate("cpf_solde_disponible", jour), dtype=float
            )[pos]
        for nom in COLONNES_PLAN:
            if colonnes[nom].dtype.kind == "f":
                colonnes[nom] = np.round(colonnes[nom].astype(np.float64), 2)
        return colonnes

    def verifier_servies(self):
        """Erreur si une demande vise un identifiant absent de la population."""
        if not self.servies.all():
            position = int(np.flatnonzero(~self.servies)[0])
            raise ErreurPopulation(
                "identifiant absent du fichier de population",
                fichier=str(self.chemin),
                ligne=position + 2,
                colonne=self.colonne_id,
                valeur=self.ids[position],
                attendu="l'identifiant d'un individu du fichier de population",
                code="identifiant_inconnu",
            )


def _table_texte(donnees):
    """Le texte des cellules d'un DataFrame de demandes, comme `pd.read_csv(dtype=str)` le lirait."""
    if donnees.index.name is not None and donnees.index.name not in donnees.columns:
        donnees = donnees.reset_index()
    colonnes = {}
    for nom in donnees.columns:
        if not isinstance(nom, str):
            raise ErreurPopulation(
                "nom de colonne qui n'est pas un texte",
                fichier="<DataFrame>",
                colonne=str(nom),
                attendu="des noms de colonnes textuels (id, date, prix…)",
                code="colonne_invalide",
            )
        serie = donnees[nom]
        vides = serie.isna().to_numpy()
        if pd.api.types.is_datetime64_any_dtype(serie):
            texte = serie.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(serie):
            # 1600.0 s'écrit « 1600.0 » : nombre relu tel quel ; pas de notation scientifique perdue.
            texte = serie.map(repr)
        else:
            texte = serie.astype(str)
        colonnes[nom] = texte.where(~vides, "").astype(str).to_numpy(dtype=object)
    return pd.DataFrame(colonnes, columns=list(donnees.columns))
