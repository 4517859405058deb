"""Agent de catégorie C."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class agent_public_categorie_c(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    default_value = False
    label = "Appartient à un corps ou cadre d'emplois de catégorie C, ou occupe un emploi de niveau équivalent, pendant l'année"
    reference = ("https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",)
    documentation = "Avec peu_qualifie (pas de diplôme ou titre de niveau 3) : crédit de 48 h (50 h depuis 2020) et plafond de 400 h."
