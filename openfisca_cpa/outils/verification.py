"""Vérification des fichiers de paramètres : chaque problème avec `fichier:ligne:colonne`, en français.

Usage : `python -m openfisca_cpa.outils.verification [dossier]` (par défaut, les paramètres du paquet).
Tous les problèmes sont listés d'un coup, triés par fichier et par ligne ; le code de sortie est 1
s'il y a au moins une erreur. Les avertissements (étiquette anglaise absente, enfant oublié dans
`order`…) ne font pas échouer la vérification.

Après ses propres contrôles, l'outil charge le dossier avec openfisca-core, comme le fera le modèle,
et rattache au fichier concerné ce que le cœur refuserait encore.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
import unicodedata
from datetime import date
from pathlib import Path

from openfisca_cpa.commun.yaml_sur import charger
from openfisca_cpa.outils.argparse_fr import AnalyseurFr
from openfisca_cpa.outils.lecture import (
    BOOLEEN,
    DATE,
    ENTIER,
    REEL,
    Lecteur,
    Probleme,
    afficher_chemin,
    cle_de,
    composer,
    conseil_date,
    date_de,
    enfant,
    est_dict,
    est_liste,
    est_nul,
    est_scalaire,
    paires,
    plus_proche,
    texte,
)

PAQUET = Path(__file__).resolve().parents[1]
PARAMETRES = PAQUET / "parameters"
UNITES = PAQUET / "units.yaml"

#: Clés permises à la racine d'un fichier de paramètre, d'un barème et d'un index.yaml.
CLES_PARAMETRE = ("description", "metadata", "documentation", "values")
CLES_BAREME = ("description", "metadata", "documentation", "brackets")
CLES_INDEX = ("description", "metadata", "documentation")
#: Clés de `metadata` : obligatoires, puis facultatives.
META_OBLIGATOIRES = ("short_label", "unit", "reference", "last_value_still_valid_on")
META_FACULTATIVES = ("label_en", "official_journal_date", "notes")
META_BAREME = ("threshold_unit", "amount_unit", "rate_unit", "type")
META_INDEX = ("short_label", "label_en", "order", "reference", "notes")
#: Composantes d'une tranche de barème, et la clé de metadata qui donne leur unité.
CLES_TRANCHE = {
    "threshold": "threshold_unit",
    "amount": "amount_unit",
    "rate": "rate_unit",
    "average_rate": "rate_unit",
    "base": "threshold_unit",
}
CLES_REFERENCE = ("title", "href")
URL_HTTPS = re.compile(r"^https://[^\s/]+\.[^\s]+$")
URLS_INTERDITES = ("affichCodeArticle", "jsessionid")
NOM_VALIDE = re.compile(r"^[a-z_][a-z0-9_]*$")

#: Ce qu'écrit spontanément un juriste, et l'unité de units.yaml qui y correspond.
ALIAS_UNITES = {
    "€": "currency-EUR",
    "eur": "currency-EUR",
    "euro": "currency-EUR",
    "euros": "currency-EUR",
    "h": "hour",
    "heure": "hour",
    "heures": "hour",
    "hours": "hour",
    "j": "day",
    "jour": "day",
    "jours": "day",
    "days": "day",
    "%": "/1",
    "taux": "/1",
    "pourcentage": "/1",
    "rate": "/1",
    "an": "year",
    "ans": "year",
    "annee": "year",
    "année": "year",
    "années": "year",
    "years": "year",
    "points": "point",
    "pts": "point",
    "booleen": "bool",
    "booléen": "bool",
    "boolean": "bool",
    "smic": "smic-horaire",
}
VRAI_FAUX = {
    "vrai": "true",
    "faux": "false",
    "oui": "true",
    "non": "false",
    "True": "true",
    "False": "false",
}


class ParametresInvalidesError(Exception):
    """Levée au démarrage (API, `make test`) quand un fichier de paramètres contient une erreur."""

    def __init__(self, problemes: list[Probleme]):
        self.problemes = problemes
        super().__init__("Paramètres invalides :\n" + "\n".join(str(p) for p in problemes))


def lire_unites(chemin: str | Path = UNITES) -> dict[str, str]:
    """Les unités permises (nom -> libellé français) lues dans units.yaml."""
    donnees = charger(Path(chemin).read_text(encoding="utf-8")) or []
    return {u["name"]: u.get("label", "") for u in donnees}


def verifier_parametres(
    dossier: str | Path = PARAMETRES,
    *,
    unites: dict[str, str] | None = None,
    aujourd_hui: date | None = None,
    avec_openfisca: bool = True,
) -> list[Probleme]:
    """Tous les problèmes du dossier de paramètres, triés par fichier, ligne et colonne."""
    dossier = Path(dossier)
    verificateur = _Verificateur(
        unites if unites is not None else lire_unites(),
        aujourd_hui or date.today(),
    )
    if not dossier.is_dir():
        return [
            Probleme(
                str(dossier),
                1,
                1,
                "dossier de paramètres introuvable",
                "donnez le chemin du dossier parameters/",
            )
        ]
    verificateur.verifier_dossier(dossier)
    problemes = verificateur.problemes
    if avec_openfisca:
        problemes += _charger_avec_openfisca(dossier, problemes)
    return sorted(set(problemes))


def verifier_ou_echouer(dossier: str | Path = PARAMETRES, **options) -> list[Probleme]:
    """Pour le démarrage de l'API et `make test` : lève ParametresInvalidesError s'il y a une erreur.

    Renvoie les avertissements, que l'appelant peut journaliser.
    """
    problemes = verifier_parametres(dossier, **options)
    erreurs = [p for p in problemes if p.bloquant]
    if erreurs:
        raise ParametresInvalidesError(erreurs)
    return problemes


class _Verificateur:
    def __init__(self, unites: dict[str, str], aujourd_hui: date):
        self.unites = unites
        self.aujourd_hui = aujourd_hui
        self.problemes: list[Probleme] = []

    # ----- Arborescence ----- #

    def verifier_dossier(self, dossier: Path) -> None:
        fichiers = sorted(p for p in dossier.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))
        sous_dossiers = sorted(p for p in dossier.iterdir() if p.is_dir() and not p.name.startswith("."))
        enfants = {}
        for chemin in [*fichiers, *sous_dossiers]:
            nom = chemin.stem if chemin.is_file() else chemin.name
            if nom == "index":
                continue
            self._verifier_nom(chemin, nom)
            if nom in enfants:
                self.problemes.append(
                    Probleme(
                        str(chemin),
                        1,
                        1,
                        f"« {nom} » existe à la fois comme fichier et comme dossier (ou en .yaml et .yml)",
                        "gardez un seul des deux",
                    )
                )
            enfants[nom] = chemin
        index = dossier / "index.yaml"
        if index.exists():
            self.verifier_index(index, enfants)
        else:
            self.problemes.append(
                Probleme(
                    str(index),
                    1,
                    1,
                    f"le dossier « {dossier.name} » n'a pas de fichier index.yaml",
                    "créez index.yaml avec description, metadata.short_label et metadata.order (voir un dossier voisin)",
                )
            )
        for chemin in fichiers:
            if chemin.stem != "index":
                self.verifier_fichier(chemin)
        for sous_dossier in sous_dossiers:
            self.verifier_dossier(sous_dossier)

    def _verifier_nom(self, chemin: Path, nom: str) -> None:
        if chemin.is_file() and chemin.suffix == ".yml":
            self.problemes.append(
                Probleme(
                    str(chemin),
                    1,
                    1,
                    "extension .yml",
                    f"renommez le fichier en {nom}.yaml, comme les autres",
                    "avertissement",
                )
            )
        if not NOM_VALIDE.match(nom):
            propose = _nom_ascii(nom)
            suffixe = chemin.suffix if chemin.is_file() else ""
            self.problemes.append(
                Probleme(
                    str(chemin),
                    1,
                    1,
                    f"nom « {chemin.name} » invalide : le nom devient l'identifiant du paramètre",
                    f"renommez en « {propose}{suffixe} » (minuscules sans accent, chiffres et _)",
                )
            )

    # ----- index.yaml ----- #

    def verifier_index(self, chemin: Path, enfants: dict[str, Path]) -> None:
        racine, problemes = composer(chemin)
        self.problemes += problemes
        if racine is None:
            return
        lec = Lecteur(chemin)
        if not est_dict(racine):
            lec.signaler(
                racine,
                "un index.yaml doit contenir des clés (description, metadata)",
                "voir l'index.yaml d'un dossier voisin",
            )
            self.problemes += lec.problemes
            return
        self._cles_permises(lec, racine, CLES_INDEX, "à la racine d'un index.yaml")
        self._texte_obligatoire(lec, racine, "description", "le titre du dossier en français")
        meta = self._metadata(lec, racine, META_INDEX)
        if meta is not None:
            self._texte_obligatoire(lec, meta, "short_label", "un libellé court", dans="metadata")
            self._verifier_order(lec, meta, enfants)
        self.problemes += lec.problemes

    def _verifier_order(self, lec: Lecteur, meta, enfants: dict[str, Path]) -> None:
        order = enfant(meta, "order")
        if order is None:
            lec.signaler(
                meta,
                "metadata.order manquant : l'ordre d'affichage des paramètres du dossier",
                "ajoutez « order: » suivi de la liste des noms : " + ", ".join(sorted(enfants)),
            )
            return
        if not est_liste(order):
            lec.signaler(
                order,
                "metadata.order doit être une liste",
                "écrivez un nom par ligne, précédé de « - »",
            )
            return
        vus = set()
        for element in order.value:
            nom = element.value if est_scalaire(element) else None
            if not isinstance(nom, str) or not nom:
                lec.signaler(
                    element, "élément de metadata.order vide ou mal formé", "un nom par ligne, précédé de « - »"
                )
                continue
            if nom in vus:
                lec.signaler(element, f"« {nom} » apparaît deux fois dans metadata.order", "retirez le doublon")
            vus.add(nom)
            if nom not in enfants:
                proche = plus_proche(nom, enfants)
                lec.signaler(
                    element,
                    f"metadata.order cite « {nom} », qui n'existe pas dans ce dossier",
                    f"vouliez-vous dire « {proche} » ?"
                    if proche
                    else "retirez-le, ou créez le fichier " + nom + ".yaml",
                )
        for nom in sorted(set(enfants) - vus):
            lec.avertir(
                order,
                f"« {nom} » n'est pas cité dans metadata.order : il sera affiché en dernier",
                f"ajoutez « - {nom} » à la liste, à sa place",
            )

    # ----- Fichier de paramètre ----- #

    def verifier_fichier(self, chemin: Path) -> None:
        racine, problemes = composer(chemin)
        self.problemes += problemes
        if racine is None:
            return
        lec = Lecteur(chemin)
        if not est_dict(racine):
            lec.signaler(
                racine,
                "un fichier de paramètre doit contenir des clés (description, metadata, values)",
                "voir openfisca_cpa/parameters/cpf/euros/salarie/credit_annuel.yaml",
            )
            self.problemes += lec.problemes
            return
        bareme = enfant(racine, "brackets") is not None
        cles = CLES_BAREME if bareme else CLES_PARAMETRE
        self._cles_permises(lec, racine, cles, "à la racine d'un paramètre")
        self._texte_obligatoire(lec, racine, "description", "une phrase qui décrit le paramètre")
        documentation = enfant(racine, "documentation")
        if documentation is not None and texte(documentation) is None:
            lec.signaler(
                documentation, "documentation doit être un texte", "écrivez « documentation: | » puis le texte indenté"
            )
        meta = self._metadata(lec, racine, META_OBLIGATOIRES + META_FACULTATIVES + (META_BAREME if bareme else ()))
        unites = {}
        if meta is not None:
            self._texte_obligatoire(lec, meta, "short_label", "un libellé court", dans="metadata")
            if texte(enfant(meta, "label_en")) is None:
                lec.avertir(
                    cle_de(meta, "label_en") or meta,
                    "metadata.label_en manquant ou vide",
                    'ajoutez « label_en: "…" », le libellé en anglais',
                )
            if bareme:
                for cle in ("threshold_unit", "amount_unit", "rate_unit"):
                    if enfant(meta, cle) is not None:
                        unites[cle] = self._verifier_unite(lec, meta, cle)
            else:
                unites["unit"] = self._verifier_unite(lec, meta, "unit", obligatoire=True)
            self._verifier_date_de_verification(lec, meta)
        if bareme:
            dates = self._verifier_bareme(lec, racine, unites)
        else:
            dates = self._verifier_values(lec, enfant(racine, "values"), unites.get("unit"), racine)
        if meta is not None:
            self._verifier_references(lec, meta, dates)
            self._verifier_journal_officiel(lec, meta)
        self.problemes += lec.problemes

    def _metadata(self, lec: Lecteur, racine, permises):
        meta = enfant(racine, "metadata")
        if meta is None:
            lec.signaler(
                racine,
                "clé metadata manquante",
                "ajoutez « metadata: » avec short_label, unit, reference et last_value_still_valid_on",
            )
            return None
        if not est_dict(meta):
            lec.signaler(meta, "metadata doit contenir des clés", "indentez short_label, unit… sous « metadata: »")
            return None
        self._cles_permises(lec, meta, permises, "dans metadata")
        return meta

    def _cles_permises(self, lec: Lecteur, noeud, permises, ou: str) -> None:
        for cle, _ in paires(noeud):
            nom = str(cle.value)
            if nom in permises:
                continue
            if (
                nom
                in (
                    "unit",
                    "reference",
                    "label_en",
                    "short_label",
                    "last_value_still_valid_on",
                    "official_journal_date",
                )
                and "metadata" in permises
            ):
                correction = f"déplacez « {nom} » sous « metadata: » (indenté de deux espaces)"
            elif date_de(cle) is not None or nom == "value":
                correction = "les valeurs datées vont sous « values: » (indentées de deux espaces)"
            else:
                proche = plus_proche(nom, permises)
                correction = f"vouliez-vous dire « {proche} » ?" if proche else "clés permises : " + ", ".join(permises)
            lec.signaler(cle, f"clé « {nom} » inattendue {ou}", correction)

    def _texte_obligatoire(self, lec: Lecteur, noeud, cle: str, quoi: str, dans: str = "") -> None:
        valeur = enfant(noeud, cle)
        nom = f"{dans}.{cle}" if dans else cle
        if valeur is None:
            lec.signaler(noeud, f"{nom} manquant", f'ajoutez « {cle}: "…" » : {quoi}')
        elif texte(valeur) is None:
            lec.signaler(
                valeur, f"{nom} doit être un texte non vide", f'écrivez {quoi} entre guillemets : « {cle}: "…" »'
            )

    # ----- Unités ----- #

    def _verifier_unite(self, lec: Lecteur, meta, cle: str, obligatoire: bool = False) -> str | None:
        noeud = enfant(meta, cle)
        permises = ", ".join(f"{nom} ({libelle})" for nom, libelle in self.unites.items())
        if noeud is None:
            if obligatoire:
                lec.signaler(meta, f"metadata.{cle} manquant", f"ajoutez « {cle}: … » ; unités permises : {permises}")
            return None
        nom = str(noeud.value) if est_scalaire(noeud) else ""
        if nom in self.unites:
            return nom
        proche = ALIAS_UNITES.get(nom.strip().lower()) or ALIAS_UNITES.get(nom.strip())
        if proche not in self.unites:
            libelles = {libelle.lower(): u for u, libelle in self.unites.items()}
            proche = plus_proche(nom, self.unites) or libelles.get(plus_proche(nom.lower(), libelles) or "")
        conseil = f"écrivez « {proche} » ({self.unites[proche]}) ; " if proche else ""
        lec.signaler(
            noeud,
            f"unité « {nom} » inconnue de units.yaml",
            f"{conseil}unités permises : {permises}",
        )
        return None

    # ----- Valeurs datées ----- #

    def _verifier_values(self, lec: Lecteur, values, unite, parent) -> dict[date, object]:
        if values is None:
            lec.signaler(parent, "clé values manquante", "ajoutez « values: » puis une date AAAA-MM-JJ et « value: »")
            return {}
        return self._verifier_serie(lec, values, unite, "values")

    def _verifier_serie(self, lec: Lecteur, serie, unite, nom: str) -> dict[date, object]:
        """Une série `date: {value: …}` ; renvoie les dates valides et le nœud de leur clé."""
        if not est_dict(serie):
            lec.signaler(
                serie,
                f"{nom} doit contenir des dates AAAA-MM-JJ, chacune suivie de « value: »",
                "voir openfisca_cpa/parameters/cpf/euros/salarie/credit_annuel.yaml",
            )
            return {}
        dates = {}
        precedente = None  # (clé date, valeur) de l'entrée précédente
        for cle, valeur in paires(serie):
            brut = str(cle.value)
            jour = date_de(cle)
            if jour is None:
                if brut == "value" and precedente is not None and est_nul(precedente[1]):
                    lec.signaler(
                        cle,
                        f"« value » est au niveau des dates au lieu d'être sous la date {precedente[0].value} (ligne {precedente[0].start_mark.line + 1})",
                        "ajoutez deux espaces devant « value: »",
                    )
                elif cle.tag == DATE or re.match(r"^\d{4}-\d{2}-\d{2}$", brut):
                    lec.signaler(cle, f"date « {brut} » inexistante dans le calendrier", "corrigez le jour ou le mois")
                else:
                    lec.signaler(cle, f"date « {brut} » mal écrite dans {nom}", conseil_date(brut))
                precedente = (cle, valeur)
                continue
            if jour in dates:
                # Même date écrite deux fois : déjà signalée comme clé en double (ou 2019-01-01 / "2019-01-01").
                pass
            dates[jour] = cle
            suivante_est_value = _cle_suivante(serie, cle) == "value"
            if est_nul(valeur):
                if not suivante_est_value:
                    lec.signaler(
                        cle,
                        f"la date {jour} n'a pas de valeur",
                        "ajoutez en dessous, indenté de deux espaces, « value: … » (ou « value: null » pour une suppression)",
                    )
            elif est_dict(valeur):
                for sous_cle, _ in paires(valeur):
                    if sous_cle.value != "value":
                        correction = (
                            "les références vont sous metadata.reference, à la même date"
                            if sous_cle.value in ("reference", "metadata", "unit")
                            else "seule « value » est permise sous une date"
                        )
                        lec.signaler(sous_cle, f"clé « {sous_cle.value} » inattendue sous la date {jour}", correction)
                if enfant(valeur, "value") is None:
                    lec.signaler(
                        valeur, f"« value: » manquant sous la date {jour}", "ajoutez « value: … » sous la date"
                    )
                else:
                    self._verifier_type(lec, enfant(valeur, "value"), unite)
            elif est_scalaire(valeur):
                lec.signaler(
                    valeur,
                    f"la valeur du {jour} est écrite sur la ligne de la date",
                    f"écrivez « value: {valeur.value} » sur la ligne suivante, indenté de deux espaces de plus",
                )
                self._verifier_type(lec, valeur, unite)
            else:
                lec.signaler(
                    valeur, f"la date {jour} doit être suivie de « value: … »", "retirez la liste, écrivez « value: … »"
                )
            precedente = (cle, valeur)
        if not paires(serie):
            lec.signaler(serie, f"{nom} ne contient aucune date", "ajoutez une date AAAA-MM-JJ suivie de « value: … »")
        return dates

    def _verifier_type(self, lec: Lecteur, noeud, unite) -> None:
        if est_nul(noeud):
            return  # value: null supprime le paramètre à partir de cette date
        if not est_scalaire(noeud):
            lec.signaler(
                noeud,
                "une valeur doit être un nombre, true/false ou null, pas une liste ni un bloc",
                "écrivez une seule valeur après « value: »",
            )
            return
        brut = noeud.value
        if unite == "bool":
            if noeud.tag != BOOLEEN:
                conseil = VRAI_FAUX.get(brut.strip().strip("'\""))
                lec.signaler(
                    noeud,
                    f"valeur « {brut} » : l'unité bool attend true ou false",
                    f"écrivez {conseil}" if conseil else "écrivez true ou false, sans guillemets",
                )
            return
        if unite == "date":
            if date_de(noeud) is None:
                lec.signaler(noeud, f"valeur « {brut} » : une date est attendue", conseil_date(brut))
            return
        if noeud.tag in (ENTIER, REEL):
            if unite == "/1" and abs(float(_nombre(brut) or 0)) > 1:
                lec.avertir(
                    noeud,
                    f"valeur {brut} supérieure à 1 avec l'unité /1 (taux)",
                    f"un taux s'écrit en fraction ({brut} % → {_format_nombre(float(_nombre(brut)) / 100)}) ; "
                    "si c'est un nombre (de nuits, de fois…), choisissez ou ajoutez dans units.yaml une unité qui convient",
                )
            return
        if noeud.tag == BOOLEEN:
            lec.signaler(
                noeud,
                f"valeur « {brut} » : un nombre est attendu, pas vrai/faux",
                "écrivez un nombre, ou mettez l'unité bool si c'est un interrupteur",
            )
            return
        nombre = _nombre(brut)
        if nombre is not None:
            propose = _format_nombre(nombre / 100) if "%" in brut and unite == "/1" else _format_nombre(nombre)
            if noeud.style in ("'", '"') and re.fullmatch(r"-?\d+(\.\d+)?", brut.strip()):
                message = f"nombre « {brut} » écrit entre guillemets : c'est un texte pour YAML"
                correction = f"écrivez {propose} sans guillemets"
            else:
                message = f"valeur « {brut} » : un nombre est attendu, pas un texte"
                correction = f"écrivez {propose} (point décimal, sans espace ni unité : l'unité est dans metadata.unit)"
            lec.signaler(noeud, message, correction)
        else:
            lec.signaler(
                noeud,
                f"valeur « {brut} » : un nombre est attendu, pas un texte",
                "écrivez un nombre (point décimal, sans unité), ou null pour supprimer le paramètre",
            )

    # ----- Barèmes ----- #

    def _verifier_bareme(self, lec: Lecteur, racine, unites) -> dict[date, object]:
        tranches = enfant(racine, "brackets")
        if not est_liste(tranches):
            lec.signaler(
                tranches, "brackets doit être une liste de tranches", "chaque tranche commence par « - threshold: »"
            )
            return {}
        dates = {}
        for tranche in tranches.value:
            if not est_dict(tranche):
                lec.signaler(
                    tranche, "tranche de barème mal formée", "chaque tranche contient threshold et amount ou rate"
                )
                continue
            self._cles_permises(lec, tranche, tuple(CLES_TRANCHE), "dans une tranche de barème")
            for cle, valeur in paires(tranche):
                if cle.value in CLES_TRANCHE:
                    unite = unites.get(CLES_TRANCHE[cle.value]) or ("/1" if "rate" in cle.value else None)
                    for jour, noeud in self._verifier_serie(lec, valeur, unite, cle.value).items():
                        dates.setdefault(jour, noeud)
        return dates

    # ----- Métadonnées juridiques ----- #

    def _verifier_references(self, lec: Lecteur, meta, dates: dict[date, object]) -> None:
        reference = enfant(meta, "reference")
        if reference is None:
            lec.signaler(
                meta,
                "metadata.reference manquant : chaque valeur datée doit citer son texte",
                "ajoutez « reference: », puis la date de la valeur, puis « - title: … » et « href: https://… »",
            )
            return
        references = {}
        if not est_dict(reference):
            lec.signaler(
                reference,
                "metadata.reference doit être rangée par date de valeur",
                "écrivez la date (AAAA-MM-JJ:) puis, en dessous, « - title: … » et « href: https://… »",
            )
            return
        for cle, liste in paires(reference):
            jour = date_de(cle)
            if jour is None:
                lec.signaler(
                    cle, f"date « {cle.value} » mal écrite dans metadata.reference", conseil_date(str(cle.value))
                )
            else:
                references[jour] = cle
            self._verifier_liste_references(lec, cle, liste, jour or cle.value)
        for jour, cle in sorted(dates.items()):
            if jour not in references:
                lec.signaler(
                    cle,
                    f"pas de référence juridique pour la valeur du {jour}",
                    f"ajoutez sous metadata.reference une entrée {jour}: avec « - title: … » (texte et article) et « href: https://… »",
                )
        connues = ", ".join(str(j) for j in sorted(dates)) or "aucune"
        for jour, cle in sorted(references.items()):
            if dates and jour not in dates:
                lec.signaler(
                    cle,
                    f"la référence du {jour} ne correspond à aucune date de values (dates des valeurs : {connues})",
                    "corrigez la date de la référence, ou ajoutez la valeur à cette date "
                    "(si seul le texte a changé, répétez la même valeur, comme dans cpf/duree_reference/defaut.yaml)",
                )

    def _verifier_liste_references(self, lec: Lecteur, cle, liste, jour) -> None:
        if est_dict(liste):
            lec.signaler(liste, f"la référence du {jour} doit être une liste", "mettez « - » devant « title: »")
            elements = [liste]
        elif est_liste(liste) and liste.value:
            elements = liste.value
        else:
            lec.signaler(
                liste if not est_nul(liste) else cle,
                f"la référence du {jour} est vide",
                "ajoutez en dessous « - title: … » et « href: https://… »",
            )
            return
        for element in elements:
            if not est_dict(element):
                lec.signaler(element, f"référence du {jour} mal formée", "chaque référence a un title et un href")
                continue
            self._cles_permises(lec, element, CLES_REFERENCE, "dans une référence")
            mal_ecrit = any(
                plus_proche(str(c.value), CLES_REFERENCE) == "title"
                for c, _ in paires(element)
                if c.value not in CLES_REFERENCE
            )
            if texte(enfant(element, "title")) is None and not mal_ecrit:
                lec.signaler(
                    cle_de(element, "title") or element,
                    f"référence du {jour} sans title",
                    'ajoutez « title: "Code du travail, art. R6323-1 (décret n° …)" »',
                )
            href = enfant(element, "href")
            adresse = str(href.value).strip() if est_scalaire(href) and not est_nul(href) else ""
            if not adresse:
                lec.signaler(
                    cle_de(element, "href") or element,
                    f"référence du {jour} sans href",
                    "ajoutez « href: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI… »",
                )
            elif any(interdit in adresse for interdit in URLS_INTERDITES):
                lec.signaler(
                    href,
                    "adresse Légifrance périmée (affichCodeArticle ou jsessionid)",
                    "utilisez l'adresse stable https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI…",
                )
            elif adresse.startswith("http://"):
                lec.signaler(href, "adresse en http://", "écrivez https://" + adresse.removeprefix("http://"))
            elif not URL_HTTPS.match(adresse):
                lec.signaler(
                    href,
                    f"href « {adresse} » n'est pas une adresse https://",
                    "copiez l'adresse complète depuis le navigateur",
                )

    def _verifier_date_de_verification(self, lec: Lecteur, meta) -> None:
        noeud = enfant(meta, "last_value_still_valid_on")
        if noeud is None:
            lec.signaler(
                meta,
                "metadata.last_value_still_valid_on manquant : date de la dernière vérification de la valeur",
                f'ajoutez « last_value_still_valid_on: "{self.aujourd_hui}" » après avoir vérifié le texte en vigueur',
            )
            return
        jour = date_de(noeud)
        if jour is None:
            lec.signaler(
                noeud,
                f"last_value_still_valid_on « {noeud.value} » n'est pas une date valide",
                conseil_date(str(noeud.value)),
            )
        elif jour > self.aujourd_hui:
            lec.signaler(
                noeud,
                f"last_value_still_valid_on {jour} est dans le futur",
                f"indiquez la date à laquelle vous avez vérifié le texte (au plus {self.aujourd_hui})",
            )

    def _verifier_journal_officiel(self, lec: Lecteur, meta) -> None:
        noeud = enfant(meta, "official_journal_date")
        if noeud is None:
            return
        if not est_dict(noeud):
            lec.signaler(
                noeud,
                "official_journal_date doit être rangée par date de valeur",
                'écrivez « 2019-01-01: "2018-12-30" » (date de la valeur : date de parution)',
            )
            return
        for cle, valeur in paires(noeud):
            if date_de(cle) is None:
                lec.signaler(
                    cle, f"date « {cle.value} » mal écrite dans official_journal_date", conseil_date(str(cle.value))
                )
            if date_de(valeur) is None:
                lec.signaler(valeur, f"date de parution « {valeur.value} » invalide", conseil_date(str(valeur.value)))


def _cle_suivante(serie, cle) -> str | None:
    cles = [c for c, _ in paires(serie)]
    position = cles.index(cle)
    return str(cles[position + 1].value) if position + 1 < len(cles) else None


def _nombre(brut: str) -> float | None:
    """Le nombre que contient un texte (« 500 € », « 9,61 », « 1 607 h », « 10 % »), ou None."""
    propre = re.sub(r"[\s\u00a0\u202f]", "", brut.strip().strip("'\""))
    propre = re.sub(r"(€|eur(os?)?|h(eures?)?|j(ours?)?|%|pts?|points?)$", "", propre, flags=re.IGNORECASE)
    if re.fullmatch(r"-?\d+,\d+", propre):
        propre = propre.replace(",", ".")
    try:
        return float(propre)
    except ValueError:
        return None


def _format_nombre(nombre: float) -> str:
    return str(int(nombre)) if float(nombre).is_integer() else repr(round(nombre, 10))


def _nom_ascii(nom: str) -> str:
    sans_accent = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9_]+", "_", sans_accent.lower()).strip("_") or "nom"


# ----- Chargement par openfisca-core ----- #

_FICHIER_CORE = re.compile(r"Error parsing parameter file '([^']+)'")


def _charger_avec_openfisca(dossier: Path, deja: list[Probleme]) -> list[Probleme]:
    """Charge le dossier comme le fera le modèle ; rattache l'éventuel refus au fichier qui le cause."""
    from openfisca_core.parameters import ParameterNode

    try:
        ParameterNode("", directory_path=str(dossier))
    except Exception as erreur:  # le cœur lève ParameterParsingError, ValueError, TypeError…
        message = str(erreur).strip().splitlines()
        trouve = next((m for ligne in message if (m := _FICHIER_CORE.search(ligne))), None)
        fichier = trouve.group(1) if trouve else _fichier_en_cours(erreur)
        if fichier is None and any(p.bloquant for p in deja):
            return []  # refus sans fichier identifiable, sans doute la conséquence d'une erreur déjà signalée
        fichier = fichier or str(dossier / "index.yaml")
        if any(p.bloquant and Path(p.fichier) == Path(fichier) for p in deja):
            return []  # ce fichier a déjà ses erreurs, plus précises
        explication = message[-1] if message else type(erreur).__name__
        ligne, colonne = _position_du_mot(fichier, explication)
        return [
            Probleme(
                fichier,
                ligne,
                colonne,
                f"openfisca-core refuse ce fichier : {explication}",
                "corrigez l'élément cité ; en cas de doute, comparez avec un fichier voisin qui passe",
            )
        ]
    return []


def _fichier_en_cours(erreur: Exception) -> str | None:
    """Le fichier que le cœur lisait quand il a échoué : la variable locale `file_path` la plus profonde."""
    for cadre, _ in reversed(list(traceback.walk_tb(erreur.__traceback__))):
        for nom in ("file_path", "child_path"):
            chemin = cadre.f_locals.get(nom)
            if isinstance(chemin, str) and os.path.isfile(chemin):
                return chemin
    return None


def _position_du_mot(fichier: str, explication: str) -> tuple[int, int]:
    """La première ligne du fichier qui contient un mot cité entre apostrophes dans le message du cœur."""
    mots = re.findall(r"'([^']+)'", explication)
    try:
        lignes = Path(fichier).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    for mot in mots:
        dernier = mot.split(".")[-1].split("[")[0]
        for numero, ligne in enumerate(lignes, start=1):
            colonne = ligne.find(f"{dernier}:")
            if dernier and colonne >= 0:
                return numero, colonne + 1
    return 1, 1


# ----- Ligne de commande ----- #


def formater(problemes: list[Probleme], nb_fichiers: int | None = None, valides: str = "Paramètres valides") -> str:
    erreurs = sum(p.bloquant for p in problemes)
    avertissements = len(problemes) - erreurs
    lignes = [str(p) for p in problemes]
    if erreurs:
        fichiers = len({p.fichier for p in problemes if p.bloquant})
        lignes.append(f"{erreurs} erreur(s) dans {fichiers} fichier(s), {avertissements} avertissement(s).")
    else:
        total = f" ({nb_fichiers} fichiers vérifiés)" if nb_fichiers is not None else ""
        lignes.append(f"{valides}{total}, {avertissements} avertissement(s).")
    return "\n".join(lignes)


def main(argv: list[str] | None = None) -> int:
    analyseur = AnalyseurFr(
        prog="python -m openfisca_cpa.outils.verification",
        description="Vérifie les fichiers de paramètres YAML et signale chaque problème avec fichier:ligne:colonne.",
    )
    analyseur.add_argument(
        "dossier", nargs="?", default=str(PARAMETRES), help="dossier des paramètres (par défaut : ceux du paquet)"
    )
    analyseur.add_argument("--unites", default=str(UNITES), help="fichier units.yaml (par défaut : celui du paquet)")
    analyseur.add_argument(
        "--date", type=date.fromisoformat, default=None, help="date du jour (AAAA-MM-JJ), pour les essais"
    )
    analyseur.add_argument("--erreurs-seulement", action="store_true", help="n'affiche pas les avertissements")
    arguments = analyseur.parse_args(argv)
    problemes = verifier_parametres(arguments.dossier, unites=lire_unites(arguments.unites), aujourd_hui=arguments.date)
    nb_fichiers = sum(1 for _ in Path(arguments.dossier).rglob("*.y*ml"))
    if arguments.erreurs_seulement:
        masques = sum(not p.bloquant for p in problemes)
        problemes = [p for p in problemes if p.bloquant]
        print(formater(problemes, nb_fichiers).replace("0 avertissement(s).", f"{masques} avertissement(s) masqué(s)."))
    else:
        print(formater(problemes, nb_fichiers))
    if not any(p.bloquant for p in problemes):
        return 0
    print(f"Guide : docs/guide_juristes.md (dossier vérifié : {afficher_chemin(arguments.dossier)})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
