"""Cofinancement de l'achat par d'autres tiers."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_achat_cofinancement_autres_tiers(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Montant versé pour l'action par un autre tiers de L6323-4 II 6° à 12° (État, région, France Travail, Agefiph, FAF, chambres, collectivités)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",
        "https://financeurs.moncompteformation.gouv.fr/actualites/la-participation-financiere-obligatoire-pour-mobiliser-les-droits-cpf",
    )
    documentation = """
    Compte pour le cofinancement du permis du groupe léger ; n'exonère pas de la participation forfaitaire.
    """
