"""Exposition à un facteur de risques retiré le 1er octobre 2017 (D4161-2 C. trav., version 2015-2017)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class c2p_heures_manutention_manuelle(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    default_value = 0
    unit = "hour"
    label = "Heures de manutentions manuelles de charges sur l'année (lever ou porter 15 kg, pousser ou tirer 250 kg, déplacer ou prendre au sol ou au-dessus des épaules 10 kg), du 1er juillet 2016 au 30 septembre 2017"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029561984",)
    documentation = """
    Conditions habituelles du poste appréciées en moyenne sur l'année, après protections collectives et
    individuelles. Facteur en vigueur du 1er juillet 2016 au 30 septembre 2017 : en 2016 seuls les mois à
    partir de juillet comptent ; en 2017, voir le paramètre c2p.points.annee_de_suppression_creditee.
    """
