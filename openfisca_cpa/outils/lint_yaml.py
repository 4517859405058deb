"""Les règles de `make lint` (yamllint, avec la configuration du dépôt) dans le vérificateur, en français.

`make lint` passe yamllint sur tout `openfisca_cpa/` ; ses messages sont en anglais et il n'est lancé
qu'au moment de `make test`. Le vérificateur des paramètres et celui des tests (et donc le démarrage de
l'API) appliquent ici les mêmes règles, par l'API Python de yamllint (`yamllint.linter.run`), avec la
même configuration (`CONFIGURATION`, copie de `.yamllint` à la racine du dépôt ; un test vérifie
qu'elles sont identiques), et rendent chaque problème en français à `fichier:ligne:colonne`.

Une règle de niveau « error » de yamllint fait échouer `make lint` : c'est une erreur ici aussi ; une
règle de niveau « warning » (commentaires) est un avertissement. Les erreurs de syntaxe et les clés en
double, que le vérificateur décrit lui-même plus précisément, ne sont pas répétées.
"""

from __future__ import annotations

import re

#: Copie de `.yamllint` (racine du dépôt) : le paquet installé n'a pas le dépôt sous la main.
CONFIGURATION = """\
extends: default
ignore: |
  .venv/
rules:
  document-start: disable
  line-length: disable
  truthy:
    allowed-values: ["true", "false"]
    check-keys: false
  comments:
    min-spaces-from-content: 1
"""

#: Règles que le vérificateur signale déjà lui-même (lecture.composer).
DEJA_SIGNALEES = {None, "key-duplicates"}

_CONFIG = None


def _configuration():
    global _CONFIG
    if _CONFIG is None:
        from yamllint.config import YamlLintConfig

        _CONFIG = YamlLintConfig(CONFIGURATION)
    return _CONFIG


def _nombre(n: str) -> str:
    return f"{n} espace" + ("s" if n not in ("0", "1") else "")


#: (motif du message anglais de yamllint, message français, correction française).
TRADUCTIONS: list[tuple[re.Pattern, str, str]] = [
    (
        re.compile(r"wrong indentation: expected (\d+) but found (\d+)"),
        "indentation incorrecte : {1} au lieu de {0}",
        "indentez la ligne de {0} (deux espaces par niveau)",
    ),
    (
        re.compile(r"wrong indentation: expected (.+)"),
        "indentation incorrecte (attendu : {0})",
        "indentez de deux espaces par niveau",
    ),
    (
        re.compile(r"cannot infer indentation: unexpected token"),
        "indentation impossible à déterminer à cet endroit",
        "indentez de deux espaces par niveau, comme les lignes voisines",
    ),
    (re.compile(r"trailing spaces"), "espaces en fin de ligne", "supprimez les espaces après le dernier caractère"),
    (
        re.compile(r"no new line character at the end of file"),
        "la dernière ligne ne se termine pas par un retour à la ligne",
        "ajoutez un retour à la ligne à la fin du fichier",
    ),
    (
        re.compile(r"wrong new line character: expected (.+)"),
        "fins de ligne Windows (CRLF) au lieu de fins de ligne Unix (LF)",
        "enregistrez le fichier avec des fins de ligne « LF » (réglage de l'éditeur)",
    ),
    (
        re.compile(r"too many blank lines \((\d+) > (\d+)\)"),
        "trop de lignes vides ({0}, au plus {1})",
        "supprimez des lignes vides",
    ),
    (
        re.compile(r"too many spaces after colon"),
        "trop d'espaces après le deux-points",
        "laissez une seule espace après « : »",
    ),
    (
        re.compile(r"too many spaces before colon"),
        "espace avant le deux-points",
        "collez le deux-points à la clé : « clé: valeur »",
    ),
    (
        re.compile(r"too many spaces after hyphen"),
        "trop d'espaces après le tiret",
        "laissez une seule espace après « - »",
    ),
    (
        re.compile(r"too many spaces after question mark"),
        "trop d'espaces après le point d'interrogation",
        "laissez une seule espace",
    ),
    (
        re.compile(r"too many spaces (after|before) comma"),
        "trop d'espaces {0} la virgule",
        "laissez au plus une espace après la virgule, aucune avant",
    ),
    (re.compile(r"too few spaces after comma"), "espace manquante après la virgule", "écrivez « a, b »"),
    (
        re.compile(r"too (many|few) spaces inside (empty )?(braces|brackets)"),
        "espacement incorrect à l'intérieur des {2}",
        "écrivez [a, b] ou {{a: 1}} sans espace après l'ouvrant ni avant le fermant",
    ),
    (
        re.compile(r"forbidden flow (mapping|sequence)"),
        "écriture entre crochets ou accolades interdite",
        "écrivez la liste ou les clés une par ligne",
    ),
    (
        re.compile(r"truthy value should be one of \[(.*)\]"),
        "valeur vrai/faux mal écrite",
        "écrivez true ou false (en minuscules)",
    ),
    (
        re.compile(r"missing starting space in comment"),
        "espace manquante après « # » dans un commentaire",
        "écrivez « # commentaire »",
    ),
    (
        re.compile(r"too few spaces before comment: expected (\d+)"),
        "commentaire collé au texte qui le précède",
        "laissez au moins {0} espace avant « # »",
    ),
    (
        re.compile(r"comment not indented like content"),
        "commentaire qui n'est pas indenté comme les lignes voisines",
        "alignez le « # » sur la ligne qui suit",
    ),
    (
        re.compile(r'found (forbidden|missing) document (start|end) "?([^"]*)"?'),
        "marque de document YAML « {2} » {0}",
        "retirez ou ajoutez la ligne « --- » / « ... » comme les autres fichiers",
    ),
    (
        re.compile(r'found (undeclared alias|unused anchor|duplicated anchor) "([^"]*)"'),
        "ancre ou alias YAML « {1} » refusé",
        "recopiez la valeur ; les fichiers du projet n'utilisent ni « & » ni « * »",
    ),
    (
        re.compile(r"empty value in (block|flow) (mapping|sequence)"),
        "valeur vide",
        "donnez une valeur, ou écrivez null",
    ),
    (
        re.compile(r'forbidden (implicit|explicit) octal value "([^"]*)"'),
        "nombre octal « {1} » interdit",
        "écrivez le nombre sans zéro en tête, ou entre guillemets",
    ),
    (
        re.compile(r"line too long \((\d+) > (\d+) characters\)"),
        "ligne trop longue ({0} caractères, au plus {1})",
        "coupez la ligne",
    ),
]


def traduire(description: str, regle: str | None) -> tuple[str, str]:
    """(message, correction) en français d'un problème de yamllint."""
    francais = {
        "after": "après",
        "before": "avant",
        "forbidden": "interdite",
        "missing": "manquante",
        "braces": "accolades",
        "brackets": "crochets",
    }
    for motif, message, correction in TRADUCTIONS:
        trouve = motif.search(description)
        if trouve:
            groupes = [francais.get(g or "", g or "") for g in trouve.groups()]
            if motif.pattern.startswith("wrong indentation: expected (\\d+)"):
                groupes = [_nombre(g) for g in groupes]
            return message.format(*groupes), correction.format(*groupes)
    return f"règle yamllint « {regle} » non respectée ({description})", "corrigez la ligne (voir make lint)"


def problemes_yamllint(texte: str) -> list[tuple[int, int, str, str, str]]:
    """(ligne, colonne, message, correction, gravité) des règles de `make lint`, hors syntaxe et doublons."""
    from yamllint import linter

    resultat = []
    for probleme in linter.run(texte, _configuration()):
        if probleme.rule in DEJA_SIGNALEES:
            continue
        message, correction = traduire(probleme.desc, probleme.rule)
        gravite = "erreur" if probleme.level == "error" else "avertissement"
        resultat.append((probleme.line, probleme.column, message, correction, gravite))
    return resultat


def signaler_regles_yamllint(lecteur, texte: str) -> None:
    """Ajoute au `lecteur` (lecture.Lecteur) les problèmes que `make lint` trouverait dans `texte`."""
    for ligne, colonne, message, correction, gravite in problemes_yamllint(texte):
        lecteur.signaler((ligne, colonne), message, correction, gravite)
