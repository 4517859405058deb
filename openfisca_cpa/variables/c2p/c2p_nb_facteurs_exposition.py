"""Facteurs de risques au-delà des seuils dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import nb_facteurs
from openfisca_cpa.entities import Individu


class c2p_nb_facteurs_exposition(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "nombre"
    label = (
        "Nombre de facteurs de risques professionnels dont le seuil annuel est atteint au titre de l'année d'exposition"
    )
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962458",
        "https://www.ameli.fr/entreprise/sante-travail/prevention/compte-professionnel-prevention",
        "https://www.ameli.fr/entreprise/actualites/travail-de-nuit-et-en-equipes-successives-alternantes-quels-seuils-d-exposition-declarer",
    )
    documentation = """
    Six facteurs : travail de nuit, équipes successives alternantes, travail répétitif, milieu hyperbare (depuis
    2015), températures extrêmes et bruit (depuis le 1er juillet 2016). Les quatre facteurs supprimés le 1er
    octobre 2017 (manutentions, postures, vibrations, agents chimiques) ne sont pas modélisés : leurs seuils ne
    sont pas sourcés. Seuils de nuit abaissés le 1er septembre 2023 ; année 2023 : seuils transitoires 113 / 43.
    """

    def formula_2015_01_01(individu, period, parameters):
        """D4163-2 C. trav. : un facteur compte quand son seuil annuel d'intensité et de durée est atteint."""
        return nb_facteurs(individu, period.start.year)
