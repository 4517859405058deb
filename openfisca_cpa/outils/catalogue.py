"""Catalogue des paramètres et des variables pour le navigateur (api/routes/navigateur.py).

Fonctions pures, sans Flask : elles lisent un système socio-fiscal OpenFisca et préparent ce que
les gabarits affichent (arbre dans l'ordre des index.yaml, historiques, graphiques SVG, formules).
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import difflib
import inspect
import textwrap
from datetime import date, timedelta
from html import escape
from pathlib import Path

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

from openfisca_cpa.outils.fraicheur import un_an_avant
from openfisca_cpa.outils.verification import UNITES

PAQUET = Path(__file__).resolve().parents[1]


# ----- Unités et mise en forme ----- #


def lire_unites_detaillees(chemin: Path = UNITES) -> dict[str, dict[str, str]]:
    from openfisca_cpa.commun.yaml_sur import charger

    return {u["name"]: u for u in charger(chemin.read_text(encoding="utf-8")) or []}


def date_fr(iso: str) -> str:
    """« 2019-01-01 » -> « 01/01/2019 » ; tout autre texte est rendu tel quel (« en vigueur »)."""
    try:
        return date.fromisoformat(str(iso)).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


def nombre_fr(valeur: float, decimales: int | None = None) -> str:
    """5000 -> « 5 000 », 9.61 -> « 9,61 » (espace fine insécable entre milliers)."""
    if decimales is None:
        decimales = 0 if float(valeur).is_integer() else min(len(repr(float(valeur)).split(".")[1]), 4)
    texte = f"{valeur:,.{decimales}f}"
    return texte.replace(",", "\u202f").replace(".", ",")


def valeur_fr(valeur, unite: str | None, unites: dict) -> str:
    """Une valeur de paramètre lisible : « 5 000 € », « 0,5 (50 %) », « oui », « — (supprimé) »."""
    if valeur is None:
        return "— (supprimé)"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int | float):
        if unite == "/1" and abs(valeur) <= 1:
            return f"{nombre_fr(valeur)} ({nombre_fr(valeur * 100)} %)"
        court = unites.get(unite, {}).get("short_label") or ""
        return f"{nombre_fr(valeur)} {court}".strip()
    return str(valeur)


# ----- Arbre des paramètres ----- #


@dataclasses.dataclass
class Noeud:
    nom: str  # nom pointé complet : cpf.euros.salarie.plafond
    cle: str  # dernier segment
    libelle: str
    description: str
    enfants: list[Noeud]
    feuille: bool
    valeur_actuelle: str = ""


def enfants_ordonnes(noeud: ParameterNode) -> list[tuple[str, object]]:
    """Les enfants dans l'ordre de metadata.order (index.yaml), puis les oubliés par ordre alphabétique."""
    ordre = [n for n in noeud.metadata.get("order") or [] if n in noeud.children]
    reste = sorted(set(noeud.children) - set(ordre))
    return [(n, noeud.children[n]) for n in [*dict.fromkeys(ordre), *reste]]


def arbre(noeud: ParameterNode, unites: dict, aujourd_hui: date | None = None, prefixe: str = "") -> list[Noeud]:
    aujourd_hui = aujourd_hui or date.today()
    resultat = []
    for cle, enfant in enfants_ordonnes(noeud):
        nom = f"{prefixe}{cle}"
        meta = enfant.metadata or {}
        libelle = meta.get("short_label") or cle
        if isinstance(enfant, ParameterNode):
            resultat.append(
                Noeud(nom, cle, libelle, enfant.description or "", arbre(enfant, unites, aujourd_hui, nom + "."), False)
            )
        else:
            actuelle = ""
            if isinstance(enfant, Parameter):
                courante = valeur_a(enfant, aujourd_hui)
                actuelle = valeur_fr(courante, meta.get("unit"), unites) if courante is not None else ""
            resultat.append(Noeud(nom, cle, libelle, enfant.description or "", [], True, actuelle))
    return resultat


def trouver(racine: ParameterNode, nom: str):
    """Le nœud ou paramètre de nom pointé `nom`, ou None."""
    courant = racine
    for morceau in nom.split("."):
        if not isinstance(courant, ParameterNode) or morceau not in courant.children:
            return None
        courant = courant.children[morceau]
    return courant


def tous_les_noms(noeud: ParameterNode, prefixe: str = "") -> list[str]:
    noms = []
    for cle, enfant in noeud.children.items():
        noms.append(prefixe + cle)
        if isinstance(enfant, ParameterNode):
            noms += tous_les_noms(enfant, f"{prefixe}{cle}.")
    return noms


def suggestions(nom: str, possibles: list[str]) -> list[str]:
    return difflib.get_close_matches(nom, possibles, n=5, cutoff=0.5)


def valeur_a(parametre: Parameter, jour: date):
    for valeur in parametre.values_list:  # ordre chronologique inverse
        if valeur.instant_str <= jour.isoformat():
            return valeur.value
    return None


# ----- Fiche d'un paramètre ----- #


@dataclasses.dataclass
class Periode:
    debut: str
    fin: str  # « en vigueur » pour la dernière
    valeur: object
    valeur_texte: str
    references: list[dict]
    journal_officiel: str
    future: bool


@dataclasses.dataclass
class FicheParametre:
    nom: str
    libelle: str
    description: str
    label_en: str
    unite: str
    unite_libelle: str
    documentation: str
    fichier: str
    verifie_le: str
    a_revoir: bool
    historique: list[Periode]  # chronologique
    references: list[tuple[str, list[dict]]]  # toutes, par date
    graphique: str  # SVG
    bareme: bool = False

    @property
    def en_vigueur(self) -> Periode | None:
        """La période en vigueur à la date de la fiche (la dernière qui n'est pas annoncée)."""
        passees = [p for p in self.historique if not p.future]
        return passees[-1] if passees else None


def _references_par_date(meta: dict) -> dict[str, list[dict]]:
    return {str(jour): list(refs or []) for jour, refs in (meta.get("reference") or {}).items()}


def fiche_parametre(nom: str, parametre, unites: dict, aujourd_hui: date | None = None) -> FicheParametre:
    aujourd_hui = aujourd_hui or date.today()
    meta = parametre.metadata or {}
    unite = meta.get("unit") or ""
    references = _references_par_date(meta)
    journal = {str(j): str(d) for j, d in (meta.get("official_journal_date") or {}).items()}
    bareme = isinstance(parametre, ParameterScale)
    historique = []
    if isinstance(parametre, Parameter):
        valeurs = list(reversed(parametre.values_list))
        for rang, valeur in enumerate(valeurs):
            suivante = valeurs[rang + 1].instant_str if rang + 1 < len(valeurs) else None
            fin = (date.fromisoformat(suivante) - timedelta(days=1)).isoformat() if suivante else "en vigueur"
            historique.append(
                Periode(
                    valeur.instant_str,
                    fin,
                    valeur.value,
                    valeur_fr(valeur.value, unite, unites),
                    references.get(valeur.instant_str, []),
                    journal.get(valeur.instant_str, ""),
                    valeur.instant_str > aujourd_hui.isoformat(),
                )
            )
    verifie = str(meta.get("last_value_still_valid_on") or "")
    try:
        a_revoir = date.fromisoformat(verifie) < un_an_avant(aujourd_hui)
    except ValueError:
        a_revoir = True
    fichier = Path(parametre.file_path or "")
    with contextlib.suppress(ValueError):
        fichier = fichier.resolve().relative_to(PAQUET.parent)
    return FicheParametre(
        nom=nom,
        libelle=meta.get("short_label") or nom.split(".")[-1],
        description=parametre.description or "",
        label_en=meta.get("label_en") or "",
        unite=unite,
        unite_libelle=unites.get(unite, {}).get("label", unite),
        documentation=(parametre.documentation or "").strip(),
        fichier=str(fichier),
        verifie_le=verifie,
        a_revoir=a_revoir,
        historique=historique,
        references=sorted(references.items()),
        graphique=graphique_svg([(p.debut, p.valeur) for p in historique], unite, unites, aujourd_hui)
        if historique
        else "",
        bareme=bareme,
    )


# ----- Graphique SVG (généré côté serveur, sans JavaScript) ----- #

LARGEUR, HAUTEUR = 760, 280
MARGES = {"gauche": 88, "droite": 24, "haut": 20, "bas": 40}


def _graduations(maximum: float, minimum: float = 0.0, nombre: int = 5) -> list[float]:
    """Des graduations « rondes » (1, 2, 2,5 ou 5 × 10^n) couvrant [minimum, maximum]."""
    etendue = maximum - minimum or abs(maximum) or 1.0
    brut = etendue / nombre
    puissance = 10 ** _floor_log10(brut)
    pas = next(m * puissance for m in (1, 2, 2.5, 5, 10) if m * puissance >= brut)
    debut = pas * (minimum // pas)
    graduations, courant = [], debut
    while courant <= maximum + pas * 1e-9:
        graduations.append(round(courant, 10))
        courant += pas
    if graduations[-1] < maximum:
        graduations.append(round(courant, 10))
    return graduations


def _floor_log10(x: float) -> int:
    exposant = 0
    while x >= 10:
        x /= 10
        exposant += 1
    while x < 1:
        x *= 10
        exposant -= 1
    return exposant


def graphique_svg(points: list[tuple[str, object]], unite: str, unites: dict, aujourd_hui: date | None = None) -> str:
    """Courbe en escalier des valeurs datées ; une valeur nulle (supprimée) interrompt la courbe."""
    aujourd_hui = aujourd_hui or date.today()
    dates = [date.fromisoformat(j) for j, _ in points]
    booleen = any(isinstance(v, bool) for _, v in points)
    nombres = [float(v) for _, v in points if isinstance(v, int | float)]
    if not nombres:
        return ""
    debut = date(dates[0].year, 1, 1)
    fin = date(max(aujourd_hui.year, dates[-1].year) + 2, 1, 1)
    if booleen:
        graduations = [0.0, 1.0]
    else:
        plus_haut, plus_bas = max(max(nombres), 0.0), min(min(nombres), 0.0)
        if min(nombres) > 0.6 * max(nombres):
            plus_bas = min(nombres) * 0.9  # série resserrée (SMIC) : l'axe ne part pas de zéro
        etendue = (plus_haut - plus_bas) or abs(plus_haut) or 1.0
        graduations = _graduations(plus_haut + 0.08 * etendue, plus_bas)
    bas, haut = graduations[0], graduations[-1] if graduations[-1] > graduations[0] else graduations[0] + 1
    gauche, droite = MARGES["gauche"], LARGEUR - MARGES["droite"]
    y_haut, y_bas = MARGES["haut"], HAUTEUR - MARGES["bas"]

    def x(jour: date) -> float:
        return gauche + (droite - gauche) * (jour - debut).days / (fin - debut).days

    def y(valeur: float) -> float:
        return y_bas - (y_bas - y_haut) * (valeur - bas) / (haut - bas)

    court = unites.get(unite, {}).get("short_label") or ""
    elements = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LARGEUR} {HAUTEUR}" class="graphique" role="img" '
        f'aria-label="Évolution de la valeur de {escape(points[0][0])} à aujourd\'hui">',
        f'<rect x="{gauche}" y="{y_haut}" width="{droite - gauche}" height="{y_bas - y_haut}" class="fond"/>',
    ]
    for graduation in graduations:
        etiquette = ("oui" if graduation else "non") if booleen else f"{nombre_fr(graduation)} {court}".strip()
        elements.append(
            f'<line x1="{gauche}" x2="{droite}" y1="{y(graduation):.1f}" y2="{y(graduation):.1f}" class="grille"/>'
        )
        elements.append(
            f'<text x="{gauche - 8}" y="{y(graduation) + 4:.1f}" class="axe" text-anchor="end">{escape(etiquette)}</text>'
        )
    annees = list(range(debut.year, fin.year + 1))
    pas_annees = 1 if len(annees) <= 12 else 2 if len(annees) <= 24 else 5
    for annee in annees[::pas_annees]:
        position = x(date(annee, 1, 1))
        elements.append(f'<line x1="{position:.1f}" x2="{position:.1f}" y1="{y_bas}" y2="{y_bas + 5}" class="trait"/>')
        elements.append(f'<text x="{position:.1f}" y="{y_bas + 20}" class="axe" text-anchor="middle">{annee}</text>')
    position = x(aujourd_hui)
    elements.append(f'<line x1="{position:.1f}" x2="{position:.1f}" y1="{y_haut}" y2="{y_bas}" class="aujourdhui"/>')
    elements.append(
        f'<text x="{position - 4:.1f}" y="{y_bas - 6}" class="axe aujourdhui-texte" text-anchor="end">aujourd\'hui</text>'
    )
    # Segments horizontaux de chaque période, reliés par des verticales tant que la valeur existe.
    chemin, precedent = [], None
    for rang, (jour, valeur) in enumerate(points):
        depart = dates[rang]
        arrivee = dates[rang + 1] if rang + 1 < len(points) else fin
        if valeur is None or isinstance(valeur, str):
            precedent = None
            continue
        hauteur = y(float(valeur))
        if precedent is None:
            chemin.append(f"M{x(depart):.1f},{hauteur:.1f}")
        else:
            chemin.append(f"L{x(depart):.1f},{hauteur:.1f}")
        chemin.append(f"L{x(arrivee):.1f},{hauteur:.1f}")
        precedent = hauteur
        texte = valeur_fr(valeur, unite, unites)
        elements.append(
            f'<circle cx="{x(depart):.1f}" cy="{hauteur:.1f}" r="4" class="point">'
            f"<title>{escape(jour)} : {escape(texte)}</title></circle>"
        )
    elements.insert(2, f'<path d="{" ".join(chemin)}" class="courbe"/>')
    elements.append("</svg>")
    return "\n".join(elements)


# ----- Variables ----- #


@dataclasses.dataclass
class Formule:
    debut: str
    documentation: str
    source: str
    ligne: int
    parametres: list[str]


def parametres_cites(source: str, noms: set[str]) -> list[str]:
    """Les paramètres qu'une formule lit : `parameters(period).a.b` et ses alias (`p = parameters(period).a` puis `p.b.c`).

    Analyse du code (AST) : les paramètres lus par des fonctions auxiliaires ne sont pas trouvés.
    """
    arbre_source = ast.parse(textwrap.dedent(source))
    alias: dict[str, str] = {}

    def chemin(noeud) -> str | None:
        morceaux = []
        while isinstance(noeud, ast.Attribute):
            morceaux.append(noeud.attr)
            noeud = noeud.value
        if isinstance(noeud, ast.Call) and getattr(noeud.func, "id", None) == "parameters":
            base = ""
        elif isinstance(noeud, ast.Name) and noeud.id in alias:
            base = alias[noeud.id]
        else:
            return None
        return ".".join(filter(None, [base, *reversed(morceaux)]))

    for noeud in ast.walk(arbre_source):
        if isinstance(noeud, ast.Assign) and len(noeud.targets) == 1 and isinstance(noeud.targets[0], ast.Name):
            trouve = chemin(noeud.value)
            if trouve is not None:
                alias[noeud.targets[0].id] = trouve
    cites = set()
    for noeud in ast.walk(arbre_source):
        if isinstance(noeud, ast.Attribute):
            trouve = chemin(noeud)
            if trouve in noms:
                cites.add(trouve)
    # Ne garder que les plus longs : cpf.euros.salarie.plafond plutôt que cpf.euros.
    return sorted(c for c in cites if not any(autre.startswith(c + ".") for autre in cites))


@dataclasses.dataclass
class FicheVariable:
    nom: str
    libelle: str
    dossier: str
    unite: str
    unite_libelle: str
    periode: str
    type_valeur: str
    entite: str
    valeur_par_defaut: str
    documentation: str
    references: list[str]
    formules: list[Formule]
    fichier: str
    fin: str


PERIODES = {
    "year": "année",
    "month": "mois",
    "day": "jour",
    "eternity": "permanente (sans période)",
    "week": "semaine",
    "weekday": "jour de semaine",
}
TYPES = {"float": "nombre décimal", "int": "nombre entier", "bool": "vrai ou faux", "date": "date", "str": "texte"}


def dossier_de(variable) -> str:
    chemin = (variable.get_introspection_data() or ("", None, 0))[0] or ""
    morceaux = Path(chemin).parts
    return morceaux[-2] if len(morceaux) >= 2 else ""


def variables_par_dossier(systeme) -> dict[str, list]:
    groupes: dict[str, list] = {}
    for nom in sorted(systeme.variables):
        variable = systeme.variables[nom]
        groupes.setdefault(dossier_de(variable) or "autres", []).append(variable)
    # Dans l'ordre des dispositifs de parameters/index.yaml, « commun » en dernier.
    ordre = [n for n in (systeme.parameters.metadata or {}).get("order") or [] if n != "commun"]
    return dict(
        sorted(
            groupes.items(),
            key=lambda e: (e[0] == "commun", ordre.index(e[0]) if e[0] in ordre else len(ordre), e[0]),
        )
    )


def fiche_variable(variable, unites: dict, noms_parametres: set[str] = frozenset()) -> FicheVariable:
    unite = getattr(variable, "unit", None) or ""
    formules = []
    for debut, formule in variable.formulas.items():
        lignes, ligne = inspect.getsourcelines(formule)
        source = textwrap.dedent("".join(lignes))
        formules.append(
            Formule(
                debut,
                textwrap.dedent(formule.__doc__ or "").strip(),
                source,
                ligne,
                parametres_cites(source, set(noms_parametres)),
            )
        )
    defaut = variable.default_value
    if hasattr(defaut, "name") and hasattr(variable, "possible_values"):
        type_valeur = "catégorie (" + ", ".join(m.name for m in variable.possible_values) + ")"
        defaut = defaut.name
    else:
        type_valeur = TYPES.get(variable.value_type.__name__, variable.value_type.__name__)
    chemin = (variable.get_introspection_data() or ("",))[0] or ""
    return FicheVariable(
        nom=variable.name,
        libelle=variable.label or variable.name,
        dossier=dossier_de(variable),
        unite=unite,
        unite_libelle=unites.get(unite, {}).get("label", unite),
        periode=PERIODES.get(str(variable.definition_period), str(variable.definition_period)),
        type_valeur=type_valeur,
        entite=variable.entity.label or variable.entity.key,
        valeur_par_defaut=str(defaut),
        documentation=textwrap.dedent(variable.documentation or "").strip(),
        references=list(variable.reference or []),
        formules=formules,
        fichier=chemin.lstrip("/"),
        fin=str(variable.end or ""),
    )
