"""Refus d'une utilisation de points du C2P pour la formation."""

from openfisca_core.model_api import DAY, Enum, Variable

from openfisca_cpa.commun.c2p import MotifRefusC2P, decision
from openfisca_cpa.entities import Individu


class c2p_motif_refus_formation(Variable):
    value_type = Enum
    possible_values = MotifRefusC2P
    default_value = MotifRefusC2P.aucun
    entity = Individu
    definition_period = DAY
    label = "Motif du refus de la demande de points du C2P pour la formation datée de ce jour (aucun : accordée ou pas de demande)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038024777",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
    )
    documentation = """
    Une demande est refusée en entier (0 point débité) si elle dépasse le solde à cette date (solde de fin N-1
    moins les points déjà accordés en N), ou si le nombre de points n'est pas entier.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 C. trav. : la demande de formation est refusée si le solde à cette date ne la couvre pas."""
        return decision(individu, "c2p_motif_refus_formation", period)
