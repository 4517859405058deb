"""Activités du CEC validées au titre de l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import nb_credits
from openfisca_cpa.entities import Individu


class cec_nb_activites_validees(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "nombre"
    label = "Nombre de crédits du CEC ouverts au titre de l'année d'activité : activités distinctes de D5151-14 ayant atteint leur durée minimale"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
        "https://travail-emploi.gouv.fr/formation-professionnelle/cpa/article/le-compte-engagement-citoyen-fiche-pratique",
    )
    documentation = """
    Un crédit par activité distincte et par année (par catégorie si cec.credit_par_categorie).
    Durées minimales lues au 31 décembre de l'année ; pour 2017-2018, celles de 2019 (paramètre
    cec.seuils.durees_pour_annees_en_heures, durées de 2017 non lues). Service civique, maître
    d'apprentissage et réserve de l'Éducation nationale sont appréciés sur l'année et la précédente,
    sans double compte. L'âge minimal (16 ans, 15 pour un apprenti) n'est pas vérifié.
    """

    def formula_2017_01_01(individu, period, parameters):
        """D5151-14 I et II C. trav. : une activité validée par durée minimale atteinte sur sa période d'appréciation."""
        return nb_credits(individu, period.start.year)
