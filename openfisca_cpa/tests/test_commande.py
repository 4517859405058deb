"""La commande `openfisca-cpa` parle français : aide, usage, erreurs d'argparse, --version, exemples."""

import argparse
import ast
import gettext
import subprocess
import sys
from pathlib import Path

import pytest

from openfisca_cpa import commande
from openfisca_cpa.outils import argparse_fr
from openfisca_cpa.population import cli
from openfisca_cpa.projet import VERSION

#: Textes anglais d'argparse qui ne doivent jamais apparaître.
ANGLAIS = (
    "usage:",
    "positional arguments",
    "optional arguments",
    "options:",
    "show this help message and exit",
    "show program's version",
    "error:",
    "the following arguments are required",
    "invalid choice",
    "choose from",
    "unrecognized arguments",
    "expected one argument",
    "invalid int value",
    "invalid float value",
)


def _lancer(capsys, *arguments):
    with pytest.raises(SystemExit) as sortie:
        cli.main(list(arguments))
    lu = capsys.readouterr()
    return sortie.value.code, lu.out, lu.err


def _sans_anglais(texte):
    for anglais in ANGLAIS:
        assert anglais not in texte, (anglais, texte)


def test_version_lue_dans_les_metadonnees(capsys):
    code, sortie, _ = _lancer(capsys, "--version")
    assert (code, sortie) == (0, f"openfisca-cpa {VERSION}\n")
    from importlib.metadata import version

    assert version("openfisca-cpa") == VERSION


def test_aide_principale_en_francais(capsys):
    code, sortie, _ = _lancer(capsys, "--help")
    assert code == 0
    _sans_anglais(sortie)
    for attendu in ("utilisation : openfisca-cpa", "arguments positionnels :", "options :", "afficher cette aide"):
        assert attendu in sortie
    assert "--version" in sortie and "afficher la version et quitter" in sortie


@pytest.mark.parametrize("nom", sorted(argparse_fr.sous_commandes(cli.analyseur())))
def test_chaque_commande_a_une_aide_francaise_et_un_exemple(capsys, nom):
    code, sortie, _ = _lancer(capsys, nom, "--help")
    assert code == 0
    _sans_anglais(sortie)
    assert sortie.startswith(f"utilisation : openfisca-cpa {nom}")
    exemple = sortie.split("Exemple")[1]
    assert f"openfisca-cpa {nom}" in exemple


@pytest.mark.parametrize(
    ("arguments", "attendu"),
    [
        ((), "openfisca-cpa : erreur : arguments obligatoires manquants : COMMANDE"),
        (("inconnue",), "argument COMMANDE : choix invalide : 'inconnue' (choisir parmi 'generer'"),
        (("colonnes", "--en-trop"), "openfisca-cpa : erreur : arguments non reconnus : --en-trop"),
        (("generer",), "openfisca-cpa generer : erreur : arguments obligatoires manquants : -o/--sortie"),
        (("generer", "-o", "x.parquet", "-n", "mille"), "valeur invalide : 'mille' (nombre entier attendu)"),
        (("generer", "-o", "x.parquet", "--forme", "ronde"), "choix invalide : 'ronde' (choisir parmi 'longue'"),
        (("generer", "-o"), "argument -o/--sortie : un argument attendu"),
    ],
)
def test_erreurs_d_argparse_en_francais(capsys, arguments, attendu):
    code, sortie, erreur = _lancer(capsys, *arguments)
    assert code == 2 and sortie == ""
    assert erreur.startswith("utilisation : openfisca-cpa")
    assert attendu in erreur
    _sans_anglais(erreur)


def test_argparse_retabli_pour_les_autres_analyseurs(capsys):
    """La traduction ne vaut que le temps d'une opération d'AnalyseurFr : argparse reste intact ailleurs."""
    _lancer(capsys, "--help")
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert "usage:" in argparse.ArgumentParser(prog="autre").format_usage()


# Erreurs de programmation (jamais vues par un utilisateur de la commande) : non traduites.
ERREURS_DU_PROGRAMMEUR = {
    "'required' is an invalid argument for positionals",
    'argument "-" with mode %r',
    "cannot merge actions - two groups are named %r",
    "cannot have multiple subparser arguments",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "mutually exclusive arguments must be optional",
    ".__call__() not defined",
}


def test_tous_les_textes_d_argparse_sont_traduits():
    """Chaque texte passé à _() ou ngettext() dans l'argparse de ce Python a sa traduction."""
    arbre = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    simples, pluriels = set(), set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Name):
            textes = [a.value for a in noeud.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if noeud.func.id == "_" and textes:
                simples.add(textes[0])
            elif noeud.func.id == "ngettext" and len(textes) >= 2:
                pluriels.add((textes[0], textes[1]))
    manquants = simples - set(argparse_fr.TRADUCTIONS) - ERREURS_DU_PROGRAMMEUR
    assert not manquants
    assert not pluriels - set(argparse_fr.TRADUCTIONS_PLURIEL)


@pytest.mark.parametrize(
    ("module", "arguments", "attendu"),
    [
        ("fraicheur", ["--date", "demain"], "valeur invalide : 'demain' (date AAAA-MM-JJ attendu)"),
        ("apercu", [], "l'un des arguments --parametres --revision est obligatoire"),
        ("verification", ["--inconnue"], "arguments non reconnus : --inconnue"),
    ],
)
def test_outils_des_juristes_en_francais(capsys, module, arguments, attendu):
    import importlib

    outil = importlib.import_module(f"openfisca_cpa.outils.{module}")
    with pytest.raises(SystemExit) as sortie:
        outil.main(arguments)
    erreur = capsys.readouterr().err
    assert sortie.value.code == 2 and attendu in erreur
    _sans_anglais(erreur)


def test_message_clair_sans_les_outils_de_population():
    """Sans l'extra `population` (pandas absent), la commande dit quoi installer ; --version répond."""
    script = (
        "import sys; sys.modules['pandas'] = None; sys.modules['pyarrow'] = None\n"
        "from openfisca_cpa.commande import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    sans = subprocess.run(
        [sys.executable, "-c", script, "simuler", "p.csv"], capture_output=True, text=True, check=False
    )
    assert sans.returncode == commande.CODE_EXTRA_MANQUANT
    assert "pip install 'openfisca-cpa[population]'" in sans.stderr
    assert "Traceback" not in sans.stderr
    version = subprocess.run([sys.executable, "-c", script, "--version"], capture_output=True, text=True, check=False)
    assert (version.returncode, version.stdout) == (0, f"openfisca-cpa {VERSION}\n")
