"""Heures de DIF inscrites au compte."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class cpf_heures_dif(Variable):
    value_type = float
    entity = Individu
    definition_period = ETERNITY
    unit = "hour"
    label = "Heures de droit individuel à la formation (DIF) inscrites au compte, converties le 1er janvier 2019"
    reference = ("https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037814909",)
    documentation = """
    Soldes de DIF au 31 décembre 2014 (120 h au plus), inscrits sur la plateforme au plus tard le 30 juin 2021.
    Hors plafond en heures jusqu'en 2018 ; convertis à 15 €/h et comptés dans le plafond en euros depuis
    l'ordonnance n° 2019-861 (en vigueur le 23 août 2019).
    """
