"""Exposition à un facteur de risques professionnels (D4163-2 C. trav.)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class c2p_nb_interventions_hyperbares(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "nombre"
    label = "Interventions ou travaux à au moins 1 200 hPa (milieu hyperbare) sur l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962458",
        "https://www.ameli.fr/entreprise/sante-travail/prevention/compte-professionnel-prevention",
    )
    documentation = """
    Conditions habituelles du poste appréciées en moyenne sur l'année, après protections collectives et individuelles.
    """
