"""Ouverture du compte au 31 décembre."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.saisies import vrai_quelque_part
from openfisca_cpa.entities import Individu


class cpf_compte_ouvert(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le compte personnel d'activité est ouvert au 31 décembre de l'année (il reste ouvert après la retraite)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033023569",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046454647",
    )
    documentation = """
    Seize ans atteints pendant l'année, ou quinze ans pour l'apprenti de l'année. Le compte n'est fermé
    qu'au décès (hors du modèle). Aucune alimentation n'est due pour une année où il n'est pas ouvert.
    """

    def formula_2015_01_01(individu, period, parameters):
        """L6323-1 et L5151-2 C. trav. : ouvert dès seize ans, dès quinze ans pour l'apprenti."""
        p = parameters(period).cpf.ouverture
        # Âge au 31 décembre ≥ seuil, soit année de naissance ≤ année − seuil (sans tableau d'âges).
        naissance = individu("annee_naissance", period)
        annee = period.start.year
        ouvert = naissance <= annee - p.age_minimum
        apprenti = vrai_quelque_part(individu, "apprenti", period)
        if apprenti is not None:
            ouvert |= (naissance <= annee - p.age_minimum_apprenti) & apprenti
        return ouvert
