"""Réformes paramétriques décrites en YAML, appliquées par le mécanisme de réforme d'openfisca-core.

Exemple de fichier ::

    nom: CPF à 600 €
    description: Le crédit annuel d'un salarié passe de 500 € à 600 € à partir de 2027.
    modifications:
      - parametre: cpf.euros.salarie.credit_annuel
        depuis: 2027-01-01
        valeur: 600
      - parametre: cpf.euros.salarie.plafond
        depuis: 2027-01-01
        jusqu_au: 2029-12-31   # facultatif
        valeur: 6000

Chaque modification appelle ``parametre.update(start=..., stop=..., value=...)`` dans
``Reform.modify_parameters`` : le système de base n'est jamais modifié.
"""

import copy
from datetime import date, datetime
from pathlib import Path

import yaml
from openfisca_core import periods
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.reforms import Reform

from openfisca_cpa.commun.yaml_sur import AliasRefuseError, charger
from openfisca_cpa.population.erreurs import ErreurReforme, plus_proche

CLES = {"nom", "description", "modifications"}
CLES_MODIFICATION = {"parametre", "depuis", "valeur", "jusqu_au"}


def feuilles(noeud, prefixe=""):
    """{chemin: paramètre} de toutes les feuilles (les barèmes comptent comme des feuilles)."""
    resultat = {}
    for nom, enfant in noeud.children.items():
        chemin = f"{prefixe}{nom}"
        if isinstance(enfant, ParameterNode):
            resultat.update(feuilles(enfant, chemin + "."))
        else:
            resultat[chemin] = enfant
    return resultat


def _date(valeur, chemin, cle, fichier):
    if isinstance(valeur, datetime):
        return valeur.date()
    if isinstance(valeur, date):
        return valeur
    try:
        return date.fromisoformat(str(valeur))
    except ValueError:
        raise ErreurReforme(
            "date invalide",
            fichier=fichier,
            colonne=f"{chemin}.{cle}",
            valeur=valeur,
            attendu="une date AAAA-MM-JJ, par exemple 2027-01-01",
        ) from None


def _type_attendu(parametre):
    types = {type(v.value) for v in parametre.values_list if v.value is not None}
    if types <= {bool} and types:
        return bool
    if types <= {int, float} and types:
        return float
    if types <= {str} and types:
        return str
    return None


def valider_reforme(definition, systeme, fichier=None):
    """Vérifie une définition de réforme ; renvoie sa forme normalisée (dates en texte ISO)."""
    if not isinstance(definition, dict):
        raise ErreurReforme(
            "le fichier de réforme doit être un dictionnaire",
            fichier=fichier,
            attendu="les clés nom, description et modifications",
        )
    for cle in definition:
        if cle not in CLES:
            raise ErreurReforme(
                "clé inconnue",
                fichier=fichier,
                colonne=str(cle),
                attendu="nom, description ou modifications",
                suggestion=plus_proche(str(cle), CLES),
            )
    nom = definition.get("nom")
    if not isinstance(nom, str) or not nom.strip():
        raise ErreurReforme("nom de la réforme manquant", fichier=fichier, colonne="nom", attendu="un texte")
    modifications = definition.get("modifications")
    if not isinstance(modifications, list) or not modifications:
        raise ErreurReforme(
            "aucune modification",
            fichier=fichier,
            colonne="modifications",
            attendu="une liste de {parametre, depuis, valeur}",
        )
    parametres = feuilles(systeme.parameters)
    normalisees = []
    for rang, modification in enumerate(modifications, start=1):
        chemin = f"modifications[{rang}]"
        if not isinstance(modification, dict):
            raise ErreurReforme(
                "modification mal formée",
                fichier=fichier,
                colonne=chemin,
                attendu="un dictionnaire {parametre, depuis, valeur}",
            )
        for cle in modification:
            if cle not in CLES_MODIFICATION:
                raise ErreurReforme(
                    "clé inconnue",
                    fichier=fichier,
                    colonne=f"{chemin}.{cle}",
                    attendu="parametre, depuis, valeur ou jusqu_au",
                    suggestion=plus_proche(str(cle), CLES_MODIFICATION),
                )
        for cle in ("parametre", "depuis", "valeur"):
            if cle not in modification:
                raise ErreurReforme(f"clé « {cle} » manquante", fichier=fichier, colonne=chemin)
        nom_parametre = str(modification["parametre"])
        parametre = parametres.get(nom_parametre)
        if parametre is None:
            noeud = _noeud(systeme.parameters, nom_parametre)
            if noeud is not None:
                enfants = ", ".join(sorted(noeud.children))
                raise ErreurReforme(
                    f"« {nom_parametre} » est un nœud, pas un paramètre",
                    fichier=fichier,
                    colonne=f"{chemin}.parametre",
                    attendu=f"l'un de ses paramètres : {enfants}",
                )
            raise ErreurReforme(
                f"paramètre inconnu « {nom_parametre} »",
                fichier=fichier,
                colonne=f"{chemin}.parametre",
                attendu="le chemin pointé d'un paramètre du modèle (par exemple cpf.euros.salarie.credit_annuel)",
                suggestion=plus_proche(nom_parametre, parametres),
            )
        if not isinstance(parametre, Parameter):
            raise ErreurReforme(
                f"« {nom_parametre} » est un barème : seules les valeurs simples sont prises en charge",
                fichier=fichier,
                colonne=f"{chemin}.parametre",
            )
        depuis = _date(modification["depuis"], chemin, "depuis", fichier)
        jusqu_au = modification.get("jusqu_au")
        if jusqu_au is not None:
            jusqu_au = _date(jusqu_au, chemin, "jusqu_au", fichier)
            if jusqu_au < depuis:
                raise ErreurReforme(
                    "fin avant le début",
                    fichier=fichier,
                    colonne=f"{chemin}.jusqu_au",
                    valeur=jusqu_au.isoformat(),
                    attendu=f"une date postérieure au {depuis.isoformat()}",
                )
        valeur = modification["valeur"]
        attendu = _type_attendu(parametre)
        unite = parametre.metadata.get("unit", "")
        if attendu is bool and not isinstance(valeur, bool):
            raise ErreurReforme(
                "type de valeur incorrect",
                fichier=fichier,
                colonne=f"{chemin}.valeur",
                valeur=valeur,
                attendu=f"un booléen (true ou false) pour {nom_parametre}",
            )
        if attendu is float and (isinstance(valeur, bool) or not isinstance(valeur, int | float)):
            raise ErreurReforme(
                "type de valeur incorrect",
                fichier=fichier,
                colonne=f"{chemin}.valeur",
                valeur=valeur,
                attendu=f"un nombre ({unite}) pour {nom_parametre}",
            )
        if attendu is str and not isinstance(valeur, str):
            raise ErreurReforme(
                "type de valeur incorrect",
                fichier=fichier,
                colonne=f"{chemin}.valeur",
                valeur=valeur,
                attendu=f"un texte pour {nom_parametre}",
            )
        normalisees.append(
            {
                "parametre": nom_parametre,
                "depuis": depuis.isoformat(),
                "jusqu_au": jusqu_au.isoformat() if jusqu_au else None,
                "valeur": valeur,
                "valeur_precedente": _valeur_a(parametre, depuis),
                "unite": unite,
            }
        )
    return {
        "nom": nom.strip(),
        "description": str(definition.get("description") or "").strip(),
        "modifications": normalisees,
    }


def _valeur_a(parametre, jour):
    for valeur in parametre.values_list:
        if valeur.instant_str <= jour.isoformat():
            return valeur.value
    return None


def _noeud(racine, chemin):
    noeud = racine
    for morceau in chemin.split("."):
        if not isinstance(noeud, ParameterNode) or morceau not in noeud.children:
            return None
        noeud = noeud.children[morceau]
    return noeud if isinstance(noeud, ParameterNode) else None


def lire_reforme(chemin, systeme):
    """Lit et valide un fichier YAML de réforme ; renvoie la définition normalisée."""
    chemin = Path(chemin)
    if not chemin.exists():
        raise ErreurReforme("fichier introuvable", code="fichier_introuvable", fichier=str(chemin))
    try:
        definition = charger(chemin.read_text(encoding="utf-8"))
    except AliasRefuseError as exc:
        # Refusé avant d'être développé : une « bombe » d'alias ne remplit pas la mémoire.
        raise ErreurReforme(
            f"alias YAML « *{exc.nom} » refusé : un fichier de réforme n'utilise ni ancre (&) ni alias (*)",
            code="yaml_alias",
            fichier=f"{chemin}:{exc.ligne}:{exc.colonne}",
            attendu="la valeur recopiée à cet endroit",
        ) from None
    except UnicodeDecodeError as exc:
        # Un fichier binaire (un Parquet donné à la place du YAML) : erreur nommée, pas de trace Python.
        raise ErreurReforme(
            f"fichier de réforme illisible : pas un texte UTF-8 (octet {exc.start})",
            code="fichier_illisible",
            fichier=str(chemin),
            attendu="un fichier YAML de réforme en UTF-8",
        ) from None
    except yaml.YAMLError as exc:
        ligne = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ErreurReforme(
            f"YAML illisible ({getattr(exc, 'problem', exc)})",
            fichier=str(chemin),
            ligne=None if ligne is None else ligne + 1,
        ) from None
    return valider_reforme(definition, systeme, fichier=str(chemin))


def construire_reforme(systeme, definition):
    """Le système réformé (openfisca-core Reform + modify_parameters) d'une définition validée."""
    modifications = copy.deepcopy(definition["modifications"])

    def modifier(parametres):
        for modification in modifications:
            noeud = parametres
            for morceau in modification["parametre"].split("."):
                noeud = noeud.children[morceau]
            stop = modification.get("jusqu_au")
            noeud.update(
                start=periods.instant(modification["depuis"]),
                stop=periods.instant(stop) if stop else None,
                value=modification["valeur"],
            )
        return parametres

    class ReformeYaml(Reform):
        name = definition["nom"]

        def apply(self):
            self.modify_parameters(modifier_function=modifier)

    return ReformeYaml(systeme)
