"""La roue (wheel) construite contient tous les fichiers de données du modèle."""

import subprocess
import sys
import zipfile
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
PAQUET = RACINE / "openfisca_cpa"


def test_la_roue_embarque_parametres_tests_et_unites(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(RACINE),
        ],
        check=True,
        capture_output=True,
    )
    (roue,) = tmp_path.glob("openfisca_cpa-*.whl")
    contenu = set(zipfile.ZipFile(roue).namelist())
    attendus = {
        str(p.relative_to(RACINE))
        for motif in ("parameters/**/*.yaml", "tests/**/*.yaml", "units.yaml")
        for p in PAQUET.glob(motif)
    }
    manquants = sorted(attendus - contenu)
    assert not manquants, f"absents de la roue (package_data) : {manquants[:10]}"
    assert not any(nom.startswith("api/") for nom in contenu), "l'application web ne doit pas être installée"
