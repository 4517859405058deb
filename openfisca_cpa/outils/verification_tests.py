"""Vérification des tests YAML (format `openfisca test`) : chaque problème avec `fichier:ligne:colonne`, en français.

Usage : `python -m openfisca_cpa.outils.verification_tests [fichier ou dossier…]` (par défaut : openfisca_cpa/tests).
Contrôle la syntaxe YAML, les clés d'un test, la présence de `output`, la forme des périodes et
l'existence des variables citées (avec le nom le plus proche en cas de faute de frappe). Ne calcule
rien : pour exécuter les tests, `openfisca test`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openfisca_core import periods
from openfisca_core.tools.test_runner import TEST_KEYWORDS

from openfisca_cpa.outils.argparse_fr import AnalyseurFr
from openfisca_cpa.outils.lecture import (
    BOOLEEN,
    ENTIER,
    REEL,
    Lecteur,
    Probleme,
    composer,
    enfant,
    est_dict,
    est_liste,
    est_scalaire,
    paires,
    plus_proche,
)
from openfisca_cpa.outils.verification import formater

TESTS = Path(__file__).resolve().parents[1] / "tests"
#: Clés interdites par la maison (style.md §10) : elles masquent une récursion coupée.
CLES_INTERDITES = {"max_spiral_loops": "retirez-la : elle masque un solde qui s'appelle lui-même (style.md §10)"}


def verifier_tests(chemins: list[str | Path] | None = None, systeme=None) -> list[Probleme]:
    if systeme is None:
        from openfisca_cpa import CountryTaxBenefitSystem

        systeme = CountryTaxBenefitSystem()
    noms = set(systeme.variables)
    entites = {e.key for e in systeme.entities} | {e.plural for e in systeme.entities}
    problemes: list[Probleme] = []
    for fichier in _fichiers(chemins or [TESTS]):
        racine, erreurs = composer(fichier)
        problemes += erreurs
        if racine is None:
            continue
        lec = Lecteur(fichier)
        tests = racine.value if est_liste(racine) else [racine]
        for test in tests:
            _verifier_test(lec, test, noms, entites)
        problemes += lec.problemes
    return sorted(set(problemes))


def _fichiers(chemins) -> list[Path]:
    fichiers = []
    for chemin in map(Path, chemins):
        if chemin.is_dir():
            fichiers += sorted([*chemin.rglob("*.yaml"), *chemin.rglob("*.yml")])
        else:
            fichiers.append(chemin)
    return fichiers


def _verifier_test(lec: Lecteur, test, noms: set[str], entites: set[str]) -> None:
    if not est_dict(test):
        lec.signaler(
            test,
            "un test doit être un bloc de clés (name, period, input, output)",
            "commencez le test par « - name: … »",
        )
        return
    for cle, _ in paires(test):
        if cle.value in CLES_INTERDITES:
            lec.signaler(cle, f"clé « {cle.value} » interdite", CLES_INTERDITES[cle.value])
        elif cle.value not in TEST_KEYWORDS:
            proche = plus_proche(str(cle.value), TEST_KEYWORDS)
            lec.signaler(
                cle,
                f"clé « {cle.value} » inconnue dans un test",
                f"vouliez-vous dire « {proche} » ?"
                if proche
                else "clés permises : " + ", ".join(sorted(TEST_KEYWORDS)),
            )
    if enfant(test, "name") is None:
        lec.avertir(test, "test sans name", 'ajoutez « name: "…" » : la règle testée et son article')
    periode = enfant(test, "period")
    if periode is not None:
        _verifier_periode(lec, periode)
    if enfant(test, "output") is None:
        lec.signaler(
            test, "test sans output : openfisca test le refuserait", "ajoutez « output: » et les valeurs attendues"
        )
    marge = enfant(test, "absolute_error_margin")
    if marge is not None and not (est_scalaire(marge) and marge.tag in (ENTIER, REEL)):
        lec.signaler(
            marge,
            f"absolute_error_margin « {getattr(marge, 'value', '')} » doit être un nombre",
            "par exemple 0.01 pour des euros",
        )
    for section in ("input", "output"):
        bloc = enfant(test, section)
        if bloc is not None and not est_dict(bloc):
            lec.signaler(
                bloc, f"{section} doit contenir des variables (« nom: valeur »)", "indentez les variables sous la clé"
            )
            continue
        for cle, valeur in paires(bloc):
            nom = str(cle.value)
            if nom in entites:
                _verifier_entite(lec, valeur, noms, section)
            else:
                _verifier_variable(lec, cle, valeur, noms, section)


def _verifier_entite(lec: Lecteur, bloc, noms, section) -> None:
    """individus: {alice: {variable: valeur}} ou individu: {variable: valeur}."""
    for cle, valeur in paires(bloc):
        if str(cle.value) in noms:
            _verifier_variable(lec, cle, valeur, noms, section)
        else:
            for sous_cle, sous_valeur in paires(valeur):
                _verifier_variable(lec, sous_cle, sous_valeur, noms, section)


def _verifier_variable(lec: Lecteur, cle, valeur, noms, section) -> None:
    nom = str(cle.value)
    if nom not in noms:
        proche = plus_proche(nom, noms)
        lec.signaler(
            cle,
            f"variable « {nom} » inconnue dans {section}",
            f"vouliez-vous dire « {proche} » ?" if proche else "voir la liste sur /navigateur/variables/",
        )
        return
    if est_dict(valeur):  # valeurs par période : {2019: 500, 2020: 500}
        for periode, _ in paires(valeur):
            _verifier_periode(lec, periode)
    elif est_scalaire(valeur) and valeur.tag not in (ENTIER, REEL, BOOLEEN) and section == "output":
        texte = str(valeur.value)
        if any(c.isdigit() for c in texte) and not texte.replace(".", "").isdigit():
            lec.avertir(
                valeur, f"valeur attendue « {texte} » écrite comme un texte", "écrivez un nombre, sans unité ni espace"
            )


def _verifier_periode(lec: Lecteur, noeud) -> None:
    texte = str(getattr(noeud, "value", ""))
    try:
        periods.period(texte)
    except Exception:
        lec.signaler(
            noeud,
            f"période « {texte} » invalide",
            "écrivez une année (2027), un mois (2027-03) ou un jour (2027-03-15)",
        )


def main(argv: list[str] | None = None) -> int:
    analyseur = AnalyseurFr(
        prog="python -m openfisca_cpa.outils.verification_tests",
        description="Vérifie les tests YAML sans les exécuter et signale chaque problème avec fichier:ligne:colonne.",
    )
    analyseur.add_argument("chemins", nargs="*", default=[str(TESTS)], help="fichiers ou dossiers de tests YAML")
    arguments = analyseur.parse_args(argv)
    problemes = verifier_tests(arguments.chemins)
    print(formater(problemes, len(_fichiers(arguments.chemins)), valides="Tests valides"))
    return 1 if any(p.bloquant for p in problemes) else 0


if __name__ == "__main__":
    sys.exit(main())
