"""Année civile de naissance, calculée une fois par simulation (la même chaque année)."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.ouverture import annee_de
from openfisca_cpa.commun.saisies import deja_calculee, saisie
from openfisca_cpa.entities import Individu


class annee_naissance(Variable):
    value_type = int
    unit = "year"
    default_value = 1970
    entity = Individu
    definition_period = YEAR
    label = "Année civile de naissance (tirée de date_naissance)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033023569",)
    documentation = """
    Tirée de date_naissance une seule fois et gardée par le holder : l'âge au 31 décembre de chaque année
    (ouverture du compte, L6323-1 et L5151-2 C. trav.) s'en déduit sans reconvertir les dates chaque année.
    """

    def formula(individu, period, parameters):
        """L6323-1 et L5151-2 C. trav. : année de naissance, d'où l'âge au 31 décembre qui ouvre le compte."""
        connue = deja_calculee(individu, "annee_naissance")  # la même chaque année : calculée une fois
        if connue is not None:
            return connue
        naissances = saisie(individu, "date_naissance", period)
        if naissances is None:  # date jamais saisie : la valeur par défaut pour tous, sans tableau de dates
            defaut = individu.get_holder("date_naissance").variable.default_value
            return np.full(individu.count, defaut.year)
        return annee_de(naissances)
