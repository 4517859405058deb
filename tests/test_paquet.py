"""Le paquet quitte le dépôt entier : la roue construite depuis la copie de travail, installée hors du dépôt.

La roue est construite dans un dossier temporaire (copie des fichiers du paquet : un vieux
`build/` du dépôt ne peut pas s'y glisser), installée dans un environnement virtuel neuf hors du
dépôt. Pour rester rapide et hors ligne, cet environnement voit les dépendances déjà installées
dans .venv par un fichier .pth (les .pth de .venv, dont l'installation éditable du dépôt, ne sont
pas lus) ; chaque commande s'y lance depuis un dossier hors du dépôt, dépôt absent de sys.path.

    .venv/bin/pytest -m paquet        # ce test seul
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
FICHIERS_RACINE = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in")

pytestmark = pytest.mark.paquet


def _executer(commande, cwd, **options):
    environnement = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    resultat = subprocess.run(
        [str(c) for c in commande],
        cwd=cwd,
        env=environnement,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,  # filet de sécurité seulement
        **options,
    )
    assert resultat.returncode == 0, f"{' '.join(map(str, commande))}\n{resultat.stdout}\n{resultat.stderr}"
    return resultat


@pytest.fixture(scope="module")
def roue(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("roue")
    source = dossier / "source"
    source.mkdir()
    for nom in FICHIERS_RACINE:
        if (RACINE / nom).exists():
            shutil.copy2(RACINE / nom, source / nom)
    shutil.copytree(
        RACINE / "openfisca_cpa",
        source / "openfisca_cpa",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )
    sortie = dossier / "dist"
    _executer(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            sortie,
            source,
        ],
        cwd=dossier,
    )
    (chemin,) = sortie.glob("openfisca_cpa-*.whl")
    return chemin


@pytest.fixture(scope="module")
def environnement(roue, tmp_path_factory):
    """Un environnement virtuel neuf, la roue installée dedans ; renvoie (python, dossier de travail)."""
    dossier = tmp_path_factory.mktemp("environnement")
    venv = dossier / "venv"
    _executer([sys.executable, "-m", "venv", "--without-pip", venv], cwd=dossier)
    python = venv / "bin" / "python"
    site = Path(
        _executer(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=dossier
        ).stdout.strip()
    )
    # Les dépendances lourdes (openfisca-core, numpy…) : celles de .venv, sans ses .pth.
    (site / "dependances_du_depot.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _executer(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            roue,
        ],
        cwd=dossier,
    )
    travail = dossier / "travail"
    travail.mkdir()
    return python, travail


def _variables_du_depot() -> set[str]:
    return {chemin.stem for chemin in (RACINE / "openfisca_cpa" / "variables").rglob("*.py")}


def test_la_roue_contient_tout_le_paquet_et_rien_d_autre(roue):
    noms = zipfile.ZipFile(roue).namelist()
    installes = {Path(nom).stem for nom in noms if nom.startswith("openfisca_cpa/variables/") and nom.endswith(".py")}
    assert installes == _variables_du_depot()
    for dossier, extension in (("parameters", ".yaml"), ("tests", ".yaml")):
        depot = {str(c.relative_to(RACINE)) for c in (RACINE / "openfisca_cpa" / dossier).rglob(f"*{extension}")}
        assert depot and depot <= set(noms), sorted(depot - set(noms))[:5]
    assert "openfisca_cpa/units.yaml" in noms
    # Ni api/ ni autre paquet de premier niveau ; la licence AGPL en entier.
    assert {nom.split("/")[0] for nom in noms} == {"openfisca_cpa", roue.name.split("-py3")[0] + ".dist-info"}
    metadonnees = next(n for n in noms if n.endswith(".dist-info/METADATA"))
    texte = zipfile.ZipFile(roue).read(metadonnees).decode()
    assert "License-Expression: AGPL-3.0-or-later" in texte
    assert "Project-URL: Repository, https://" in texte
    licence = next(n for n in noms if n.endswith("licenses/LICENSE"))
    assert zipfile.ZipFile(roue).read(licence) == (RACINE / "LICENSE").read_bytes()


def test_le_sdist_contient_les_sources_du_paquet(roue, tmp_path):
    source = roue.parent.parent / "source"
    _executer(
        [sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(tmp_path)!r})"],
        cwd=source,
    )
    (archive,) = tmp_path.glob("openfisca_cpa-*.tar.gz")
    with tarfile.open(archive) as lu:
        noms = {nom.split("/", 1)[1] for nom in lu.getnames() if "/" in nom}
    depot = {
        str(c.relative_to(RACINE))
        for c in (RACINE / "openfisca_cpa").rglob("*")
        if c.is_file() and c.suffix in (".py", ".yaml", ".json") and "__pycache__" not in c.parts
    }
    assert depot <= noms, sorted(depot - noms)[:5]
    assert {"pyproject.toml", "LICENSE", "README.md", "CHANGELOG.md"} <= noms


SCRIPT_HORS_DEPOT = r"""
import json, sys
import openfisca_cpa
from openfisca_cpa import CountryTaxBenefitSystem
from openfisca_core.simulation_builder import SimulationBuilder

systeme = CountryTaxBenefitSystem()
situation = {"individus": {"a": {"heures_travaillees": {str(an): 1607 for an in range(2015, 2027)}}}}
simulation = SimulationBuilder().build_from_entities(systeme, situation)
print(json.dumps({
    "fichier": openfisca_cpa.__file__,
    "chemins": sys.path,
    "variables": sorted(systeme.variables),
    "paquet": systeme.get_package_metadata(),
    "cpf_solde": {an: float(simulation.calculate("cpf_solde", str(an))[0]) for an in (2018, 2025, 2026)},
}))
"""


def test_hors_du_depot_toutes_les_variables_et_une_carriere_complete(environnement):
    python, travail = environnement
    resultat = json.loads(_executer([python, "-c", SCRIPT_HORS_DEPOT], cwd=travail).stdout)
    assert not resultat["fichier"].startswith(str(RACINE)), resultat["fichier"]
    assert str(RACINE) not in resultat["chemins"]
    assert _variables_du_depot() <= set(resultat["variables"])
    assert resultat["paquet"]["repository_url"].startswith("https://")
    # Temps plein de 2015 à 2026 : 96 h converties à 15 €/h fin 2018, +500 €/an, plafond de 5 000 €.
    assert resultat["cpf_solde"] == {"2018": 1440.0, "2025": 4940.0, "2026": 5000.0}


def test_hors_du_depot_les_tests_yaml_installes_passent(environnement):
    python, travail = environnement
    dossier = Path(
        _executer(
            [
                python,
                "-c",
                "import openfisca_cpa, pathlib; print(pathlib.Path(openfisca_cpa.__file__).parent / 'tests')",
            ],
            cwd=travail,
        ).stdout.strip()
    )
    installes = sorted(dossier.rglob("*.yaml"))
    depot = sorted((RACINE / "openfisca_cpa" / "tests").rglob("*.yaml"))
    assert [c.relative_to(dossier) for c in installes] == [
        c.relative_to(RACINE / "openfisca_cpa" / "tests") for c in depot
    ]
    resultat = _executer(
        [
            python,
            "-m",
            "openfisca_core.scripts.openfisca_command",
            "test",
            "--country-package",
            "openfisca_cpa",
            dossier,
        ],
        cwd=travail,
    )
    assert " passed" in resultat.stdout and "failed" not in resultat.stdout, resultat.stdout[-2000:]


def test_hors_du_depot_la_commande_donne_sa_version_et_le_depot(environnement):
    python, travail = environnement
    resultat = _executer([python.parent / "openfisca-cpa", "--version"], cwd=travail)
    version = _executer(
        [python, "-c", "import importlib.metadata as m; print(m.version('openfisca-cpa'))"], cwd=travail
    )
    assert resultat.stdout == f"openfisca-cpa {version.stdout.strip()}\n"
    depot = _executer([python, "-c", "from openfisca_cpa.projet import DEPOT; print(DEPOT)"], cwd=travail)
    assert depot.stdout.startswith("https://github.com/")
