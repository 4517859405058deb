"""Le guide des économistes (docs/guide_microsimulation.py, format percent de jupytext) s'exécute sans erreur."""

import runpy
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guide_microsimulation.py"


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_guide_s_execute(capsys):
    espace = runpy.run_path(str(GUIDE), run_name="__main__")
    sortie = capsys.readouterr().out
    assert "Droits CPF totaux fin 2026" in sortie
    assert "Coût de la réforme" in sortie
    assert "heures_travaillees" in sortie and "ligne 2" in sortie
    assert espace["comparaison"]["ecart"].sum() > 0
    assert "Plus grand écart du relevé : 0.00 €" in sortie
    assert len(espace["plans"]) == 5 and "Totaux pondérés par source" in sortie
    assert espace["totaux"]["prix"] > 0
