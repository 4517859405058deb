"""Agent public de l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class agent_public(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    default_value = False
    label = "A occupé un emploi public pendant l'année (fonctionnaire, contractuel de droit public des trois fonctions publiques, ouvrier d'État)"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896100",
        "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000044416551/LEGISCTA000044422274/",
    )
    documentation = """
    Ouvre droit au compteur public en heures (cpf_solde_heures_public) depuis 2017. Le temps public
    n'entre jamais dans heures_travaillees (compteur du Code du travail, en euros). Les contrats de droit
    privé dans un employeur public (apprentis, contrats aidés) relèvent du Code du travail : les saisir
    dans heures_travaillees, pas ici.
    """
