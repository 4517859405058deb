"""Erreurs des simulations de population : un message français qui dit où, quoi et ce qui était attendu."""

import difflib


class ErreurPopulation(Exception):  # noqa: N818 (nom français)
    """Fichier de population ou de réforme invalide.

    `code` est un identifiant stable (pour les scripts), `message` une phrase française complète.
    """

    code = "population_invalide"

    def __init__(
        self,
        message,
        *,
        code=None,
        fichier=None,
        colonne=None,
        ligne=None,
        valeur=None,
        attendu=None,
        suggestion=None,
    ):
        self.fichier = fichier
        self.colonne = colonne
        self.ligne = ligne
        self.valeur = valeur
        self.attendu = attendu
        self.suggestion = suggestion
        if code:
            self.code = code
        morceaux = []
        if fichier:
            morceaux.append(f"{fichier}")
        if ligne is not None:
            morceaux.append(f"ligne {ligne}")
        if colonne:
            morceaux.append(f"colonne « {colonne} »")
        lieu = ", ".join(morceaux)
        texte = f"{lieu} : {message}" if lieu else message
        if valeur is not None:
            texte += f" (valeur lue : « {valeur} »)"
        if attendu:
            texte += f" ; attendu : {attendu}"
        if suggestion:
            texte += f". Vouliez-vous dire « {suggestion} » ?"
        elif not texte.endswith("."):
            texte += "."
        self.message = texte
        super().__init__(texte)


class ErreurReforme(ErreurPopulation):
    """Fichier de réforme invalide (paramètre inconnu, type de valeur, date…)."""

    code = "reforme_invalide"


def plus_proche(nom, candidats):
    """Le candidat le plus proche de `nom`, ou None s'il n'y en a aucun de vraisemblable."""
    proches = difflib.get_close_matches(nom, list(candidats), n=1, cutoff=0.6)
    return proches[0] if proches else None
