"""Fraîcheur des paramètres : ceux qu'on n'a pas revérifiés depuis plus d'un an, et les valeurs à venir.

Usage : `python -m openfisca_cpa.outils.fraicheur [dossier] [--date AAAA-MM-JJ] [--strict]`.
« Vérifié » = `metadata.last_value_still_valid_on`, la date à laquelle un juriste a constaté que la
dernière valeur était toujours en vigueur. Avec `--strict`, le code de sortie est 1 s'il y a un
paramètre à revoir.
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from pathlib import Path

from openfisca_cpa.outils.argparse_fr import AnalyseurFr
from openfisca_cpa.outils.lecture import (
    afficher_chemin,
    composer,
    date_de,
    dates_des_valeurs,
    enfant,
    est_nul,
    fichiers_parametres,
    position_de,
)
from openfisca_cpa.outils.verification import PARAMETRES


@dataclasses.dataclass(frozen=True)
class ParametreARevoir:
    nom: str
    fichier: str
    ligne: int
    colonne: int
    verifie_le: date | None  # None : date absente ou illisible

    def age_jours(self, aujourd_hui: date) -> int | None:
        return (aujourd_hui - self.verifie_le).days if self.verifie_le else None


@dataclasses.dataclass(frozen=True)
class ValeurAnnoncee:
    nom: str
    fichier: str
    ligne: int
    colonne: int
    date: date
    valeur: str


@dataclasses.dataclass
class Rapport:
    aujourd_hui: date
    limite: date
    a_revoir: list[ParametreARevoir]
    annoncees: list[ValeurAnnoncee]

    def texte(self) -> str:
        lignes = [
            f"Fraîcheur des paramètres au {self.aujourd_hui} "
            f"(à revoir : vérifiés pour la dernière fois avant le {self.limite})",
            "",
            f"Paramètres à revoir : {len(self.a_revoir)}",
        ]
        for p in self.a_revoir:
            quand = (
                f"vérifié le {p.verifie_le}, il y a {p.age_jours(self.aujourd_hui)} jours"
                if p.verifie_le
                else "jamais vérifié (last_value_still_valid_on absent ou illisible)"
            )
            lignes.append(f"  {p.nom} : {quand} — {afficher_chemin(p.fichier)}:{p.ligne}:{p.colonne}")
        lignes += ["", f"Valeurs annoncées pour une date future : {len(self.annoncees)}"]
        for v in self.annoncees:
            lignes.append(
                f"  {v.nom} : {v.valeur} à partir du {v.date} — {afficher_chemin(v.fichier)}:{v.ligne}:{v.colonne}"
            )
        if not self.a_revoir:
            lignes += ["", "Tous les paramètres ont été vérifiés il y a moins d'un an."]
        return "\n".join(lignes)


def un_an_avant(jour: date) -> date:
    """Le même jour un an plus tôt (le 29 février devient le 28)."""
    try:
        return jour.replace(year=jour.year - 1)
    except ValueError:
        return jour.replace(year=jour.year - 1, day=28)


def rapport_fraicheur(dossier: str | Path = PARAMETRES, aujourd_hui: date | None = None) -> Rapport:
    aujourd_hui = aujourd_hui or date.today()
    limite = un_an_avant(aujourd_hui)
    a_revoir, annoncees = [], []
    for chemin, nom in fichiers_parametres(dossier):
        racine, _ = composer(chemin)
        if racine is None:
            continue  # syntaxe invalide : c'est le travail de la vérification
        meta = enfant(racine, "metadata")
        noeud = enfant(meta, "last_value_still_valid_on")
        verifie_le = date_de(noeud)
        if verifie_le is None or verifie_le < limite:
            ligne, colonne = position_de(noeud if noeud is not None else meta if meta is not None else racine)
            a_revoir.append(ParametreARevoir(nom, str(chemin), ligne, colonne, verifie_le))
        for jour, cle, valeur in dates_des_valeurs(racine):
            if jour > aujourd_hui:
                ligne, colonne = position_de(cle)
                texte = "null (suppression)" if est_nul(valeur) else str(getattr(valeur, "value", valeur))
                annoncees.append(ValeurAnnoncee(nom, str(chemin), ligne, colonne, jour, texte))
    a_revoir.sort(key=lambda p: (p.verifie_le or date.min, p.nom))
    annoncees.sort(key=lambda v: (v.date, v.nom))
    return Rapport(aujourd_hui, limite, a_revoir, annoncees)


def main(argv: list[str] | None = None) -> int:
    analyseur = AnalyseurFr(
        prog="python -m openfisca_cpa.outils.fraicheur",
        description="Liste les paramètres vérifiés il y a plus d'un an et les valeurs annoncées pour une date future.",
    )
    analyseur.add_argument("dossier", nargs="?", default=str(PARAMETRES), help="dossier des paramètres")
    analyseur.add_argument("--date", type=date.fromisoformat, default=None, help="date du jour (AAAA-MM-JJ)")
    analyseur.add_argument("--strict", action="store_true", help="code de sortie 1 s'il y a un paramètre à revoir")
    arguments = analyseur.parse_args(argv)
    rapport = rapport_fraicheur(arguments.dossier, arguments.date)
    print(rapport.texte())
    return 1 if arguments.strict and rapport.a_revoir else 0


if __name__ == "__main__":
    sys.exit(main())
