"""Solde connu du C2P."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class c2p_solde_points_initial(Variable):
    value_type = float
    entity = Individu
    definition_period = ETERNITY
    unit = "point"
    label = "Solde connu de points du C2P, après l'année c2p_annee_solde_points_initial"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",)
    documentation = """
    Remplace le calcul pour son année. L'historique antérieur est alors inconnu : le cumul des points acquis
    (plafond de 100 points) est pris égal à ce solde, les points réservés à la formation sont supposés intacts et
    aucune utilisation passée pour le temps partiel ou la retraite n'est comptée.
    """
