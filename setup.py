"""Paquet OpenFisca du compte personnel d'activité (CPF, CEC, C2P)."""

from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="openfisca-cpa",
    version="0.1.0",
    description="Modèle OpenFisca du compte personnel d'activité : CPF, CEC et C2P",
    long_description=(Path(__file__).parent / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.11",
    # Seul le paquet du modèle est installé ; l'application web `api/` reste dans le dépôt.
    packages=find_packages(include=["openfisca_cpa", "openfisca_cpa.*"]),
    include_package_data=True,
    package_data={
        "openfisca_cpa": [
            "units.yaml",
            "parameters/**/*.yaml",
            "tests/**/*.yaml",
            "situation_examples/*.json",
        ],
    },
    install_requires=[
        "OpenFisca-Core[web-api]>=46.0.1,<47",
        "numpy>=2.1,<3",
        "pandas>=3.1,<4",
        "pyarrow>=26,<27",
        "PyYAML>=6.0.2,<7",
        "psutil>=5.9.4,<8",
        "dask[distributed]>=2026.8,<2027",
        "matplotlib>=3.11,<4",
        "tqdm>=4.70,<5",
        "microdf-python>=1.5.12,<2",
    ],
    entry_points={"console_scripts": ["openfisca-cpa = openfisca_cpa.population.cli:main"]},
    extras_require={
        "dev": ["pytest>=9", "pytest-benchmark>=5", "ruff>=0.17", "yamllint>=1.38"],
    },
)
