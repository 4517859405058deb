"""Alimentation plus favorable prévue par un accord collectif."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cpf_abondement_accord(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    default_value = 0
    unit = "currency-EUR"
    label = "Droits supplémentaires versés au CPF pour l'année par l'employeur en application d'un accord d'entreprise, de groupe ou de branche plus favorable (euros, hors plafond)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038951729",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000039216076",
    )
    documentation = """
    L6323-11 al. 4 C. trav. : l'accord peut prévoir une alimentation plus favorable, assortie d'un
    financement spécifique. R6323-2 : l'employeur calcule chaque année les droits qui abondent le compte
    et verse la somme à la Caisse des dépôts ; le compte est alimenté à réception. Saisir ce montant
    (crédit supplémentaire, ou effet d'un plafond conventionnel plus élevé, tel que l'employeur le
    calcule). Il s'ajoute au compteur des abondements (cpf_solde_abondements), hors alimentation statutaire
    et hors plafond légal, et il est mobilisé avant les droits du titulaire (R6333-3). Euros, positif.
    """
