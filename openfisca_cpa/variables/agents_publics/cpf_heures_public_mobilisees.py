"""Heures utilisées sur le compteur public."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cpf_heures_public_mobilisees(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    default_value = 0
    unit = "hour"
    label = "Heures utilisées sur le compteur public pendant l'année civile, heures converties en euros comprises"
    reference = ("https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",)
    documentation = (
        "Heures entières, positives. Débitées avant l'alimentation de l'année, sans jamais rendre le solde négatif."
    )
