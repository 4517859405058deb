"""Position du contrat par rapport à la réforme des seuils de nuit du 1er septembre 2023."""

from openfisca_core.model_api import YEAR, Enum, Variable

from openfisca_cpa.commun.c2p import SituationContratReforme
from openfisca_cpa.entities import Individu


class c2p_situation_contrat_reforme_seuils(Variable):
    value_type = Enum
    possible_values = SituationContratReforme
    default_value = SituationContratReforme.a_cheval
    entity = Individu
    definition_period = YEAR
    label = (
        "Position du contrat exposé par rapport au 1er septembre 2023, pour les seuils de nuit de l'année de transition"
    )
    reference = (
        "https://www.ameli.fr/entreprise/actualites/travail-de-nuit-et-en-equipes-successives-alternantes-quels-seuils-d-exposition-declarer",
    )
    documentation = """
    Ne sert que l'année de transition (2023) : 113 / 43 nuits pour un contrat couvrant toute l'année ou à cheval
    sur le 1er septembre (défaut), 120 / 50 pour un contrat entièrement compris entre le 1er janvier et le 31 août,
    100 / 30 pour un contrat entièrement compris entre le 1er septembre et le 31 décembre (ameli).
    """
