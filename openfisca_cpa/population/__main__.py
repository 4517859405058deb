"""``python -m openfisca_cpa.population`` : même chose que la commande ``openfisca-cpa``."""

import sys

from openfisca_cpa.population.cli import main

# Garde indispensable : les travailleurs Dask (multiprocessing « spawn ») réimportent ce module.
if __name__ == "__main__":
    sys.exit(main())
