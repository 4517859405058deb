"""Navigateur des paramètres et des variables : pages HTML sous /navigateur/.

- /navigateur/ : l'arbre des paramètres (dispositif, puis fonction juridique, dans l'ordre des index.yaml) ;
- /navigateur/parametres/<nom pointé> : historique (tableau et graphique SVG), références, fraîcheur ;
- /navigateur/variables/ et /navigateur/variables/<nom> : libellé, unité, période, formules et références.

Les pages sont rendues côté serveur (Jinja), sans JavaScript ni ressource externe. Le système
socio-fiscal est celui de l'application (`current_app.extensions`) : le navigateur montre exactement
ce que l'API calcule. Le catalogue (arbre ordonné, unités) est préparé une fois par application.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template, request

from openfisca_cpa.outils import catalogue

bp = Blueprint(
    "navigateur",
    __name__,
    url_prefix="/navigateur",
    template_folder="../templates",
    static_folder="../static/navigateur",
    static_url_path="/static",
)

#: Clé de `app.extensions` où `api.create_app` range son état (ApiState, dont `.system`).
CLE_API = "openfisca_cpa"
#: Clé de repli : une application de test peut y ranger directement un système socio-fiscal.
CLE_SYSTEME = "tax_benefit_system"
CLE_CATALOGUE = "navigateur"

bp.add_app_template_filter(catalogue.date_fr, "date_fr")


def systeme():
    """Le système socio-fiscal de l'application : celui que sert l'API."""
    etat = current_app.extensions.get(CLE_API)
    if etat is not None:
        return etat.system
    systeme_ = current_app.extensions.get(CLE_SYSTEME)
    if systeme_ is None:
        raise RuntimeError(
            f"Navigateur : ni app.extensions[{CLE_API!r}] (api.create_app) ni app.extensions[{CLE_SYSTEME!r}]."
        )
    return systeme_


class _Catalogue:
    def __init__(self, systeme_):
        self.systeme = systeme_
        self.unites = catalogue.lire_unites_detaillees()
        self.noms_parametres = set(catalogue.tous_les_noms(systeme_.parameters))
        self.variables = catalogue.variables_par_dossier(systeme_)


def _catalogue() -> _Catalogue:
    courant = current_app.extensions.get(CLE_CATALOGUE)
    systeme_ = systeme()
    if courant is None or courant.systeme is not systeme_:
        courant = current_app.extensions[CLE_CATALOGUE] = _Catalogue(systeme_)
    return courant


#: Dates que `?date=` peut imposer : l'historique affiché va de la première valeur à deux ans après la
#: date demandée, une année par colonne ; au-delà, la page serait démesurée (et l'an 9999 + 2 n'existe pas).
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


class DateHorsBornesError(Exception):
    """`?date=` hors de [DATE_MIN, DATE_MAX] : page 400."""


def _aujourd_hui() -> date:
    """La date du jour ; `?date=AAAA-MM-JJ` l'impose (pour voir les paramètres à une autre date)."""
    try:
        jour = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        return date.today()
    if not DATE_MIN <= jour <= DATE_MAX:
        raise DateHorsBornesError(jour)
    return jour


@bp.errorhandler(DateHorsBornesError)
def _date_hors_bornes(erreur: DateHorsBornesError):
    page = render_template(
        "navigateur/date_hors_bornes.html", jour=erreur.args[0], date_min=DATE_MIN, date_max=DATE_MAX
    )
    return page, 400


@bp.get("/")
def accueil():
    cat = _catalogue()
    jour = _aujourd_hui()
    return render_template(
        "navigateur/accueil.html",
        arbre=catalogue.arbre(cat.systeme.parameters, cat.unites, jour),
        nb_variables=len(cat.systeme.variables),
        jour=jour,
    )


@bp.get("/parametres/<nom>")
def parametre(nom: str):
    cat = _catalogue()
    jour = _aujourd_hui()
    objet = catalogue.trouver(cat.systeme.parameters, nom)
    if objet is None:
        return _introuvable("paramètre", nom, cat.noms_parametres, "navigateur.parametre")
    fil = _fil_d_ariane(cat, nom)
    if hasattr(objet, "children") and not hasattr(objet, "brackets"):
        return render_template(
            "navigateur/noeud.html",
            nom=nom,
            noeud=objet,
            libelle=(objet.metadata or {}).get("short_label") or nom,
            enfants=catalogue.arbre(objet, cat.unites, jour, nom + "."),
            fil=fil,
            jour=jour,
        )
    return render_template(
        "navigateur/parametre.html",
        fiche=catalogue.fiche_parametre(nom, objet, cat.unites, jour),
        fil=fil,
        jour=jour,
    )


@bp.get("/variables/")
def variables():
    cat = _catalogue()
    return render_template("navigateur/variables.html", groupes=cat.variables, unites=cat.unites)


@bp.get("/variables/<nom>")
def variable(nom: str):
    cat = _catalogue()
    objet = cat.systeme.variables.get(nom)
    if objet is None:
        return _introuvable("variable", nom, list(cat.systeme.variables), "navigateur.variable")
    fiche = catalogue.fiche_variable(objet, cat.unites, cat.noms_parametres)
    return render_template("navigateur/variable.html", fiche=fiche)


def _fil_d_ariane(cat: _Catalogue, nom: str) -> list[tuple[str, str]]:
    """(nom pointé, libellé court) de chaque ancêtre, pour le fil d'Ariane."""
    fil, morceaux = [], nom.split(".")
    for rang in range(1, len(morceaux)):
        prefixe = ".".join(morceaux[:rang])
        objet = catalogue.trouver(cat.systeme.parameters, prefixe)
        fil.append((prefixe, (objet.metadata or {}).get("short_label") or morceaux[rang - 1]))
    return fil


def _introuvable(quoi: str, nom: str, possibles: list[str], point_d_entree: str):
    page = render_template(
        "navigateur/introuvable.html",
        quoi=quoi,
        nom=nom,
        suggestions=catalogue.suggestions(nom, sorted(possibles)),
        point_d_entree=point_d_entree,
    )
    return page, 404


def enregistrer(app) -> None:
    """Branche le navigateur sur une application (à appeler dans create_app)."""
    app.register_blueprint(bp)


__all__ = ["bp", "enregistrer", "systeme"]
