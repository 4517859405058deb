"""Indication de pages énormes de numpy retirée à l'import du paquet, sauf choix par NUMPY_MADVISE_HUGEPAGE."""

import os
import subprocess
import sys

import pytest

SCRIPT = "import numpy, openfisca_cpa; print(numpy._core.multiarray._get_madvise_hugepage())"


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [(None, "False"), ("1", "True"), ("0", "False")],
)
def test_indication_pages_enormes(valeur, attendu):
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if valeur is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = valeur
    sortie = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == attendu
