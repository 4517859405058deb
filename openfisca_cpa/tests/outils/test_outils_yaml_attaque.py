"""YAML (issue 13) : bombe d'alias refusée partout, guillemet non refermé à sa ligne, règles de `make lint` en français."""

import shutil
from pathlib import Path

import pytest
import yaml

from openfisca_cpa.commun import yaml_sur
from openfisca_cpa.outils import lint_yaml
from openfisca_cpa.outils.lecture import composer
from openfisca_cpa.outils.verification import PARAMETRES, verifier_parametres

RACINE = Path(__file__).resolve().parents[3]
PLAFOND = Path("cpf/euros/salarie/plafond.yaml")


def bombe(indentation: str = "  ") -> str:
    """« Billion laughs » : 9 ancres imbriquées de 9 alias chacune (9⁹ feuilles une fois développée)."""
    lignes = [f"{indentation}a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lignes.append(f"{indentation}a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lignes) + "\n"


@pytest.fixture
def copie(tmp_path):
    dossier = tmp_path / "parameters"
    shutil.copytree(PARAMETRES, dossier)
    return dossier


def _avec_bombe(fichier: Path) -> int:
    """Ajoute la bombe sous `metadata:` ; renvoie la ligne du premier alias."""
    texte = fichier.read_text(encoding="utf-8")
    texte = texte.replace("metadata:\n", "metadata:\n  bombe:\n" + bombe("    "), 1)
    fichier.write_text(texte, encoding="utf-8")
    lignes = texte.splitlines()
    return next(n for n, ligne in enumerate(lignes, start=1) if "*a0" in ligne)


def test_bombe_refusee_par_le_verificateur(copie):
    ligne = _avec_bombe(copie / PLAFOND)
    problemes = [p for p in verifier_parametres(copie) if p.bloquant]
    assert [(Path(p.fichier).relative_to(copie), p.ligne, p.colonne) for p in problemes] == [(PLAFOND, ligne, 14)]
    assert "alias YAML « *a0 » refusé" in problemes[0].message


def test_bombe_refusee_au_demarrage_de_l_api(copie):
    from api import DemarrageImpossibleError, _build_system

    ligne = _avec_bombe(copie / PLAFOND)
    with pytest.raises(DemarrageImpossibleError) as erreur:
        _build_system(str(copie))
    assert f"plafond.yaml:{ligne}:14: alias YAML « *a0 » refusé" in str(erreur.value)


def test_bombe_refusee_par_openfisca_core(copie):
    """Le chargeur imposé à openfisca-core (paramètres et tests YAML) refuse aussi l'alias."""
    from openfisca_core.parameters import ParameterParsingError, load_parameter_file
    from openfisca_core.tools import test_runner

    ligne = _avec_bombe(copie / PLAFOND)
    with pytest.raises(ParameterParsingError) as erreur:
        load_parameter_file(str(copie / PLAFOND))
    assert f"plafond.yaml:{ligne}:14: alias YAML « *a0 » refusé" in str(erreur.value)
    with open(copie / PLAFOND, encoding="utf-8") as flux, pytest.raises(yaml_sur.AliasRefuseError):
        yaml.load(flux, Loader=test_runner.Loader)


def test_bombe_refusee_par_le_lecteur_de_reformes(tmp_path):
    from openfisca_cpa.population.erreurs import ErreurReforme
    from openfisca_cpa.population.reformes import lire_reforme

    chemin = tmp_path / "reforme.yaml"
    chemin.write_text("nom: essai\nmetadata:\n" + bombe(), encoding="utf-8")
    with pytest.raises(ErreurReforme) as erreur:
        lire_reforme(chemin, None)
    assert erreur.value.code == "yaml_alias"
    assert f"{chemin}:4:12 : alias YAML « *a0 » refusé" in str(erreur.value)


@pytest.mark.parametrize("chargeur", [yaml_sur.ChargeurSur, yaml_sur.ChargeurSansAlias])
def test_alias_refuses_y_compris_cles_de_fusion_et_recursion(chargeur):
    for texte, ligne, colonne in [
        ("a: &a {x: 1}\nb:\n  <<: *a\n", 3, 7),
        ("a: &a [*a]\n", 1, 8),
        ("a: &a 1\nb: *a\n", 2, 4),
    ]:
        with pytest.raises(yaml_sur.AliasRefuseError) as erreur:
            yaml.load(texte, Loader=chargeur)
        assert (erreur.value.ligne, erreur.value.colonne) == (ligne, colonne)


def test_sans_alias_le_chargeur_lit_comme_avant():
    texte = "a: 2019-01-01\nb: [1, 2.5, true, null]\nc: {d: e}\n"
    assert yaml_sur.charger(texte) == yaml.safe_load(texte)


def test_aucun_chargeur_yaml_hors_de_yaml_sur():
    """Tout YAML du projet passe par openfisca_cpa.commun.yaml_sur (alias refusés)."""
    interdits = ("yaml.safe_load(", "yaml.load(", "yaml.full_load(", "yaml.unsafe_load(", "yaml.compose(")
    surs = ("ChargeurSansAlias", "ChargeurSur", "test_runner.Loader", "config.Loader")
    fautes = []
    for dossier in ("openfisca_cpa", "api", "fiabilite", "benchmarks"):
        for fichier in (RACINE / dossier).rglob("*.py"):
            if fichier.name == "yaml_sur.py" or "tests" in fichier.parts:
                continue
            for numero, ligne in enumerate(fichier.read_text(encoding="utf-8").splitlines(), start=1):
                if any(motif in ligne for motif in interdits) and not any(sur in ligne for sur in surs):
                    fautes.append(f"{fichier.relative_to(RACINE)}:{numero}: {ligne.strip()}")
    assert fautes == []


# ----- Guillemet non refermé : signalé à la ligne où il s'ouvre ----- #


def _ecrire(tmp_path, texte: str) -> Path:
    chemin = tmp_path / "p.yaml"
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def test_guillemet_non_referme_ligne_3(tmp_path):
    texte = (
        (PARAMETRES / PLAFOND).read_text(encoding="utf-8").replace('short_label: "Plafond"', 'short_label: "Plafond')
    )
    assert texte.splitlines()[2] == '  short_label: "Plafond'
    _, problemes = composer(_ecrire(tmp_path, texte))
    assert [(p.ligne, p.colonne) for p in problemes] == [(3, 16)]
    assert "guillemet" in problemes[0].message and "ligne 3" in problemes[0].message


def test_guillemet_non_referme_ligne_25(tmp_path):
    lignes = ["description: Essai", "metadata:", "  reference:", "    2019-01-01:"]
    for i in range(10):
        lignes += [f'      - title: "Article {i}"', f"        href: https://www.legifrance.gouv.fr/jorf/id/JORFTEXT{i}"]
    lignes += ["values:", "  2019-01-01:", "    value: 1"]
    lignes[24 - 1] = '      - title: "Article 9'  # ligne 25 (la 24ᵉ entrée de la liste, comptée à partir de 0)
    texte = "\n".join(lignes) + "\n"
    assert texte.splitlines()[24 - 1].endswith('"Article 9')
    _, problemes = composer(_ecrire(tmp_path, texte))
    assert [(p.ligne, p.colonne) for p in problemes] == [(24, 16)]


def test_guillemet_referme_ou_texte_litteral_pas_signale(tmp_path):
    texte = (
        'description: "un \\" guillemet"\ndocumentation: |\n  texte: "libre\n'
        "metadata:\n  short_label: 'l''apostrophe'\n"
    )
    _, problemes = composer(_ecrire(tmp_path, texte))
    assert problemes == []


# ----- Les règles de make lint (yamllint) dans le vérificateur, en français ----- #


def test_configuration_identique_a_celle_du_depot():
    assert (RACINE / ".yamllint").read_text(encoding="utf-8") == lint_yaml.CONFIGURATION


REGLES = [
    # (règle yamllint, texte, message français attendu, ligne, colonne, gravité)
    ("indentation", "a:\n  b:\n     c: 1\n", "indentation incorrecte : 5 espaces au lieu de 4 espaces", 3, 6, "erreur"),
    ("trailing-spaces", "a: 1  \n", "espaces en fin de ligne", 1, 5, "erreur"),
    ("new-line-at-end-of-file", "a: 1", "la dernière ligne ne se termine pas par un retour à la ligne", 1, 5, "erreur"),
    (
        "new-lines",
        "a: 1\r\nb: 2\r\n",
        "fins de ligne Windows (CRLF) au lieu de fins de ligne Unix (LF)",
        1,
        5,
        "erreur",
    ),
    ("empty-lines", "a: 1\n\n\n\nb: 2\n", "trop de lignes vides (3, au plus 2)", 4, 1, "erreur"),
    ("colons", "a:  1\n", "trop d'espaces après le deux-points", 1, 4, "erreur"),
    ("colons", "a : 1\n", "espace avant le deux-points", 1, 2, "erreur"),
    ("hyphens", "a:\n  -  1\n", "trop d'espaces après le tiret", 2, 5, "erreur"),
    ("commas", "a: [1 , 2]\n", "trop d'espaces avant la virgule", 1, 6, "erreur"),
    ("commas", "a: [1,2]\n", "espace manquante après la virgule", 1, 7, "erreur"),
    ("brackets", "a: [ 1]\n", "espacement incorrect à l'intérieur des crochets", 1, 5, "erreur"),
    ("braces", "a: {b: 1 }\n", "espacement incorrect à l'intérieur des accolades", 1, 9, "erreur"),
    ("truthy", "a: yes\n", "valeur vrai/faux mal écrite", 1, 4, "avertissement"),
    ("comments", "a: 1 #x\n", "espace manquante après « # » dans un commentaire", 1, 7, "avertissement"),
    ("comments", "a: [1]# x\n", "commentaire collé au texte qui le précède", 1, 7, "avertissement"),
    (
        "comments-indentation",
        "a:\n    # x\n  b: 1\n",
        "commentaire qui n'est pas indenté comme les lignes voisines",
        2,
        5,
        "avertissement",
    ),
    ("document-end", "a: 1\n...\n", None, None, None, None),
]


@pytest.mark.parametrize(("regle", "texte", "message", "ligne", "colonne", "gravite"), REGLES)
def test_regle_yamllint_en_francais(tmp_path, regle, texte, message, ligne, colonne, gravite):
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    anglais = [
        (p.line, p.column, p.level)
        for p in linter.run(texte, YamlLintConfig(lint_yaml.CONFIGURATION))
        if p.rule == regle
    ]
    _, problemes = composer(_ecrire(tmp_path, texte))
    if message is None:  # règle désactivée par la configuration du dépôt : rien de part et d'autre
        assert anglais == [] and problemes == []
        return
    assert anglais == [(ligne, colonne, "error" if gravite == "erreur" else "warning")]
    assert [(p.ligne, p.colonne, p.message, p.gravite) for p in problemes] == [(ligne, colonne, message, gravite)]
    assert problemes[0].correction


def test_indentation_de_3_espaces_sous_une_date_refusee(copie):
    texte = (copie / PLAFOND).read_text(encoding="utf-8").replace("\n    value: 5000", "\n     value: 5000")
    (copie / PLAFOND).write_text(texte, encoding="utf-8")
    ligne = texte.splitlines().index("     value: 5000") + 1
    bloquants = [p for p in verifier_parametres(copie) if p.bloquant]
    assert [(Path(p.fichier).relative_to(copie), p.ligne, p.colonne, p.message) for p in bloquants] == [
        (PLAFOND, ligne, 6, "indentation incorrecte : 5 espaces au lieu de 4 espaces")
    ]


def test_les_fichiers_du_depot_passent_les_regles():
    for fichier in sorted((RACINE / "openfisca_cpa").rglob("*.yaml")):
        assert lint_yaml.problemes_yamllint(fichier.read_text(encoding="utf-8")) == [], fichier
