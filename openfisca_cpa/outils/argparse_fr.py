"""argparse en français : aide, usage et erreurs de la bibliothèque standard traduits.

argparse traduit ses propres textes par gettext (`argparse._`, `argparse.ngettext`). Plutôt que
d'installer un catalogue pour tout le processus, `AnalyseurFr` remplace ces deux fonctions le temps
de chacune de ses opérations (construction, analyse, aide, erreur) et les rétablit ensuite : les
autres analyseurs du même processus (pytest…) restent tels quels.

    analyseur = AnalyseurFr(prog="openfisca-cpa", description="…", version="0.1.0")
    sous = analyseur.add_subparsers(dest="commande", required=True)
    sous.add_parser("simuler", help="…")
    ajouter_exemples(analyseur, {"simuler": "openfisca-cpa simuler population.parquet -o r.parquet"})
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools

#: Textes d'argparse (Python 3.11 à 3.13) et leur traduction ; les gabarits %-format sont gardés.
TRADUCTIONS = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels",
    "optional arguments": "options",
    "options": "options",
    "subcommands": "sous-commandes",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r (%(type)s attendu)",
    "expected one argument": "un argument attendu",
    "expected at most one argument": "au plus un argument attendu",
    "expected at least one argument": "au moins un argument attendu",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "commande inconnue %(parser_name)r (choix : %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "unexpected option string: %s": "option inattendue : %s",
    "%r is not callable": "%r n'est pas appelable",
}

#: Textes au pluriel (ngettext) : (singulier, pluriel) → (singulier, pluriel).
TRADUCTIONS_PLURIEL = {
    ("expected %s argument", "expected %s arguments"): ("%s argument attendu", "%s arguments attendus"),
    ("conflicting option string: %s", "conflicting option strings: %s"): (
        "option en conflit : %s",
        "options en conflit : %s",
    ),
}


def traduire(texte: str) -> str:
    return TRADUCTIONS.get(texte, texte)


def traduire_pluriel(singulier: str, pluriel: str, nombre: int) -> str:
    fr = TRADUCTIONS_PLURIEL.get((singulier, pluriel))
    if fr is None:
        return singulier if nombre == 1 else pluriel
    return fr[0] if nombre <= 1 else fr[1]


@contextlib.contextmanager
def en_francais():
    """Le temps du bloc, argparse parle français (fonctions de traduction du module remplacées)."""
    avant = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = traduire, traduire_pluriel
    try:
        yield
    finally:
        argparse._, argparse.ngettext = avant


def entier(texte: str) -> int:
    return int(texte)


entier.__name__ = "nombre entier"


def decimal(texte: str) -> float:
    return float(texte)


decimal.__name__ = "nombre"


def date_iso(texte: str) -> datetime.date:
    return datetime.date.fromisoformat(texte)


date_iso.__name__ = "date AAAA-MM-JJ"

#: Noms français des types simples, cités par « valeur invalide : … (nombre entier attendu) ».
TYPES = {int: entier, float: decimal, datetime.date.fromisoformat: date_iso}


def _en_francais(methode):
    @functools.wraps(methode)
    def enveloppe(*args, **kwargs):
        with en_francais():
            return methode(*args, **kwargs)

    return enveloppe


class FormateurFr(argparse.RawDescriptionHelpFormatter):
    """Titres de section à la française (« options : ») ; épilogues et descriptions gardés tels quels."""

    def start_section(self, heading):
        super().start_section(f"{heading} " if heading else heading)


class AnalyseurFr(argparse.ArgumentParser):
    """ArgumentParser entièrement en français ; `version=` ajoute --version ; épilogues mis en forme tels quels.

    Les sous-commandes créées par `add_subparsers().add_parser` sont aussi des AnalyseurFr.
    """

    def __init__(self, *args, version: str | None = None, **kwargs):
        kwargs.setdefault("formatter_class", FormateurFr)
        with en_francais():
            super().__init__(*args, **kwargs)
            if version is not None:
                self.add_argument(
                    "--version", action="version", version=f"%(prog)s {version}", help="afficher la version et quitter"
                )

    def parse_known_args(self, args=None, namespace=None):
        for action in self._actions:
            if action.type in TYPES:
                action.type = TYPES[action.type]
        with en_francais():
            return super().parse_known_args(args, namespace)

    parse_args = _en_francais(argparse.ArgumentParser.parse_args)
    add_subparsers = _en_francais(argparse.ArgumentParser.add_subparsers)
    add_argument = _en_francais(argparse.ArgumentParser.add_argument)
    format_usage = _en_francais(argparse.ArgumentParser.format_usage)
    format_help = _en_francais(argparse.ArgumentParser.format_help)
    error = _en_francais(argparse.ArgumentParser.error)


def sous_commandes(analyseur: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Les sous-commandes d'un analyseur, par nom."""
    trouvees = {}
    for action in analyseur._actions:
        if isinstance(action, argparse._SubParsersAction):
            trouvees.update(action.choices)
    return trouvees


def ajouter_exemples(analyseur: argparse.ArgumentParser, exemples: dict[str, str]) -> argparse.ArgumentParser:
    """Un exemple sous l'aide de chaque sous-commande (« Exemple : » puis la ligne de commande)."""
    for nom, sous in sous_commandes(analyseur).items():
        exemple = exemples.get(nom)
        if exemple and not sous.epilog:
            lignes = "\n".join(f"  {ligne}" for ligne in exemple.strip().splitlines())
            sous.epilog = f"Exemple{'s' if exemple.strip().count(chr(10)) else ''} :\n{lignes}"
    return analyseur
