"""Lecture des fichiers YAML en gardant la position (ligne, colonne) de chaque nœud.

Le chargeur d'openfisca-core perd les positions : une faute de frappe y devient une trace Python
sans numéro de ligne. Ici on compose l'arbre YAML (`yaml.compose`) sans le convertir en objets
Python : chaque nœud garde sa marque de début, et chaque problème est rattaché à `fichier:ligne:colonne`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from datetime import date
from pathlib import Path

import yaml

from openfisca_cpa.commun.yaml_sur import AliasRefuseError, ChargeurSansAlias

#: Forme attendue d'une date dans les paramètres : AAAA-MM-JJ.
DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

ENTIER = "tag:yaml.org,2002:int"
REEL = "tag:yaml.org,2002:float"
BOOLEEN = "tag:yaml.org,2002:bool"
NUL = "tag:yaml.org,2002:null"
TEXTE = "tag:yaml.org,2002:str"
DATE = "tag:yaml.org,2002:timestamp"


@dataclasses.dataclass(frozen=True, order=True)
class Probleme:
    """Un problème localisé : `fichier:ligne:colonne: message — correction proposée`."""

    fichier: str
    ligne: int
    colonne: int
    message: str
    correction: str = ""
    gravite: str = "erreur"  # « erreur » (bloquante) ou « avertissement »

    @property
    def bloquant(self) -> bool:
        return self.gravite == "erreur"

    def __str__(self) -> str:
        prefixe = "" if self.bloquant else "avertissement : "
        texte = f"{afficher_chemin(self.fichier)}:{self.ligne}:{self.colonne}: {prefixe}{self.message}"
        return f"{texte} — {self.correction}" if self.correction else texte


def afficher_chemin(chemin: str | os.PathLike) -> str:
    """Chemin relatif au dossier courant quand c'est possible (cliquable dans un terminal ou un éditeur)."""
    chemin = Path(chemin)
    try:
        return str(chemin.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(chemin)


class Lecteur:
    """Fabrique des problèmes rattachés à un fichier à partir des marques des nœuds YAML."""

    def __init__(self, chemin: str | os.PathLike):
        self.chemin = str(chemin)
        self.problemes: list[Probleme] = []

    def signaler(self, position, message, correction="", gravite="erreur") -> None:
        """`position` : un nœud YAML, une marque YAML, un couple (ligne, colonne) ou None (début du fichier)."""
        ligne, colonne = position_de(position)
        self.problemes.append(Probleme(self.chemin, ligne, colonne, message, correction, gravite))

    def avertir(self, position, message, correction="") -> None:
        self.signaler(position, message, correction, gravite="avertissement")


def position_de(position) -> tuple[int, int]:
    """Ligne et colonne, comptées à partir de 1."""
    if position is None:
        return 1, 1
    if isinstance(position, tuple):
        return position
    marque = getattr(position, "start_mark", position)
    return marque.line + 1, marque.column + 1


def composer(chemin: str | os.PathLike) -> tuple[yaml.Node | None, list[Probleme]]:
    """Compose le fichier en arbre de nœuds YAML. Renvoie (None, problèmes) si la syntaxe est invalide."""
    lecteur = Lecteur(chemin)
    try:
        # Octets décodés sans conversion des fins de ligne : un CRLF refusé par `make lint` reste visible.
        texte = Path(chemin).read_bytes().decode("utf-8")
    except UnicodeDecodeError as erreur:
        ligne = Path(chemin).read_bytes()[: erreur.start].count(b"\n") + 1
        lecteur.signaler(
            (ligne, 1),
            "le fichier n'est pas encodé en UTF-8",
            "enregistrez-le en UTF-8 (menu « Enregistrer sous » de l'éditeur)",
        )
        return None, lecteur.problemes
    lignes_tabulees = _signaler_tabulations(lecteur, texte)
    try:
        noeud = yaml.compose(texte, Loader=ChargeurSansAlias)
    except AliasRefuseError as erreur:
        # Refusé avant d'être développé : une « bombe » d'alias est arrêtée au premier.
        lecteur.signaler(
            erreur.problem_mark,
            f"alias YAML « *{erreur.nom} » refusé : les paramètres et les tests n'utilisent ni ancre (&) ni alias (*)",
            "recopiez la valeur à cet endroit et retirez l'ancre « & » correspondante",
        )
        return None, lecteur.problemes
    except yaml.MarkedYAMLError as erreur:
        ligne_erreur = erreur.problem_mark.line + 1 if erreur.problem_mark else 0
        if ligne_erreur not in lignes_tabulees:
            _signaler_erreur_syntaxe(lecteur, texte, erreur)
        return None, lecteur.problemes
    if noeud is None:
        lecteur.signaler(
            None, "fichier vide", "copiez le contenu d'un fichier voisin et adaptez-le, ou supprimez ce fichier"
        )
        return None, lecteur.problemes
    _signaler_cles_en_double(lecteur, noeud)
    from openfisca_cpa.outils.lint_yaml import signaler_regles_yamllint

    signaler_regles_yamllint(lecteur, texte)
    return noeud, lecteur.problemes


def _signaler_tabulations(lecteur: Lecteur, texte: str) -> set[int]:
    lignes = set()
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        colonne = ligne.find("\t")
        if colonne >= 0:
            lignes.add(numero)
            lecteur.signaler(
                (numero, colonne + 1),
                "tabulation interdite en YAML",
                "remplacez-la par des espaces (deux espaces par niveau d'indentation)",
            )
    return lignes


def _indentation(ligne: str) -> int:
    return len(ligne) - len(ligne.lstrip(" "))


def _signaler_erreur_syntaxe(lecteur: Lecteur, texte: str, erreur: yaml.MarkedYAMLError) -> None:
    probleme = erreur.problem or ""
    contexte = erreur.context or ""
    lignes = texte.splitlines()
    marque = erreur.problem_mark
    ligne_fautive = lignes[marque.line] if marque and marque.line < len(lignes) else ""
    cle = ligne_fautive.strip().split(":")[0]

    ouvert = _guillemet_non_referme(lignes, marque.line if marque else len(lignes) - 1)
    if ouvert is not None:
        # PyYAML lit un texte entre guillemets sur plusieurs lignes : l'erreur apparaît plus bas, là où
        # le texte finit par se refermer. La faute est sur la ligne où le guillemet s'ouvre.
        numero, colonne, guillemet = ouvert
        lecteur.signaler(
            (numero + 1, colonne + 1),
            f"guillemet {guillemet} ouvert ligne {numero + 1} jamais refermé sur cette ligne",
            f"ajoutez le guillemet fermant {guillemet} à la fin du texte (ligne {numero + 1})",
        )
        return

    if "expected <block end>" in probleme or "did not find expected key" in probleme:
        # Une ligne plus (ou moins) indentée que ses voisines du même bloc.
        colonnes = _colonnes_voisines(lignes, marque.line)
        suggestion = " ou ".join(
            f"la colonne {c + 1} (comme « {lignes[n].strip()[:40]} », ligne {n + 1})" for c, n in colonnes
        )
        lecteur.signaler(
            marque,
            f"indentation incorrecte : « {cle} » commence à la colonne {marque.column + 1}, "
            "qui ne correspond à aucun niveau du bloc",
            f"alignez la ligne sur {suggestion}" if suggestion else "corrigez l'indentation",
        )
    elif (
        "mapping values are not allowed" in probleme
        and (precedente := _continuation_indentee(lignes, marque.line)) is not None
    ):
        # « period: 2020 » puis «    input: » plus indenté : YAML lit « 2020 input » puis bute sur « : ».
        colonne = _colonne_cle(lignes[precedente])
        lecteur.signaler(
            (marque.line + 1, _indentation(ligne_fautive) + 1),
            f"indentation incorrecte : « {cle} » est plus indentée que « {lignes[precedente].strip()[:40]} » "
            f"(ligne {precedente + 1}), qui a déjà sa valeur",
            f"alignez la ligne sur la colonne {colonne + 1}",
        )
    elif "mapping values are not allowed" in probleme:
        lecteur.signaler(
            marque,
            "deux-points inattendu : l'indentation de la ligne est fausse, ou un texte contenant « : » n'est pas entre guillemets",
            'mettez le texte entre guillemets ("…") ou corrigez l\'indentation de la ligne',
        )
    elif "could not find expected ':'" in probleme:
        position = erreur.context_mark or marque
        lecteur.signaler(
            position,
            "deux-points « : » manquant après la clé",
            "écrivez « clé: valeur » (un deux-points puis une espace)",
        )
    elif "quoted scalar" in contexte:
        lecteur.signaler(
            erreur.context_mark or marque,
            "guillemet ouvert jamais refermé",
            "ajoutez le guillemet fermant à la fin du texte",
        )
    elif "expected a single document" in contexte or "expected '<document start>'" in probleme:
        lecteur.signaler(
            marque,
            "le fichier contient plusieurs documents YAML",
            "retirez la ligne « --- » ou le contenu qui la suit",
        )
    elif "block collection" in contexte or "block sequence" in contexte:
        lecteur.signaler(
            marque,
            "une liste (lignes commençant par « - ») et des clés sont mélangées au même niveau",
            "alignez tous les tirets de la liste, et indentez les clés sous leur tiret",
        )
    else:
        lecteur.signaler(
            marque,
            f"YAML invalide ({probleme}{', ' + contexte if contexte else ''})",
            "comparez la ligne à ses voisines : indentation, deux-points, guillemets",
        )


_DEBUT_DE_VALEUR = re.compile(r"""^(\s*(?:-\s+)*)(?:[^\s"'#][^:#]*?:\s+|[\"'][^\"']*[\"']:\s+)?(["'])""")
_BLOC_LITTERAL = re.compile(r"[:-]\s+[|>][0-9+-]*\s*(#.*)?$")


def _fin_du_guillemet(reste: str, guillemet: str) -> bool:
    """Vrai si le texte qui suit un guillemet ouvrant le referme sur la même ligne."""
    i = 0
    while i < len(reste):
        caractere = reste[i]
        if guillemet == '"' and caractere == "\\":
            i += 2
            continue
        if caractere == guillemet:
            if guillemet == "'" and reste[i + 1 : i + 2] == "'":
                i += 2  # '' : apostrophe doublée dans un texte entre apostrophes
                continue
            return True
        i += 1
    return False


def _guillemet_non_referme(lignes: list[str], jusqu_a: int) -> tuple[int, int, str] | None:
    """(ligne, colonne, guillemet) du premier texte entre guillemets qui ne se referme pas sur sa ligne,
    parmi les lignes 0..`jusqu_a` (hors commentaires et blocs littéraux « | » ou « > »)."""
    bloc = None  # indentation de la ligne qui ouvre un bloc littéral
    for numero, ligne in enumerate(lignes[: jusqu_a + 1]):
        contenu = ligne.strip()
        if bloc is not None:
            if not contenu or _indentation(ligne) > bloc:
                continue
            bloc = None
        if not contenu or contenu.startswith("#"):
            continue
        if _BLOC_LITTERAL.search(ligne):
            bloc = _indentation(ligne)
            continue
        trouve = _DEBUT_DE_VALEUR.match(ligne)
        if trouve is None:
            continue
        colonne = trouve.start(2)
        guillemet = trouve.group(2)
        if not _fin_du_guillemet(ligne[colonne + 1 :], guillemet):
            return numero, colonne, "«\u00a0" + guillemet + "\u00a0»"
    return None


def _colonne_cle(ligne: str) -> int:
    """Colonne (à partir de 0) où commence la clé : après l'indentation et un éventuel tiret de liste."""
    colonne = _indentation(ligne)
    while ligne[colonne:].startswith("- "):
        colonne += 2
    return colonne


def _continuation_indentee(lignes: list[str], numero: int) -> int | None:
    """L'indice de la ligne « clé: valeur » juste au-dessus, si la ligne fautive est plus indentée qu'elle."""
    for n in range(numero - 1, -1, -1):
        ligne = lignes[n]
        if not ligne.strip() or ligne.lstrip().startswith("#"):
            continue
        _, deux_points, valeur = ligne.strip().lstrip("- ").partition(":")
        if deux_points and valeur.strip() and _indentation(lignes[numero]) > _colonne_cle(ligne):
            return n
        return None
    return None


def _colonnes_voisines(lignes: list[str], numero: int) -> list[tuple[int, int]]:
    """Les niveaux d'indentation existants juste au-dessus et juste au-dessous de la ligne fautive."""
    colonne = _indentation(lignes[numero])
    dessous, dessus = None, None
    for n in range(numero - 1, -1, -1):
        ligne = lignes[n]
        if not ligne.strip() or ligne.lstrip().startswith("#"):
            continue
        indentation = _colonne_cle(ligne)
        if indentation < colonne and dessous is None:
            dessous = (indentation, n)
        if indentation > colonne and dessus is None:
            dessus = (indentation, n)
        if indentation == 0:
            break
    return [c for c in (dessus, dessous) if c is not None]


def _signaler_cles_en_double(lecteur: Lecteur, noeud: yaml.Node) -> None:
    if isinstance(noeud, yaml.MappingNode):
        vues: dict[str, yaml.Node] = {}
        for cle, valeur in noeud.value:
            if isinstance(cle, yaml.ScalarNode):
                if cle.value in vues:
                    premiere = vues[cle.value].start_mark.line + 1
                    lecteur.signaler(
                        cle,
                        f"clé « {cle.value} » en double (déjà à la ligne {premiere})",
                        "fusionnez les deux entrées ou corrigez la date",
                    )
                vues[cle.value] = cle
            _signaler_cles_en_double(lecteur, valeur)
    elif isinstance(noeud, yaml.SequenceNode):
        for element in noeud.value:
            _signaler_cles_en_double(lecteur, element)


# ----- Accès aux nœuds ----- #


def est_dict(noeud) -> bool:
    return isinstance(noeud, yaml.MappingNode)


def est_liste(noeud) -> bool:
    return isinstance(noeud, yaml.SequenceNode)


def est_scalaire(noeud) -> bool:
    return isinstance(noeud, yaml.ScalarNode)


def est_nul(noeud) -> bool:
    return noeud is None or (est_scalaire(noeud) and noeud.tag == NUL)


def paires(noeud) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    """Les couples (nœud clé, nœud valeur) d'un dictionnaire YAML ; [] pour un autre nœud."""
    return list(noeud.value) if est_dict(noeud) else []


def enfant(noeud, cle: str):
    """Le nœud valeur de `cle`, ou None."""
    for noeud_cle, valeur in paires(noeud):
        if noeud_cle.value == cle:
            return valeur
    return None


def cle_de(noeud, cle: str):
    """Le nœud de la clé elle-même (pour signaler à sa position), ou None."""
    for noeud_cle, _ in paires(noeud):
        if noeud_cle.value == cle:
            return noeud_cle
    return None


def texte(noeud) -> str | None:
    """La valeur d'un scalaire texte non vide, sinon None."""
    if est_scalaire(noeud) and noeud.tag == TEXTE and noeud.value.strip():
        return noeud.value
    return None


def lire_date(valeur: str) -> date | None:
    """Une date AAAA-MM-JJ réelle (2019-02-30 est refusée)."""
    if not DATE_ISO.match(valeur):
        return None
    try:
        return date.fromisoformat(valeur)
    except ValueError:
        return None


def date_de(noeud) -> date | None:
    """La date portée par un scalaire (clé ou valeur), guillemets ou non."""
    if est_scalaire(noeud) and noeud.tag in (DATE, TEXTE):
        return lire_date(noeud.value.strip())
    return None


_FORMES_DE_DATE = [
    # (motif, ordre des groupes année, mois, jour)
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), (3, 2, 1)),
]


def date_corrigee(valeur: str) -> str | None:
    """La forme AAAA-MM-JJ d'une date mal écrite (2019-1-1, 01/01/2019…), si elle est reconnaissable."""
    valeur = valeur.strip().strip("'\"")
    for motif, (a, m, j) in _FORMES_DE_DATE:
        trouve = motif.match(valeur)
        if trouve:
            try:
                return date(int(trouve.group(a)), int(trouve.group(m)), int(trouve.group(j))).isoformat()
            except ValueError:
                return None
    return None


def conseil_date(valeur: str) -> str:
    corrigee = date_corrigee(valeur)
    if corrigee:
        return f"écrivez {corrigee} (forme AAAA-MM-JJ : année, mois et jour sur deux chiffres)"
    return "écrivez la date sous la forme AAAA-MM-JJ, par exemple 2027-01-01"


def plus_proche(mot: str, possibles) -> str | None:
    """Le mot connu le plus proche d'une faute de frappe, ou None."""
    proches = difflib.get_close_matches(mot, list(possibles), n=1, cutoff=0.5)
    return proches[0] if proches else None


def fichiers_parametres(dossier: str | os.PathLike):
    """Les fichiers de paramètres (hors index.yaml) du dossier et leur nom pointé (cpf.euros.salarie.plafond)."""
    dossier = Path(dossier)
    for chemin in sorted([*dossier.rglob("*.yaml"), *dossier.rglob("*.yml")]):
        if chemin.stem != "index":
            yield chemin, ".".join(chemin.relative_to(dossier).with_suffix("").parts)


def dates_des_valeurs(racine) -> list[tuple[date, yaml.Node, yaml.Node]]:
    """(date, nœud de la clé, nœud de la valeur) de toutes les valeurs datées, barèmes compris."""
    series = [enfant(racine, "values")]
    tranches = enfant(racine, "brackets")
    if est_liste(tranches):
        series += [valeur for tranche in tranches.value for _, valeur in paires(tranche)]
    resultat = []
    for serie in series:
        for cle, valeur in paires(serie):
            jour = date_de(cle)
            if jour is not None:
                resultat.append((jour, cle, enfant(valeur, "value") if est_dict(valeur) else valeur))
    return resultat
