"""Écriture des résultats lot par lot (Parquet ou CSV ; forme longue par défaut, ou large).

Forme longue : une ligne par individu et par année, colonnes ``id``, ``annee``, ``poids`` (si le
fichier d'entrée en avait), puis une colonne par sortie (``<sortie>`` pour une simulation,
``<sortie>_base`` et ``<sortie>_reforme`` côte à côte pour une réforme). Forme large : une ligne
par individu, colonnes ``<sortie>_<année>`` (ou ``<sortie>_<année>_base``…). Une cellule vide
(nulle) signifie que la variable n'est pas définie cette année-là (par exemple ``cpf_solde``
avant 2018, ``cpf_solde_heures`` après 2018).

Injection de formules (CSV ouvert dans un tableur) : une cellule de texte qui commence par ``=``,
``+``, ``-``, ``@``, une tabulation ou un retour chariot serait lue comme une formule par Excel ou
LibreOffice (``=cmd|' /C calc'!A0``). Suivant le guide de l'OWASP (« CSV Injection »), tout CSV
écrit par le projet (commande ``openfisca-cpa simuler``, API ``/calculate/population`` avec
``Accept: text/csv``) préfixe ces cellules d'une apostrophe : ``'=cmd…``. Seules les colonnes de
texte sont concernées (identifiants) ; les nombres, y compris négatifs, sont écrits tels quels. Le
Parquet, qui n'est pas ouvert par un tableur, garde les valeurs exactes. Un seul endroit :
``neutraliser_formules``.
"""

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openfisca_cpa.population.erreurs import ErreurPopulation


def format_de(chemin):
    suffixe = Path(chemin).suffix.lower()
    if suffixe in (".parquet", ".pq"):
        return "parquet"
    if suffixe == ".csv":
        return "csv"
    raise ErreurPopulation(
        f"format de sortie « {suffixe or 'sans extension'} » non pris en charge",
        code="format_inconnu",
        fichier=str(chemin),
        attendu="un fichier .parquet ou .csv",
    )


#: Premiers caractères qui font d'une cellule une formule de tableur (OWASP, « CSV Injection »).
DEBUT_DE_FORMULE = "^[=+\\-@\t\r]"


def neutraliser_formules(table: pa.Table) -> pa.Table:
    """Les cellules de texte qui commencent comme une formule, préfixées d'une apostrophe (CSV seulement)."""
    for position, champ in enumerate(table.schema):
        if not (pa.types.is_string(champ.type) or pa.types.is_large_string(champ.type)):
            continue
        colonne = table.column(position)
        formule = pc.match_substring_regex(colonne, DEBUT_DE_FORMULE)
        if not pc.any(formule).as_py():
            continue
        prefixee = pc.binary_join_element_wise(pa.scalar("'", champ.type), colonne, pa.scalar("", champ.type))
        table = table.set_column(position, champ, pc.if_else(formule, prefixee, colonne))
    return table


def nom_colonne(sortie, scenario, scenarios, annee=None):
    morceaux = [sortie]
    if annee is not None:
        morceaux.append(str(annee))
    if len(scenarios) > 1:
        morceaux.append(scenario)
    return "_".join(morceaux)


def _tableau(valeurs, definie):
    if definie.all():
        return pa.array(valeurs)
    return pa.array(valeurs, mask=~np.broadcast_to(definie, valeurs.shape))


class EcrivainResultats:
    """Écrit les résultats de chaque lot au fil de l'eau ; mémoire bornée à un lot."""

    def __init__(self, chemin, scenarios, forme="longue", colonne_id="id", colonne_annee="annee", poids=True):
        self.chemin = Path(chemin)
        self.format = format_de(chemin)
        self.scenarios = list(scenarios)
        if forme not in ("longue", "large"):
            raise ErreurPopulation(f"forme de sortie « {forme} » inconnue", attendu="longue ou large")
        self.forme = forme
        self.colonne_id = colonne_id
        self.colonne_annee = colonne_annee
        self.poids = poids
        self._ecrivain = None
        self._schema = None
        self.lignes = 0
        self.chemin.parent.mkdir(parents=True, exist_ok=True)

    def _table(self, resultats):
        premier = resultats[self.scenarios[0]]
        n, annees = premier.n, premier.annees
        ny = len(annees)
        colonnes = {}
        if self.forme == "longue":
            colonnes[self.colonne_id] = pa.array(np.repeat(premier.ids, ny))
            colonnes[self.colonne_annee] = pa.array(np.tile(np.asarray(annees, dtype=np.int32), n))
            if self.poids:
                colonnes["poids"] = pa.array(np.repeat(premier.poids, ny))
            for sortie in premier.sorties:
                for scenario in self.scenarios:
                    valeurs, definies = resultats[scenario].sorties[sortie]
                    # (années × n) -> individu par individu, années dans l'ordre.
                    colonnes[nom_colonne(sortie, scenario, self.scenarios)] = _tableau(
                        valeurs.T.reshape(-1), np.tile(definies, n)
                    )
        else:
            colonnes[self.colonne_id] = pa.array(premier.ids)
            if self.poids:
                colonnes["poids"] = pa.array(premier.poids)
            for sortie in premier.sorties:
                for j, annee in enumerate(annees):
                    for scenario in self.scenarios:
                        valeurs, definies = resultats[scenario].sorties[sortie]
                        if definies[j]:
                            colonnes[nom_colonne(sortie, scenario, self.scenarios, annee)] = pa.array(valeurs[j])
        return pa.table(colonnes)

    def ecrire(self, resultats):
        table = self._table(resultats)
        if self._ecrivain is None:
            self._schema = table.schema
            if self.format == "parquet":
                self._ecrivain = pq.ParquetWriter(self.chemin, self._schema)
            else:
                self._ecrivain = pacsv.CSVWriter(self.chemin, self._schema)
        else:
            table = table.cast(self._schema)
        if self.format == "csv":
            table = neutraliser_formules(table)
        self._ecrivain.write_table(table)
        self.lignes += table.num_rows

    def fermer(self):
        if self._ecrivain is not None:
            self._ecrivain.close()
            self._ecrivain = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fermer()
