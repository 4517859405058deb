"""Point d'entrée de la commande `openfisca-cpa` : message clair si les outils de population manquent.

La commande elle-même est dans openfisca_cpa/population/cli.py ; elle demande l'extra
`population` (pandas, pyarrow, matplotlib, tqdm, microdf-python). Sans lui, `--version` répond quand même et
toute autre demande dit quoi installer, au lieu d'une trace d'import.
"""

from __future__ import annotations

import sys

#: Modules apportés par les extras `population` et `dask`.
MODULES_POPULATION = {"pandas", "pyarrow", "matplotlib", "tqdm", "microdf", "dask", "distributed"}

CODE_EXTRA_MANQUANT = 3


def main(argv: list[str] | None = None) -> int:
    try:
        from openfisca_cpa.population.cli import main as principal
    except ModuleNotFoundError as exc:
        racine = (exc.name or "").split(".")[0]
        if racine not in MODULES_POPULATION:
            raise
        from openfisca_cpa.projet import DISTRIBUTION, VERSION

        arguments = sys.argv[1:] if argv is None else argv
        if arguments in (["--version"], ["-V"]):
            print(f"openfisca-cpa {VERSION}")
            return 0
        print(
            f"Erreur : la commande openfisca-cpa demande les outils de population, absents de cet "
            f"environnement (module manquant : {racine}).\n"
            f"Installez-les avec : pip install '{DISTRIBUTION}[population]' "
            f"(et '{DISTRIBUTION}[dask]' pour l'exécution sur Dask).",
            file=sys.stderr,
        )
        return CODE_EXTRA_MANQUANT
    return principal(argv)


if __name__ == "__main__":
    sys.exit(main())
