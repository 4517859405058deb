"""Solde connu du CEC, en euros."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class cec_solde_initial(Variable):
    value_type = float
    entity = Individu
    definition_period = ETERNITY
    unit = "currency-EUR"
    label = (
        "Solde connu du CEC en euros, après l'alimentation au titre de l'année cec_annee_solde_initial (2018 ou après)"
    )
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = """
    Le montant qu'affiche le compte officiel. Pour 2018 : les heures converties au 1er janvier 2019.
    Les années suivantes sont projetées à partir de lui.
    """
