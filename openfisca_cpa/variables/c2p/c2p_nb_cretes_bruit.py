"""Exposition à un facteur de risques professionnels (D4163-2 C. trav.)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class c2p_nb_cretes_bruit(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "nombre"
    label = "Nombre de fois où le bruit atteint une pression acoustique de crête d'au moins 135 dB(C) sur l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962458",
        "https://www.ameli.fr/entreprise/sante-travail/prevention/compte-professionnel-prevention",
    )
    documentation = """
    Conditions habituelles du poste appréciées en moyenne sur l'année, après protections collectives et individuelles.
    """
