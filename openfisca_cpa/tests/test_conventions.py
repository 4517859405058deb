"""Méta-tests : les conventions de la maison (style.md) et le contrat public (contract.md) sont tenus."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.periods import DateUnit

from openfisca_cpa.commun.yaml_sur import charger

PAQUET = Path(__file__).resolve().parents[1]
VARIABLES = PAQUET / "variables"
PARAMETRES = PAQUET / "parameters"
UNITES = {u["name"] for u in charger((PAQUET / "units.yaml").read_text(encoding="utf-8"))}
URL = re.compile(r"^https://\S+$")

# Le contrat public v1 (contract.md) : id -> (période, type).
CONTRAT = {
    "date_naissance": (DateUnit.ETERNITY, date),
    "heures_travaillees": (DateUnit.YEAR, float),
    "heures_absences_assimilees": (DateUnit.YEAR, float),
    "duree_travail_reference": (DateUnit.YEAR, float),
    "peu_qualifie": (DateUnit.YEAR, bool),
    "beneficiaire_oeth": (DateUnit.YEAR, bool),
    "travailleur_esat": (DateUnit.YEAR, bool),
    "mois_activite_independante": (DateUnit.YEAR, float),
    "cpf_heures_dif": (DateUnit.ETERNITY, float),
    "cpf_droits_mobilises": (DateUnit.YEAR, float),
    "cpf_alimentation": (DateUnit.YEAR, float),
    "cpf_solde_heures": (DateUnit.YEAR, float),
    "cpf_solde": (DateUnit.YEAR, float),
    "cec_service_civique_mois": (DateUnit.YEAR, float),
    "cec_reserve_militaire_jours": (DateUnit.YEAR, float),
    "cec_reserve_sanitaire_jours": (DateUnit.YEAR, float),
    "cec_maitre_apprentissage_mois": (DateUnit.YEAR, float),
    "cec_benevolat_heures": (DateUnit.YEAR, float),
    "cec_benevolat_heures_association_principale": (DateUnit.YEAR, float),
    "c2p_nuits_travail_nuit": (DateUnit.YEAR, float),
    "c2p_nuits_equipes_alternantes": (DateUnit.YEAR, float),
    "c2p_heures_travail_repetitif": (DateUnit.YEAR, float),
    "c2p_heures_temperatures_extremes": (DateUnit.YEAR, float),
    "c2p_heures_bruit": (DateUnit.YEAR, float),
    "c2p_nb_cretes_bruit": (DateUnit.YEAR, float),
    "c2p_nb_interventions_hyperbares": (DateUnit.YEAR, float),
    "c2p_mois_exposition": (DateUnit.YEAR, float),
    "c2p_points_utilises_formation": (DateUnit.DAY, float),
    "c2p_points_utilises_temps_partiel": (DateUnit.DAY, float),
    "c2p_taux_reduction_temps_travail": (DateUnit.DAY, float),
    "cpf_prix_formation": (DateUnit.DAY, float),
    "cpf_solde_disponible": (DateUnit.DAY, float),
    "demandeur_emploi": (DateUnit.DAY, bool),
    "cec_alimentation": (DateUnit.YEAR, float),
    "cec_solde": (DateUnit.YEAR, float),
    "c2p_points_acquis": (DateUnit.YEAR, float),
    "c2p_solde_points": (DateUnit.YEAR, float),
    "c2p_droits_formation": (DateUnit.DAY, float),
    "c2p_jours_temps_partiel": (DateUnit.DAY, float),
    "cpf_montant_mobilise": (DateUnit.DAY, float),
    "cpf_reste_a_charge": (DateUnit.DAY, float),
}
#: Défauts non nuls du contrat.
DEFAUTS_CONTRAT = {"date_naissance": date(1970, 1, 1), "duree_travail_reference": 1607, "c2p_mois_exposition": 12}


def fichiers_variables():
    return sorted(p for p in VARIABLES.rglob("*.py") if p.name != "__init__.py")


def feuilles(noeud):
    for enfant in noeud.children.values():
        if isinstance(enfant, ParameterNode):
            yield from feuilles(enfant)
        elif isinstance(enfant, Parameter):
            yield enfant


@pytest.mark.parametrize("identifiant", sorted(CONTRAT))
def test_contrat_public(systeme, identifiant):
    periode, type_valeur = CONTRAT[identifiant]
    variable = systeme.variables.get(identifiant)
    assert variable is not None, f"{identifiant} manque (contract.md)"
    assert variable.entity.key == "individu"
    assert variable.definition_period == periode
    assert variable.value_type is type_valeur


def test_valeurs_par_defaut_du_contrat(systeme):
    for identifiant in CONTRAT:
        attendu = DEFAUTS_CONTRAT.get(identifiant, False if CONTRAT[identifiant][1] is bool else 0)
        assert systeme.variables[identifiant].default_value == attendu, identifiant
    # La valeur par défaut suit la durée légale du paramètre.
    assert systeme.parameters("2026-01-01").cpf.duree_reference.defaut == 1607


def test_un_fichier_par_variable_nomme_comme_elle(systeme):
    for chemin in fichiers_variables():
        classes = [
            n.name
            for n in ast.parse(chemin.read_text(encoding="utf-8")).body
            if isinstance(n, ast.ClassDef) and n.name[0].islower()
        ]
        assert classes == [chemin.stem], f"{chemin} doit définir la seule variable {chemin.stem}"
        assert chemin.stem in systeme.variables


def test_variables_documentees(systeme):
    for nom, variable in systeme.variables.items():
        assert nom.isascii() and re.fullmatch(r"[a-z][a-z0-9_]*", nom), nom
        assert variable.label and variable.label[0].isupper(), f"{nom} : libellé français attendu"
        assert variable.reference, f"{nom} : référence juridique attendue"
        assert all(URL.match(r) for r in variable.reference), f"{nom} : références sous forme d'URL"
        if variable.value_type in (float, int) and not nom.startswith("nb_"):
            assert getattr(variable, "unit", None) in UNITES, f"{nom} : unité de units.yaml attendue"
        if nom.endswith("_eligible"):
            assert variable.value_type is bool, nom
        if (nom.startswith("nb_") or "_nb_" in nom) and nom not in CONTRAT:  # le contrat type deux comptages en float
            assert variable.value_type is int, nom
        for formule in variable.formulas.values():
            doc = formule.__doc__ or ""
            assert doc.strip(), f"{nom} : docstring française sur chaque formule"
            assert re.search(
                r"\b(art\.|[LRD]\d{3,4}|décret|loi|accord|Code|fiche)",
                doc,
                re.IGNORECASE,
            ), f"{nom} : la docstring cite l'article"


@pytest.mark.parametrize(
    "feuille",
    list(feuilles(__import__("openfisca_cpa").CountryTaxBenefitSystem().parameters)),
    ids=lambda f: f.name,
)
def test_parametres_dates_et_cites(feuille):
    meta = feuille.metadata
    assert feuille.description, f"{feuille.name} : description"
    assert meta.get("short_label"), f"{feuille.name} : short_label"
    assert meta.get("unit") in UNITES, f"{feuille.name} : unité de units.yaml"
    assert meta.get("last_value_still_valid_on"), f"{feuille.name} : last_value_still_valid_on"
    references = meta.get("reference") or {}
    for valeur in feuille.values_list:
        refs = references.get(date.fromisoformat(valeur.instant_str)) or references.get(valeur.instant_str)
        assert refs, f"{feuille.name} : pas de référence pour la valeur du {valeur.instant_str}"
        for ref in refs:
            assert ref.get("title") and URL.match(ref.get("href", "")), (
                f"{feuille.name} {valeur.instant_str} : title et href"
            )
            assert "affichCodeArticle" not in ref["href"] and "jsessionid" not in ref["href"]


INTERDITS = {"vectorize", "tolist"}


def test_formules_vectorisees():
    """Pas de np.vectorize, de .tolist() ni de boucle `for … in range(len(…))` dans les variables et les outils."""
    for chemin in [*fichiers_variables(), *sorted((PAQUET / "commun").glob("*.py"))]:
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.Attribute):
                assert noeud.attr not in INTERDITS, f"{chemin}:{noeud.lineno} : {noeud.attr}"
            if (
                isinstance(noeud, ast.For)
                and isinstance(noeud.iter, ast.Call)
                and getattr(noeud.iter.func, "id", "") == "range"
            ):
                arguments = noeud.iter.args
                assert not any(isinstance(a, ast.Call) and getattr(a.func, "id", "") == "len" for a in arguments), (
                    f"{chemin}:{noeud.lineno}"
                )


def test_aucun_solde_ne_s_appelle_lui_meme():
    """Un solde qui appelle sa propre variable pour une autre période serait coupé par max_spiral_loops."""
    for chemin in fichiers_variables():
        source = chemin.read_text(encoding="utf-8")
        assert not re.search(rf"individu\(\s*[\"']{chemin.stem}[\"']", source), f"{chemin} s'appelle lui-même"


def test_aucun_test_yaml_ne_releve_max_spiral_loops():
    for chemin in PAQUET.joinpath("tests").rglob("*.yaml"):
        assert "max_spiral_loops" not in chemin.read_text(encoding="utf-8"), chemin


def test_arborescence_des_tests_miroir_des_variables():
    """Chaque fichier de test YAML sous tests/<dispositif>/ porte le nom d'une variable du même dossier."""
    for chemin in PAQUET.joinpath("tests").rglob("*.yaml"):
        relatif = chemin.relative_to(PAQUET / "tests")
        if relatif.parts[0] in {"reformes", "exemples", "travail_atypique"}:
            continue
        assert (VARIABLES / relatif.with_suffix(".py")).exists(), f"{relatif} : pas de variable miroir"
