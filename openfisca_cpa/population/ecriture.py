"""Écriture des résultats lot par lot (Parquet ou CSV ; forme longue par défaut, ou large).

Forme longue : une ligne par individu et par année, colonnes ``id``, ``annee``, ``poids`` (si le
fichier d'entrée en avait), puis une colonne par sortie (``<sortie>`` pour une simulation,
``<sortie>_base`` et ``<sortie>_reforme`` côte à côte pour une réforme). Forme large : une ligne
par individu, colonnes ``<sortie>_<année>`` (ou ``<sortie>_<année>_base``…). Une cellule vide
(nulle) signifie que la variable n'est pas définie cette année-là (par exemple ``cpf_solde``
avant 2018, ``cpf_solde_heures`` après 2018).
"""

from pathlib import Path

import numpy as np
import pyarrow as pa
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
