"""Nature de l'action achetée avec le CPF."""

from openfisca_core.model_api import DAY, Enum, Variable

from openfisca_cpa.commun.cpf_achat import TypeActionCPF
from openfisca_cpa.entities import Individu


class cpf_achat_type_action(Variable):
    value_type = Enum
    possible_values = TypeActionCPF
    default_value = TypeActionCPF.autre
    entity = Individu
    definition_period = DAY
    label = "Nature de l'action achetée avec le CPF à cette date"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053569786",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053549516",
    )
