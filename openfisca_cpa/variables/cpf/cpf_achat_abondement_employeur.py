"""Abondement de l'employeur ou de l'OPCO pour l'achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_achat_abondement_employeur(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Montant versé pour l'action par l'employeur, un accord d'entreprise ou de branche ou l'OPCO (L6323-4 II 2° et 3°)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046873599",
        "https://financeurs.moncompteformation.gouv.fr/actualites/la-participation-financiere-obligatoire-pour-mobiliser-les-droits-cpf",
    )
    documentation = """
    Montant effectivement versé pour l'action ; exonère de la participation forfaitaire (L6323-7, pratique de la Caisse).
    """
