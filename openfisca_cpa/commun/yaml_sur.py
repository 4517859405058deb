"""Lecture sûre des YAML par openfisca-core : aucune balise ne construit d'objet Python.

openfisca-core 46 lit les paramètres avec `yaml.CLoader`, le chargeur complet de PyYAML, qui exécute
une balise comme `!!python/object/apply:os.system` ; son lanceur de tests YAML fait de même. Un fichier
de paramètres ou de test n'est que de la donnée : `proteger_yaml()` fait lire les deux avec le chargeur
sûr (mêmes constructeurs d'openfisca-core : dates gardées en texte, clés en double refusées). Appelée à
l'import du paquet, elle protège le modèle, l'API, `openfisca test`, le vérificateur et l'aperçu.
"""

import yaml


def proteger_yaml() -> None:
    """openfisca-core lit paramètres et tests YAML avec le chargeur sûr (idempotent)."""
    from openfisca_core.parameters import config
    from openfisca_core.tools import test_runner

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not getattr(config.Loader, "cpa_chargeur_sur", False):

        class ChargeurParametres(base):
            """Chargeur sûr de PyYAML avec les deux constructeurs d'openfisca-core."""

            cpa_chargeur_sur = True

        ChargeurParametres.add_constructor("tag:yaml.org,2002:timestamp", config.date_constructor)
        ChargeurParametres.add_constructor(
            yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, config.dict_no_duplicate_constructor
        )
        config.Loader = ChargeurParametres
    if not issubclass(test_runner.Loader, yaml.SafeLoader) and test_runner.Loader is not getattr(
        yaml, "CSafeLoader", None
    ):
        test_runner.Loader = base
