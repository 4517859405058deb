"""Exposition à un facteur de risques professionnels (D4163-2 C. trav.)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class c2p_nuits_travail_nuit(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "nombre"
    label = "Nuits de travail de nuit (au moins 1 heure entre minuit et 5 heures) sur l'année, dans les conditions habituelles du poste"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962458",
        "https://www.ameli.fr/entreprise/actualites/travail-de-nuit-et-en-equipes-successives-alternantes-quels-seuils-d-exposition-declarer",
    )
    documentation = """
    Conditions habituelles du poste appréciées en moyenne sur l'année, après protections collectives et individuelles.
    """
