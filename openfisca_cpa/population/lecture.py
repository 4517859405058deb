"""Lecture des fichiers de population (CSV, Parquet ; forme longue ou large), validée, par lots d'individus.

Forme longue (une ligne par individu et par année) ::

    id,annee,date_naissance,heures_travaillees,peu_qualifie,...
    1,2019,1985-04-12,1607,false,...
    1,2020,1985-04-12,800,false,...

Forme large (une ligne par individu) : colonnes ``<variable>_<année>`` pour les variables
annuelles, ``<variable>`` pour les variables permanentes (ETERNITY) ::

    id,date_naissance,heures_travaillees_2019,heures_travaillees_2020,...

La colonne ``poids`` (facultative) pondère l'individu ; en forme longue elle est constante
par individu, comme les variables permanentes. Une cellule vide vaut « non renseignée » : la
formule du modèle s'applique si la variable en a une, sinon sa valeur par défaut.

Le fichier est lu par lots d'individus pour borner la mémoire. Un fichier trié par
identifiant (ce qu'écrit ``openfisca-cpa generer``) est lu en flux ; un fichier non trié est
lu en entier puis trié (la mémoire dépend alors de la taille du fichier).
"""

import csv
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit

from openfisca_cpa.colonnes import (
    FAUX,
    MESSAGE_VIDE_REFUSEE,
    VIDES_COMPLETER,
    VIDES_REFUSER,
    VRAI,
    convertir_colonne,
    nombre_vides,
    regle_vides,
)
from openfisca_cpa.entrees import (
    ANNEE_MAX,
    ANNEE_MIN,
    Bounds,
    bounds_for,
    check_dates,
    check_numbers,
    expected_text,
    lire_periode,
)
from openfisca_cpa.erreurs import ErreurLocalisee
from openfisca_cpa.population.contrat import SORTIES_CONTRAT
from openfisca_cpa.population.erreurs import ErreurPopulation, plus_proche

journal = logging.getLogger(__name__)

__all__ = ["FAUX", "VRAI", "Lot", "OptionsLecture", "SourcePopulation", "colonnes_acceptees"]

#: Taille des blocs lus sur disque (lignes).
LIGNES_PAR_BLOC = 500_000
#: Nombre d'individus par lot de simulation, par défaut.
TAILLE_LOT = 100_000
COLONNE_VARIABLE_ANNEE = re.compile(r"^(?P<variable>[a-z][a-z0-9_]*)_(?P<annee>\d{4})$")
#: Forme large à la façon de l'API web : « <variable>@<période> » (« heures_travaillees@2024 »).
SEPARATEUR_PERIODE = "@"


@dataclass
class OptionsLecture:
    """Conventions du fichier de population."""

    colonne_id: str = "id"
    colonne_annee: str = "annee"
    colonne_poids: str = "poids"
    forme: str = "auto"  # "longue", "large" ou "auto" (longue si la colonne année existe)
    separateur: str = ","
    decimale: str = "."
    taille_lot: int = TAILLE_LOT
    ignorer_colonnes_inconnues: bool = False
    #: Règle des cellules vides (openfisca_cpa/colonnes.py) : « completer » ou « refuser ».
    vides: str = VIDES_COMPLETER
    #: Sans colonne d'identifiant, les individus sont numérotés 0, 1, … dans l'ordre des lignes (forme
    #: large seulement) : le corps CSV ou Parquet de /calculate/population, dont l'« id » est facultatif.
    id_facultatif: bool = False
    #: Forme large : les individus restent dans l'ordre des lignes, même non triés par identifiant
    #: (la réponse de l'API suit le corps) ; un identifiant en double est refusé.
    garder_ordre: bool = False


@dataclass
class CorpsEnMemoire:
    """Un fichier CSV ou Parquet reçu en octets (corps d'une requête de l'API web), lu comme un fichier."""

    octets: bytes
    format: str  # "csv" ou "parquet"
    nom: str = "<corps>"

    def ouvrir(self):
        return pa.BufferReader(self.octets)


#: Une ligne faite seulement d'espaces dans un CSV (la première peut l'être aussi).
_LIGNE_BLANCHE = re.compile(rb"(?:^|\n)[ \t\r]*(?=\n)")


@dataclass
class Lot:
    """Un lot d'individus complets, prêt à être simulé.

    `annuelles[variable][annee]` et `permanentes[variable]` valent (valeurs, renseignees) ;
    `renseignees` est None quand toutes les cellules sont renseignées.
    """

    numero: int
    ids: np.ndarray
    poids: np.ndarray
    annuelles: dict = field(default_factory=dict)
    permanentes: dict = field(default_factory=dict)
    #: Cellules vides par colonne du fichier (formule ou valeur par défaut appliquée).
    vides: dict = field(default_factory=dict)
    #: Colonnes datées (forme large) : `datees[variable][période]` vaut (valeurs, renseignees).
    datees: dict = field(default_factory=dict)

    @property
    def n(self):
        return len(self.ids)


@dataclass
class Colonne:
    nom: str
    variable: str
    annee: int | None  # None : variable permanente (ETERNITY), datée, ou forme longue
    #: Période d'une colonne datée, forme large (« cpf_prix_formation@2024-06-14 ») : variable DAY ou MONTH.
    periode: str | None = None


class _NombreReserve:
    """Une colonne réservée (année, poids) convertie comme une variable décimale."""

    value_type = float
    dtype = np.float64

    def __init__(self, nom):
        self.name = nom


def _type_attendu(variable):
    if variable.value_type is float:
        return "un nombre décimal (point décimal, cellule vide si non renseigné)"
    if variable.value_type is int:
        return "un nombre entier"
    if variable.value_type is bool:
        return "un booléen (true/false, vrai/faux, oui/non ou 1/0)"
    if variable.value_type is date:
        return "une date au format AAAA-MM-JJ"
    if variable.value_type is Enum:
        valeurs = ", ".join(variable.possible_values.__members__)
        return f"l'une des valeurs {valeurs}"
    return str(variable.value_type)


class SourcePopulation:
    """Un fichier de population ouvert : colonnes reconnues, années, lecture par lots."""

    def __init__(self, chemin, systeme, options=None):
        """`chemin` : un fichier CSV ou Parquet, un DataFrame pandas ou une table Arrow (mêmes colonnes)."""
        self.systeme = systeme
        self.options = options or OptionsLecture()
        try:
            regle_vides(self.options.vides)
        except ErreurLocalisee as erreur:
            raise ErreurPopulation(
                erreur.message.rstrip("."), code=erreur.code, valeur=erreur.received, attendu=erreur.expected
            ) from None
        self._table = None if isinstance(chemin, CorpsEnMemoire) else _table_en_memoire(chemin)
        self._corps = None
        if self._table is not None:
            self.chemin = Path("<DataFrame>")
            self.format = "table"
            self.entete = list(self._table.column_names)
            self.forme = self._forme()
            self.colonnes, self.colonnes_ignorees = self._analyser_colonnes()
            self._inventaire = None
            return
        self._corps = None
        if isinstance(chemin, CorpsEnMemoire):
            self._corps = chemin
            self.chemin = Path(chemin.nom)
            self.format = chemin.format
            if self.format == "csv":
                self._verifier_lignes_csv(chemin.octets)
            self.entete = self._lire_entete()
            self.forme = self._forme()
            self.colonnes, self.colonnes_ignorees = self._analyser_colonnes()
            self._inventaire = None
            return
        self.chemin = Path(chemin)
        if not self.chemin.exists():
            raise ErreurPopulation("fichier introuvable", code="fichier_introuvable", fichier=str(chemin))
        suffixe = self.chemin.suffix.lower()
        if suffixe in (".parquet", ".pq"):
            self.format = "parquet"
        elif suffixe in (".csv", ".txt"):
            self.format = "csv"
        else:
            raise ErreurPopulation(
                f"format « {suffixe or 'sans extension'} » non pris en charge",
                code="format_inconnu",
                fichier=str(chemin),
                attendu="un fichier .csv ou .parquet",
            )
        self.entete = self._lire_entete()
        self.forme = self._forme()
        self.colonnes, self.colonnes_ignorees = self._analyser_colonnes()
        self._inventaire = None

    # --- En-tête et colonnes -------------------------------------------------------------

    def _ouvrir(self):
        """Le fichier à lire : son chemin, ou un tampon sur les octets reçus."""
        return self.chemin if self._corps is None else self._corps.ouvrir()

    def _verifier_lignes_csv(self, octets):
        """Corps CSV : une ligne blanche est refusée avec son numéro (sans identifiant, elle ferait une personne)."""
        contenu = octets[:-2] if octets.endswith(b"\r\n") else octets[:-1] if octets.endswith(b"\n") else octets
        if not contenu:
            raise self._erreur("fichier vide", code="fichier_vide", attendu="un en-tête puis une ligne par personne")
        blanche = _LIGNE_BLANCHE.search(contenu)
        if blanche is not None:
            raise self._erreur(
                "ligne vide : chaque ligne après l'en-tête décrit une personne (retirez-la ou remplissez-la)",
                code="ligne_vide",
                ligne=contenu.count(b"\n", 0, blanche.start() + 1) + 1,
                attendu="une personne par ligne, sans ligne vide",
            )

    def _lire_entete(self):
        if self.format == "parquet":
            try:
                return list(pq.ParquetFile(self._ouvrir()).schema_arrow.names)
            except (pa.ArrowException, OSError) as erreur:
                raise self._erreur(
                    f"fichier Parquet illisible ({str(erreur).splitlines()[0][:200]})",
                    code="fichier_illisible",
                    attendu="un fichier Parquet avec une colonne par <variable>@<période>",
                ) from None
        try:
            if self._corps is not None:
                # La première ligne finit au premier \n, \r\n ou \r, comme pour pyarrow qui lira la suite.
                premiere = re.split(rb"\r\n|\r|\n", self._corps.octets, maxsplit=1)[0].decode("utf-8-sig")
                entete = next(csv.reader([premiere], delimiter=self.options.separateur), [])
                return [c.strip() for c in entete]
            with self.chemin.open(newline="", encoding="utf-8-sig") as flux:
                try:
                    entete = next(csv.reader(flux, delimiter=self.options.separateur))
                except StopIteration:
                    raise ErreurPopulation("fichier vide", code="fichier_vide", fichier=str(self.chemin)) from None
        except UnicodeDecodeError as erreur:
            raise self._erreur(
                f"en-tête illisible : octet invalide en UTF-8 à la position {erreur.start}",
                code="fichier_illisible",
                ligne=1,
                attendu="un fichier CSV encodé en UTF-8",
            ) from None
        except csv.Error as erreur:
            raise self._erreur(
                f"en-tête illisible ({erreur})",
                code="fichier_illisible",
                ligne=1,
                attendu="une première ligne de noms de colonnes séparés par des virgules",
            ) from None
        return [c.strip() for c in entete]

    def _erreur(self, message, **details):
        return ErreurPopulation(message, fichier=str(self.chemin), **details)

    def _forme(self):
        o = self.options
        self.sans_id = o.id_facultatif and o.colonne_id not in self.entete and o.colonne_annee not in self.entete
        if self.sans_id and o.forme != "longue":
            return "large"
        if o.colonne_id not in self.entete:
            semblables = [c for c in self.entete if c.lower().startswith(("id", "ident", "num"))]
            raise self._erreur(
                f"colonne d'identifiant « {o.colonne_id} » manquante",
                code="colonne_manquante",
                attendu=f"une colonne « {o.colonne_id} » (ou --colonne-id NOM)",
                suggestion=plus_proche(o.colonne_id, self.entete) or next(iter(semblables), None),
            )
        if o.forme == "auto":
            return "longue" if o.colonne_annee in self.entete else "large"
        if o.forme == "longue" and o.colonne_annee not in self.entete:
            raise self._erreur(
                f"colonne d'année « {o.colonne_annee} » manquante pour la forme longue",
                code="colonne_manquante",
                attendu=f"une colonne « {o.colonne_annee} » (ou --colonne-annee NOM)",
                suggestion=plus_proche(o.colonne_annee, self.entete),
            )
        if o.forme not in ("longue", "large"):
            raise self._erreur(f"forme « {o.forme} » inconnue", attendu="longue, large ou auto")
        return o.forme

    def _reservees(self):
        o = self.options
        reservees = {o.colonne_id, o.colonne_poids}
        if self.forme == "longue":
            reservees.add(o.colonne_annee)
        return reservees

    def _analyser_colonnes(self):
        variables = self.systeme.variables
        reservees = self._reservees()
        colonnes, ignorees = [], []
        vues, cles = {}, {}
        for position, nom in enumerate(self.entete):
            if nom in vues:
                raise self._erreur(
                    f"colonne en double (colonnes {vues[nom] + 1} et {position + 1})",
                    code="entree_en_double",
                    colonne=nom,
                    attendu="des noms de colonnes distincts",
                )
            vues[nom] = position
            if nom in reservees:
                continue
            variable_nom, annee, datee = nom, None, None
            if self.forme == "large" and SEPARATEUR_PERIODE in nom:
                variable_nom, annee, datee = self._colonne_periode(nom)
            elif self.forme == "large" and nom not in variables:
                correspondance = COLONNE_VARIABLE_ANNEE.match(nom)
                if correspondance and correspondance["variable"] in variables:
                    variable_nom = correspondance["variable"]
                    annee = int(correspondance["annee"])
            cle = (variable_nom, annee, datee)
            if cle in cles and variable_nom in variables:
                raise self._erreur(
                    f"colonnes « {cles[cle]} » et « {nom} » en double : elles désignent la même entrée "
                    f"({variable_nom} pour {datee or (annee if annee is not None else 'ETERNITY')})",
                    code="entree_en_double",
                    colonne=nom,
                    attendu="une seule colonne par variable et par période",
                )
            cles[cle] = nom
            variable = variables.get(variable_nom)
            if variable is None:
                if self.options.ignorer_colonnes_inconnues:
                    ignorees.append(nom)
                    continue
                raise self._inconnue(nom, reservees)
            periode = variable.definition_period
            if variable_nom in SORTIES_CONTRAT:
                raise self._erreur(
                    "cette variable est un résultat du modèle, pas une entrée",
                    code="variable_calculee",
                    colonne=nom,
                    attendu="des entrées seulement (retirez la colonne)",
                )
            if datee is not None:
                colonnes.append(Colonne(nom, variable_nom, None, datee))
                continue
            if periode not in (DateUnit.YEAR, DateUnit.ETERNITY):
                exemple = "2024-06-14" if periode == DateUnit.DAY else "2024-06"
                raise self._erreur(
                    f"variable définie par {periode.name} : une colonne sans période, ou une ligne individu × année "
                    "(forme longue), ne porte que des variables annuelles (YEAR) ou permanentes (ETERNITY)",
                    code="periode_non_prise_en_charge",
                    colonne=nom,
                    attendu=f"en forme large, une colonne datée « {variable_nom}@{exemple} »",
                )
            if self.forme == "large":
                if periode == DateUnit.YEAR and annee is None:
                    raise self._erreur(
                        "variable annuelle sans année en forme large",
                        code="annee_manquante",
                        colonne=nom,
                        attendu=f"une colonne par année, par exemple « {nom}_2019 »",
                    )
                if periode == DateUnit.ETERNITY and annee is not None:
                    raise self._erreur(
                        "variable permanente (ETERNITY) suffixée par une année",
                        code="annee_en_trop",
                        colonne=nom,
                        attendu=f"une seule colonne « {variable_nom} »",
                    )
                if annee is not None and not ANNEE_MIN <= annee <= ANNEE_MAX:
                    raise self._erreur(
                        f"année {annee} hors de l'horizon du modèle ({ANNEE_MIN}-{ANNEE_MAX})",
                        code="periode_hors_horizon",
                        colonne=nom,
                        attendu=f"une année entre {ANNEE_MIN} et {ANNEE_MAX}",
                    )
            colonnes.append(Colonne(nom, variable_nom, annee))
        if not colonnes:
            raise self._erreur(
                "aucune colonne de variable d'entrée",
                code="aucune_variable",
                attendu="au moins une variable du modèle (voir « openfisca-cpa colonnes »)",
            )
        for nom in ignorees:
            journal.warning("Colonne inconnue ignorée : %s", nom)
        return colonnes, ignorees

    def _colonne_periode(self, nom):
        """(variable, année ou None, période datée ou None) d'une colonne « <variable>@<période> ».

        Une année ou ETERNITY pour une variable annuelle ou permanente ; un jour ou un mois pour une
        variable définie par jour ou par mois (un achat de formation daté : ``cpf_prix_formation@2024-06-14``),
        la période exacte de la variable, comme openfisca-core la saisit.
        """
        variable_nom, _, brute = nom.partition(SEPARATEUR_PERIODE)
        variable = self.systeme.variables.get(variable_nom)
        if variable is None:
            raise self._inconnue(nom, self._reservees())
        try:
            periode = lire_periode(brute, [nom])
        except ErreurLocalisee as erreur:
            raise self._erreur(erreur.message, code=erreur.code, colonne=nom, attendu=erreur.expected) from None
        definition = variable.definition_period
        if definition in (DateUnit.DAY, DateUnit.MONTH):
            if periode.unit != definition or periode.size != 1:
                exemple = "2024-06-14" if definition == DateUnit.DAY else "2024-06"
                raise self._erreur(
                    f"période « {brute} » : {variable_nom} se saisit par {definition.name}",
                    code="periode_incompatible",
                    colonne=nom,
                    attendu=f"{variable_nom}@{exemple}",
                )
            return variable_nom, None, str(periode)
        if periode.unit == DateUnit.ETERNITY:
            return variable_nom, None, None
        if periode.unit != DateUnit.YEAR or periode.size != 1:
            raise self._erreur(
                f"période « {brute} » : {variable_nom} se saisit par année (ou ETERNITY pour une variable permanente)",
                code="periode_non_prise_en_charge",
                colonne=nom,
                attendu=f"{variable_nom}@2024 ou {variable_nom}@ETERNITY",
            )
        return variable_nom, periode.start.year, None

    def _inconnue(self, nom, reservees):
        variables = self.systeme.variables
        suggestion = None
        correspondance = COLONNE_VARIABLE_ANNEE.match(nom)
        variable_nom, separateur, periode = nom.partition(SEPARATEUR_PERIODE)
        if self.forme == "large" and separateur:
            proche = plus_proche(variable_nom, variables)
            if proche:
                suggestion = f"{proche}{SEPARATEUR_PERIODE}{periode}"
        elif self.forme == "large" and correspondance:
            proche = plus_proche(correspondance["variable"], variables)
            if proche:
                suggestion = f"{proche}_{correspondance['annee']}"
        else:
            suggestion = plus_proche(nom, [*variables, *reservees])
        return self._erreur(
            "variable inconnue du modèle",
            code="variable_inconnue",
            colonne=nom,
            attendu="un identifiant de variable du modèle, l'identifiant, l'année ou le poids (voir « openfisca-cpa colonnes »)",
            suggestion=suggestion,
        )

    # --- Lecture brute par blocs ---------------------------------------------------------

    def _blocs(self, colonnes=None):
        """Blocs (pyarrow.Table, première ligne du bloc) ; les lignes sont numérotées comme dans le fichier.

        Un fichier mal formé (ligne au mauvais nombre de champs, guillemet non fermé, octets non UTF-8,
        Parquet corrompu) donne une erreur nommée `fichier_illisible`, jamais une trace Python.
        """
        try:
            yield from self._blocs_lus(colonnes)
        except (pa.ArrowException, OSError, UnicodeDecodeError) as erreur:
            texte = str(erreur).splitlines()[0][:200] if str(erreur) else type(erreur).__name__
            raise self._erreur(
                f"fichier {'CSV' if self.format == 'csv' else 'Parquet'} illisible ({texte})",
                code="fichier_illisible",
                attendu="un fichier CSV (UTF-8, même nombre de champs sur chaque ligne) ou Parquet valide",
            ) from None

    def _blocs_lus(self, colonnes=None):
        if self.format == "table":
            table = self._table if colonnes is None else self._table.select(colonnes)
            for debut in range(0, table.num_rows, LIGNES_PAR_BLOC):
                yield table.slice(debut, LIGNES_PAR_BLOC), debut + 1
            return
        if self.sans_id and colonnes is not None:
            # Sans identifiant, l'inventaire compte les lignes d'une colonne de variable.
            colonnes = [c for c in colonnes if c != self.options.colonne_id] or [self.colonnes[0].nom]
        if self.format == "parquet":
            fichier = pq.ParquetFile(self._ouvrir())
            debut = 1
            for lot in fichier.iter_batches(batch_size=LIGNES_PAR_BLOC, columns=colonnes):
                table = pa.Table.from_batches([lot])
                yield table, debut
                debut += table.num_rows
            return
        noms = colonnes or self.entete
        lecteur = pacsv.open_csv(
            self._ouvrir(),
            read_options=pacsv.ReadOptions(block_size=64 << 20, encoding="utf8"),
            # Une ligne vide n'est pas sautée : elle donne un identifiant vide, refusé avec son numéro
            # de ligne (sinon trois lignes donneraient deux personnes sans le dire).
            parse_options=pacsv.ParseOptions(delimiter=self.options.separateur, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                include_columns=noms,
                column_types=dict.fromkeys(noms, pa.string()),
                strings_can_be_null=False,
            ),
        )
        debut = 2  # la ligne 1 est l'en-tête
        for lot in lecteur:
            table = pa.Table.from_batches([lot])
            yield table, debut
            debut += table.num_rows

    # --- Inventaire : années, tri, nombre d'individus -------------------------------------

    def inventaire(self):
        """Un passage sur l'identifiant (et l'année) : années présentes, tri, nombre d'individus."""
        if self._inventaire is not None:
            return self._inventaire
        o = self.options
        colonnes = [o.colonne_id] + ([o.colonne_annee] if self.forme == "longue" else [])
        annees = set()
        trie, dernier, individus, lignes_lues = True, None, 0, 0
        ordre_garde = self.forme == "large" and o.garder_ordre and not self.sans_id
        tous_ids, toutes_lignes = [], []
        for table, debut in self._blocs(colonnes):
            if table.num_rows == 0:
                continue
            lignes = np.arange(debut, debut + table.num_rows)
            ids = self._ids_de(table, lignes)
            if ordre_garde:
                tous_ids.append(ids)
                toutes_lignes.append(lignes)
            lignes_lues += len(ids)
            if self.forme == "longue":
                annees.update(self._annees(table[o.colonne_annee], lignes).tolist())
            if trie:
                valeurs = pa.array(ids)
                recule = dernier is not None and pc.less(valeurs[0], dernier).as_py()
                desordre = len(ids) > 1 and not pc.all(pc.greater_equal(valeurs[1:], valeurs[:-1])).as_py()
                if recule or desordre:
                    trie = False
                else:
                    individus += int(np.count_nonzero(ids[1:] != ids[:-1])) + 1
                    if dernier is not None and pc.equal(valeurs[0], dernier).as_py():
                        individus -= 1
                    dernier = valeurs[-1]
        if ordre_garde and not trie:
            # Une ligne par individu, dans l'ordre du corps : seul un identifiant en double est refusé.
            ids = pd.Index(np.concatenate(tous_ids))
            doublons = ids.duplicated()
            if doublons.any():
                indice = int(np.flatnonzero(doublons)[0])
                raise self._erreur(
                    f"identifiant « {ids[indice]} » en double",
                    code="identifiant_en_double",
                    ligne=int(np.concatenate(toutes_lignes)[indice]),
                    colonne=o.colonne_id,
                    attendu="une seule ligne par individu en forme large",
                )
            trie, individus = True, lignes_lues
        if not trie:
            # Fichier non trié (il sera lu en entier et trié) : les individus sont les identifiants distincts.
            individus = self._identifiants_distincts()
        if self.forme == "large":
            annees = {c.annee for c in self.colonnes if c.annee is not None}
        self._inventaire = {
            "annees": sorted(annees),
            "trie": trie,
            "individus": individus,
            "lignes": lignes_lues,
        }
        return self._inventaire

    def _identifiants_distincts(self):
        """Le nombre d'identifiants distincts (un passage sur la seule colonne d'identifiant)."""
        vus = []
        for table, debut in self._blocs([self.options.colonne_id]):
            if table.num_rows:
                vus.append(pd.unique(self._ids_de(table, np.arange(debut, debut + table.num_rows))))
        return len(pd.unique(np.concatenate(vus))) if vus else 0

    # --- Conversions validées (lignes : numéro dans le fichier de chaque ligne lue) --------

    def _ids_de(self, table, lignes):
        """Les identifiants des lignes ; sans colonne d'identifiant, le rang de la personne (0, 1, …)."""
        if self.sans_id:
            return np.asarray(lignes, dtype=np.int64) - (2 if self.format == "csv" else 1)
        return self._ids(table[self.options.colonne_id], lignes)

    def _ids(self, colonne, lignes):
        if isinstance(colonne, pa.ChunkedArray):
            colonne = colonne.combine_chunks()
        texte = pa.types.is_string(colonne.type) or pa.types.is_large_string(colonne.type)
        if not (texte or pa.types.is_integer(colonne.type)):
            raise self._erreur(
                f"identifiants de type {colonne.type}",
                code="valeur_invalide",
                colonne=self.options.colonne_id,
                attendu="des identifiants entiers ou textuels",
            )
        vides = colonne.is_null()
        if texte:
            vides = pc.or_(vides, pc.equal(pc.utf8_trim_whitespace(colonne), ""))
        vides = vides.to_numpy(zero_copy_only=False)
        if vides.any():
            indice = int(np.flatnonzero(vides)[0])
            raise self._erreur(
                "identifiant vide (une ligne vide est refusée : chaque ligne décrit une personne)",
                code="identifiant_vide",
                ligne=int(lignes[indice]),
                colonne=self.options.colonne_id,
                attendu="un identifiant d'individu",
            )
        if texte and self.format == "csv":
            try:
                return colonne.cast(pa.int64()).to_numpy()
            except pa.ArrowInvalid:
                return np.asarray(colonne.to_pylist(), dtype=object)
        if pa.types.is_integer(colonne.type):
            return colonne.cast(pa.int64()).to_numpy()
        if texte:
            return np.asarray(colonne.to_pylist(), dtype=object)
        return colonne.to_numpy(zero_copy_only=False)

    def _annees(self, colonne, lignes):
        nom = self.options.colonne_annee
        valeurs, renseignees = self._en_nombre(colonne, lignes, nom, "une année (nombre entier)")
        if not renseignees.all():
            indice = int(np.flatnonzero(~renseignees)[0])
            raise self._erreur(
                "année vide",
                code="annee_vide",
                ligne=int(lignes[indice]),
                colonne=nom,
                attendu="une année, par exemple 2019",
            )
        hors = (valeurs != np.round(valeurs)) | (valeurs < ANNEE_MIN) | (valeurs > ANNEE_MAX)
        if hors.any():
            indice = int(np.flatnonzero(hors)[0])
            raise self._erreur(
                "année invalide",
                code="periode_hors_horizon" if valeurs[indice] == np.round(valeurs[indice]) else "annee_invalide",
                ligne=int(lignes[indice]),
                colonne=nom,
                valeur=_lisible(valeurs[indice]),
                attendu=f"une année entière entre {ANNEE_MIN} et {ANNEE_MAX} (horizon du modèle)",
            )
        return valeurs.astype(np.int64)

    def _invalide(self, message, masque, lignes, nom, valeurs, attendu, **details):
        """Lève l'erreur sur la première ligne du masque, avec sa valeur lue."""
        indice = int(np.flatnonzero(masque)[0])
        valeur = valeurs[indice]
        valeur = valeur.as_py() if isinstance(valeur, pa.Scalar) else _lisible(valeur)
        raise self._erreur(
            message,
            code=details.pop("code", "valeur_invalide"),
            ligne=int(lignes[indice]),
            colonne=nom,
            valeur=valeur,
            attendu=attendu,
            **details,
        )

    def _en_nombre(self, colonne, lignes, nom, attendu):
        """(valeurs float64, renseignées) d'une colonne réservée (année, poids), par la conversion du paquet."""
        variable = _NombreReserve(nom)
        return self._convertir_paquet(colonne, variable, lignes, nom, attendu)

    def _convertir_paquet(self, colonne, variable, lignes, nom, attendu=None):
        try:
            return convertir_colonne(
                variable,
                None,
                colonne,
                lambda i: [int(lignes[i])],
                texte=self.format == "csv",
                decimale=self.options.decimale,
            )
        except ErreurLocalisee as erreur:
            ligne = int(erreur.path) if erreur.path and erreur.path.isdigit() else None
            raise self._erreur(
                erreur.message.split(" : ", 1)[-1].rstrip(".") if ligne else erreur.message.rstrip("."),
                code=erreur.code,
                ligne=ligne,
                colonne=nom,
                valeur=erreur.received,
                attendu=attendu or erreur.expected,
                suggestion=(erreur.suggestions or [None])[0],
            ) from None

    def verifier_bornes(self, variable, valeurs, renseignees, lignes, nom, annees, indice_annee=None):
        """Les bornes de openfisca_cpa/entrees.py, les mêmes que l'API web et l'API Python.

        `annees` : l'année de la colonne (forme large), les années distinctes du lot avec
        `indice_annee` le rang de l'année de chaque ligne (forme longue), ou None pour une variable
        permanente. Les bornes d'heures ou de jours suivent la durée de l'année. Un seul passage
        vectorisé ; le message est construit pour la première ligne fautive seulement.
        """
        if variable.value_type not in (float, int, date):
            return
        if variable.definition_period == DateUnit.ETERNITY or annees is None:
            periodes, rang = [lire_periode("ETERNITY", [nom])], None
        elif np.ndim(annees) == 0:
            periodes, rang = [lire_periode(str(annees), [nom])], None
        else:
            periodes, rang = [lire_periode(str(a), [nom]) for a in np.asarray(annees).tolist()], indice_annee

        try:
            if variable.value_type is date:
                check_dates(variable, periodes[0], valeurs, lambda i: [int(lignes[i])], present=renseignees)
                return
            bornes = bounds_for(variable)
            if not isinstance(bornes, Bounds):
                return
            hauts = np.array(
                [np.inf if (h := bornes.maximum_for(p)) is None else h for p in periodes], dtype=np.float64
            )
            # D'abord contre la plus petite borne (un scalaire) : le cas courant s'arrête là.
            mauvais = valeurs > hauts.min()
            if rang is not None and mauvais.any() and hauts.min() != hauts.max():
                mauvais = valeurs > hauts[rang]
            if bornes.minimum is not None:
                mauvais |= valeurs < bornes.minimum
            mauvais &= renseignees
            if not mauvais.any():
                return
            indice = int(np.flatnonzero(mauvais)[0])
            periode = periodes[0] if rang is None else periodes[int(rang[indice])]
            check_numbers(
                variable,
                periode,
                np.asarray(valeurs[indice : indice + 1], dtype=np.float64),
                lambda _i: [int(lignes[indice])],
            )
        except ErreurLocalisee as erreur:
            raise self._erreur(
                erreur.message.split(" doit être")[0] + " est refusée",
                code=erreur.code,
                ligne=int(erreur.path) if erreur.path else None,
                colonne=nom,
                valeur=erreur.received,
                attendu=erreur.expected,
            ) from None

    def _cellules_vides(self, lot, nom, renseignees, lignes, periodes):
        """Règle des cellules vides : refus de la première (« refuser ») ou compte par colonne (« completer »).

        `renseignees` et `lignes` sont alignés (une case par cellule, ou par individu pour une variable
        permanente en forme longue) ; `periodes` donne la période de chaque case (texte), ou None.
        """
        vides = nombre_vides(renseignees)
        if not vides:
            return
        if self.options.vides == VIDES_REFUSER:
            indice = int(np.flatnonzero(~renseignees)[0])
            periode = None if periodes is None else periodes(indice)
            raise self._erreur(
                f"valeur manquante{'' if periode is None else f' pour {periode}'} : {MESSAGE_VIDE_REFUSEE}",
                code="valeur_manquante",
                ligne=int(lignes[indice]),
                colonne=nom,
                attendu=expected_text(self.systeme.variables[self._variable_de(nom)]),
            )
        lot.vides[nom] = lot.vides.get(nom, 0) + vides

    def _variable_de(self, nom):
        return next(c.variable for c in self.colonnes if c.nom == nom)

    def convertir(self, colonne, variable, lignes, nom):
        """Convertit une colonne brute dans le type de la variable : (valeurs numpy, renseignées).

        La conversion est celle du paquet (openfisca_cpa/colonnes.py), la même que l'API web.
        """
        return self._convertir_paquet(colonne, variable, lignes, nom, _type_attendu(variable))

    # --- Lots ----------------------------------------------------------------------------

    def __getstate__(self):
        # Envoyée aux travailleurs Dask sans le système (chaque processus a le sien).
        etat = self.__dict__.copy()
        etat["systeme"] = None
        return etat

    def __setstate__(self, etat):
        from openfisca_cpa.population.simulation import systeme_de_base

        self.__dict__.update(etat)
        self.systeme = systeme_de_base()

    def lots(self):
        """Les lots d'individus complets, dans l'ordre du fichier (trié par identifiant)."""
        for numero, table, lignes in self.lots_bruts():
            yield self._lot(numero, table, lignes)

    def lots_bruts(self):
        """Les lignes brutes (pyarrow) de chaque lot d'individus complets, avant conversion.

        La conversion (`convertir_lot`) peut ainsi se faire ailleurs, par exemple sur un travailleur Dask.
        """
        o = self.options
        if self.inventaire()["trie"]:
            blocs = self._blocs()
        else:
            journal.warning(
                "%s n'est pas trié par « %s » : lecture complète et tri en mémoire.",
                self.chemin,
                o.colonne_id,
            )
            blocs = [self._tout_trier()]
        numero = 0
        reste, reste_lignes = None, None
        for table, debut in blocs:
            lignes = _numeros(table, debut)
            if reste is not None:
                table = pa.concat_tables([reste, table])
                lignes = np.concatenate([reste_lignes, lignes])
            if table.num_rows == 0:
                continue
            ids = self._ids_de(table, lignes)
            debuts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
            # Le dernier individu du bloc peut continuer dans le suivant : il reste en attente.
            premier = 0
            while len(debuts) - 1 - premier >= o.taille_lot:
                de, a = debuts[premier], debuts[premier + o.taille_lot]
                yield numero, table.slice(de, a - de), lignes[de:a]
                numero += 1
                premier += o.taille_lot
            de = debuts[premier]
            reste, reste_lignes = table.slice(de), lignes[de:]
        if reste is not None and reste.num_rows:
            yield numero, reste, reste_lignes

    def convertir_lot(self, numero, table, lignes):
        """Convertit les lignes brutes d'un lot (voir `lots_bruts`) en Lot validé."""
        return self._lot(numero, table, lignes)

    def _tout_trier(self):
        tables = []
        for table, debut in self._blocs():
            numeros = pa.array(np.arange(debut, debut + table.num_rows))
            tables.append(table.append_column("__ligne__", numeros))
        table = pa.concat_tables(tables)
        lignes = table["__ligne__"].to_numpy()
        ids = self._ids_de(table, lignes)
        ordre = np.argsort(ids, kind="stable")
        return table.take(pa.array(ordre)), None

    def _lot(self, numero, table, lignes):
        """Convertit les lignes d'individus complets en un Lot (pivot vectorisé)."""
        o = self.options
        ids_lignes = self._ids_de(table, lignes)
        nouveaux = np.r_[True, ids_lignes[1:] != ids_lignes[:-1]]
        personne = np.cumsum(nouveaux) - 1
        lot = Lot(numero, ids_lignes[nouveaux], np.ones(int(nouveaux.sum())))
        if self.forme == "large" and not nouveaux.all():
            indice = int(np.flatnonzero(~nouveaux)[0])
            raise self._erreur(
                f"identifiant « {ids_lignes[indice]} » en double",
                code="identifiant_en_double",
                ligne=int(lignes[indice]),
                colonne=o.colonne_id,
                attendu="une seule ligne par individu en forme large",
            )
        poids = self._poids(table, personne, lot.n, lignes)
        if poids is not None:
            lot.poids = poids
        if self.forme == "longue":
            self._pivot_long(lot, table, personne, lignes)
        else:
            self._large(lot, table, lignes)
        return lot

    def _poids(self, table, personne, n, lignes):
        nom = self.options.colonne_poids
        if nom not in table.column_names:
            return None
        attendu = "un poids positif ou nul"
        valeurs, renseignees = self._en_nombre(table[nom], lignes, nom, attendu)
        negatifs = renseignees & (valeurs < 0)
        if negatifs.any():
            self._invalide("poids négatif", negatifs, lignes, nom, valeurs, attendu)
        poids, _ = self._constante_par_individu(valeurs, renseignees, personne, n, 1.0, nom, lignes)
        return poids.astype(np.float64)

    def _constante_par_individu(self, valeurs, renseignees, personne, n, defaut, nom, lignes):
        """Valeur permanente de chaque individu : la même sur toutes ses lignes renseignées."""
        resultat = np.full(n, defaut, dtype=valeurs.dtype)
        resultat[personne[renseignees]] = valeurs[renseignees]
        differentes = renseignees & (valeurs != resultat[personne])
        if differentes.any():
            self._invalide(
                "valeur différente d'une ligne à l'autre pour un même individu",
                differentes,
                lignes,
                nom,
                valeurs,
                "la même valeur sur toutes les lignes de l'individu (variable permanente)",
                code="permanente_variable",
            )
        individus = np.zeros(n, dtype=bool)
        individus[personne[renseignees]] = True
        return resultat, individus

    def _pivot_long(self, lot, table, personne, lignes):
        o = self.options
        variables = self.systeme.variables
        annees_lignes = self._annees(table[o.colonne_annee], lignes)
        annees = np.unique(annees_lignes)
        indice_annee = np.searchsorted(annees, annees_lignes)
        cle = personne * len(annees) + indice_annee
        ordre = np.argsort(cle, kind="stable")
        doublons = np.flatnonzero(cle[ordre][1:] == cle[ordre][:-1])
        if len(doublons):
            indice = int(ordre[doublons[0] + 1])
            raise self._erreur(
                f"année {annees_lignes[indice]} en double pour l'individu « {lot.ids[personne[indice]]} »",
                code="ligne_en_double",
                ligne=int(lignes[indice]),
                colonne=o.colonne_annee,
                attendu="une ligne par individu et par année",
            )
        n, ny = lot.n, len(annees)
        # Cas courant (fichier généré, export trié) : chaque individu a toutes les années, dans l'ordre.
        complet = len(cle) == n * ny and bool(np.array_equal(cle, np.arange(n * ny)))
        cle_annee = indice_annee * n + personne  # rang dans la grille (années × individus)
        for colonne in self.colonnes:
            variable = variables[colonne.variable]
            valeurs, renseignees = self.convertir(table[colonne.nom], variable, lignes, colonne.nom)
            self.verifier_bornes(variable, valeurs, renseignees, lignes, colonne.nom, annees, indice_annee)
            defaut = _defaut(variable)
            tous = bool(renseignees.all())
            if variable.definition_period != DateUnit.ETERNITY and not tous:
                self._cellules_vides(lot, colonne.nom, renseignees, lignes, lambda i: str(annees_lignes[i]))
            if variable.definition_period == DateUnit.ETERNITY:
                if complet and tous:
                    grille = valeurs.reshape(n, ny)
                    differentes = (grille != grille[:, :1]).reshape(-1)
                    if differentes.any():
                        self._invalide(
                            "valeur différente d'une ligne à l'autre pour un même individu",
                            differentes,
                            lignes,
                            colonne.nom,
                            valeurs,
                            "la même valeur sur toutes les lignes de l'individu (variable permanente)",
                            code="permanente_variable",
                        )
                    lot.permanentes[colonne.variable] = (grille[:, 0].copy(), None)
                    continue
                resultat, individus = self._constante_par_individu(
                    valeurs, renseignees, personne, n, defaut, colonne.nom, lignes
                )
                # Permanente en forme longue : donnée sur une ligne de l'individu, elle l'est pour lui ;
                # vide pour l'individu seulement si aucune de ses lignes ne la porte (1re ligne citée).
                premieres = np.flatnonzero(nouveaux_individus(personne))
                self._cellules_vides(lot, colonne.nom, individus, lignes[premieres], None)
                if individus.any():
                    lot.permanentes[colonne.variable] = (
                        resultat,
                        None if individus.all() else individus,
                    )
                continue
            if complet:
                grille = np.ascontiguousarray(valeurs.reshape(n, ny).T)
                remplie = None if tous else np.ascontiguousarray(renseignees.reshape(n, ny).T)
                if remplie is not None:
                    grille[~remplie] = defaut
            else:
                grille = np.full(ny * n, defaut, dtype=valeurs.dtype)
                grille[cle_annee[renseignees]] = valeurs[renseignees]
                grille = grille.reshape(ny, n)
                remplie = np.zeros(ny * n, dtype=bool)
                remplie[cle_annee[renseignees]] = True
                remplie = remplie.reshape(ny, n)
            par_annee = {}
            for i, annee in enumerate(annees.tolist()):
                if remplie is None:
                    par_annee[annee] = (grille[i], None)
                elif remplie[i].any():
                    par_annee[annee] = (grille[i], None if remplie[i].all() else remplie[i])
            if par_annee:
                lot.annuelles[colonne.variable] = par_annee

    def _large(self, lot, table, lignes):
        variables = self.systeme.variables
        for colonne in self.colonnes:
            variable = variables[colonne.variable]
            valeurs, renseignees = self.convertir(table[colonne.nom], variable, lignes, colonne.nom)
            periode = colonne.periode or colonne.annee
            self.verifier_bornes(variable, valeurs, renseignees, lignes, colonne.nom, periode)
            self._cellules_vides(lot, colonne.nom, renseignees, lignes, None)
            if not renseignees.any():
                continue
            if not renseignees.all():
                valeurs = np.where(renseignees, valeurs, _defaut(variable)).astype(valeurs.dtype)
            entree = (valeurs, None if renseignees.all() else renseignees)
            if colonne.periode is not None:
                lot.datees.setdefault(colonne.variable, {})[colonne.periode] = entree
            elif colonne.annee is None:
                lot.permanentes[colonne.variable] = entree
            else:
                lot.annuelles.setdefault(colonne.variable, {})[colonne.annee] = entree


def _table_en_memoire(donnees):
    """Une table Arrow pour un DataFrame pandas ou une table Arrow ; None pour un chemin de fichier.

    Un DataFrame garde son index s'il est nommé (« id » par exemple) ; NaN, NA et None y valent
    « non renseignée », comme une cellule vide d'un CSV.
    """
    if isinstance(donnees, pa.Table):
        return donnees
    if isinstance(donnees, pd.DataFrame):
        garder_index = donnees.index.name is not None and donnees.index.name not in donnees.columns
        doublons = donnees.columns[donnees.columns.duplicated()].tolist()
        if doublons:
            raise ErreurPopulation(
                "colonne en double",
                code="entree_en_double",
                fichier="<DataFrame>",
                colonne=str(doublons[0]),
                attendu="des noms de colonnes distincts",
            )
        colonnes_texte = [c for c in donnees.columns if not isinstance(c, str)]
        if colonnes_texte:
            raise ErreurPopulation(
                "nom de colonne qui n'est pas un texte",
                code="colonne_invalide",
                fichier="<DataFrame>",
                colonne=str(colonnes_texte[0]),
                attendu="des noms de colonnes textuels (<variable>@<période>, id, annee, poids)",
            )
        return pa.Table.from_pandas(donnees, preserve_index=garder_index)
    if isinstance(donnees, str | Path):
        return None
    raise ErreurPopulation(
        f"source de type {type(donnees).__name__} non prise en charge",
        code="format_inconnu",
        attendu="un chemin de fichier CSV ou Parquet, un DataFrame pandas ou une table Arrow",
    )


def nouveaux_individus(personne):
    """Vrai à la première ligne de chaque individu (lignes groupées par individu)."""
    return np.r_[True, personne[1:] != personne[:-1]]


def _numeros(table, debut):
    if "__ligne__" in table.column_names:
        return table["__ligne__"].to_numpy()
    return np.arange(debut, debut + table.num_rows)


def _lisible(valeur):
    if isinstance(valeur, float | np.floating) and float(valeur).is_integer():
        return int(valeur)
    if isinstance(valeur, np.generic):
        return valeur.item()
    return valeur


def _defaut(variable):
    defaut = variable.default_value
    if variable.value_type is date:
        return np.datetime64(defaut, "D")
    if variable.value_type is Enum:
        return np.int16(list(variable.possible_values.__members__).index(defaut.name))
    if variable.value_type is float:
        return np.float32(defaut)
    return defaut


def colonnes_acceptees(systeme):
    """(identifiant, période, type, défaut, origine, libellé) des variables acceptées dans un fichier.

    Les variables DAY ou MONTH ne se donnent qu'en forme large, par une colonne datée
    (« cpf_prix_formation@2024-06-14 »).
    """
    lignes = []
    for nom, variable in sorted(systeme.variables.items()):
        if variable.definition_period not in (DateUnit.YEAR, DateUnit.ETERNITY, DateUnit.DAY, DateUnit.MONTH):
            continue
        if nom in SORTIES_CONTRAT:
            continue
        type_nom = {float: "décimal", int: "entier", bool: "booléen", date: "date"}.get(
            variable.value_type, "énumération"
        )
        defaut = variable.default_value
        lignes.append(
            (
                nom,
                variable.definition_period.name,
                type_nom,
                str(getattr(defaut, "name", defaut)),
                "formule" if variable.formulas else "entrée",
                variable.label,
            )
        )
    return lignes
