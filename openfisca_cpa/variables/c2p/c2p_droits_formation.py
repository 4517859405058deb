"""Euros de formation financés par des points du C2P."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_droits_formation(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Euros de formation financés par les points du C2P utilisés à cette date (demande accordée)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038024777",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
    )
    documentation = """
    375 € par point pour les demandes du 1er janvier 2019 au 31 août 2023, 500 € depuis le 1er septembre 2023
    (formation ou reconversion). Avant 2019 : heures (c2p_heures_formation). Exonère l'achat CPF de la
    participation forfaitaire.
    """

    def formula_2019_01_01(individu, period, parameters):
        """R4163-11 1° C. trav. : points utilisés × montant par point en vigueur à la date de la demande."""
        p = parameters(period).c2p.utilisation.formation
        return individu("c2p_points_accordes_formation", period) * p.euros_par_point
