"""Refus d'une utilisation de points du C2P pour le temps partiel."""

from openfisca_core.model_api import DAY, Enum, Variable

from openfisca_cpa.commun.c2p import MotifRefusC2P, decision
from openfisca_cpa.entities import Individu


class c2p_motif_refus_temps_partiel(Variable):
    value_type = Enum
    possible_values = MotifRefusC2P
    default_value = MotifRefusC2P.aucun
    entity = Individu
    definition_period = DAY
    label = "Motif du refus de la demande de points du C2P pour le temps partiel datée de ce jour (aucun : accordée ou pas de demande)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331818",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036407781",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047960073",
        "https://www.compteprofessionnelprevention.fr/reconversion.html",
    )
    documentation = """
    Refus si : points non multiples de 10 ; réduction non renseignée ; durée restante hors de 20 % à 80 % ; plus de
    80 points pour le temps partiel avant 60 ans (demandes depuis le 1er septembre 2023, points utilisés avant 60 ans
    depuis le début comptés) ; solde insuffisant ; points réservés à la formation. Le même jour, la formation est
    servie d'abord, puis le temps partiel, puis la retraite.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-12, R4163-13, D4163-13-1 et D4163-25 C. trav. : tranches de 10 points, points réservés, bornes de durée."""
        return decision(individu, "c2p_motif_refus_temps_partiel", period)
