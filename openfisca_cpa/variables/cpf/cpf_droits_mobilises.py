"""Droits statutaires du CPF mobilisés dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cpf_droits_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Droits statutaires du CPF dépensés pendant l'année civile (heures jusqu'en 2018, euros à partir de 2019)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038031942",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029535805",
    )
    documentation = """
    Débités avant l'alimentation au titre de la même année. Jusqu'en 2018 le débit porte sur le compteur
    en heures, après les heures de DIF utilisées en premier (R6323-7, paramètre cpf.usage.dif_en_premier) ;
    au-delà du solde, le débit est borné à zéro.
    Limite non appliquée : jusqu'au 31 décembre 2018, R6323-7 (décret n° 2014-1120) bornait à 150 heures le
    cumul DIF + CPF mobilisé pour une même formation. Cette saisie est un total annuel, sans découpe par
    formation (les achats datés du plan commencent en 2019) : un total de plus de 150 h peut réunir plusieurs
    formations, et un plafond annuel serait faux. La saisie est prise telle quelle ; ne pas y déclarer plus de
    150 h pour une même formation.
    """
