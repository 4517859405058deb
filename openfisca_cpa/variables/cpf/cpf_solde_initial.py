"""Solde statutaire connu du CPF, en euros."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class cpf_solde_initial(Variable):
    value_type = float
    entity = Individu
    definition_period = ETERNITY
    unit = "currency-EUR"
    label = "Solde statutaire connu du CPF en euros, après l'alimentation au titre de l'année cpf_annee_solde_initial (2018 ou après)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",)
    documentation = """
    Le montant qu'affiche le compte officiel après le versement de l'alimentation de l'année N (en N+1).
    Les années suivantes sont projetées à partir de lui. Pour 2018 : le montant converti, DIF compris.
    """
