"""Refus d'une utilisation de points du C2P pour la retraite."""

from openfisca_core.model_api import DAY, Enum, Variable

from openfisca_cpa.commun.c2p import MotifRefusC2P, decision
from openfisca_cpa.entities import Individu


class c2p_motif_refus_retraite(Variable):
    value_type = Enum
    possible_values = MotifRefusC2P
    default_value = MotifRefusC2P.aucun
    entity = Individu
    definition_period = DAY
    label = "Motif du refus de la demande de points du C2P pour la retraite datée de ce jour (aucun : accordée ou pas de demande)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047452226",
        "https://mairiestegemme.fr/mes-demarches/famille/?xml=F36326",
    )
    documentation = """
    Refus si : points non multiples de 10 ; âge inférieur à 55 ans à la date de la demande ; plus de 8 trimestres
    sur la carrière ; solde insuffisant ; points réservés à la formation.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 3° et L4163-7 C. trav. : 10 points par trimestre, 8 trimestres au plus, à partir de 55 ans."""
        return decision(individu, "c2p_motif_refus_retraite", period)
