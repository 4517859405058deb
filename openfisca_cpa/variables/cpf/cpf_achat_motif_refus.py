"""Refus de l'achat par le CPF."""

import numpy as np
from openfisca_core.model_api import DAY, Enum, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.cpf_achat import (
    MotifRefusAchatCPF,
    TypeActionCPF,
    date_moins_annees,
    est,
)
from openfisca_cpa.entities import Individu


class cpf_achat_motif_refus(Variable):
    value_type = Enum
    possible_values = MotifRefusAchatCPF
    default_value = MotifRefusAchatCPF.aucun
    entity = Individu
    definition_period = DAY
    label = "Motif pour lequel les droits du CPF ne peuvent pas financer l'achat daté de ce jour (aucun : éligible ou pas d'achat)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049551184",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053549516",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053572418",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053572443",
    )
    documentation = """
    Permis du groupe léger : depuis le 19 mai 2024, pas de permis valide (BE excepté) ; depuis le 21 février 2026,
    demandeur d'emploi ou cofinancement d'un tiers, d'au moins 100 € depuis le 26 février 2026. Bilan de
    compétences : depuis le 26 février 2026, pas de bilan financé par un financeur de L6316-1 ou un FAF dans les
    cinq ans (seuls les droits statutaires sont alors exclus). Le lien au projet professionnel exigé pour le permis
    B de 2017 à 2023 n'est pas modélisé. Depuis le 8 août 2019, un titulaire qui remplit les conditions de
    L5421-4 1° à 3° (cpf_droits_mobilisables faux, jour de la liquidation compris) ne peut plus mobiliser ses droits
    statutaires ni ses crédits (droits_cpf_retraite) : l'achat reste éligible et le CEC peut le payer (L6323-3
    al. 4).
    """

    def formula_2019_01_01(individu, period, parameters):
        """D6323-8, L6323-6 II 4°, D6323-6 et L6323-3 al. 3 C. trav. : permis, bilan de compétences, retraite."""
        p = parameters(period).cpf.usage
        type_action = individu("cpf_achat_type_action", period)
        achat = en_float64(individu("cpf_prix_formation", period)) > 0
        leger = est(type_action, TypeActionCPF.permis_groupe_leger, TypeActionCPF.permis_be)
        conditions, motifs = [], []

        permis = getattr(p, "permis_groupe_leger", None)
        if permis is not None and getattr(permis, "sans_permis_valide", None):
            conditions.append(
                est(type_action, TypeActionCPF.permis_groupe_leger)
                & individu("cpf_achat_titulaire_permis_valide", period)
            )
            motifs.append(MotifRefusAchatCPF.permis_deja_detenu)
        if permis is not None and getattr(permis, "demandeur_emploi_ou_cofinancement", None):
            cofinancement = en_float64(individu("cpf_achat_cofinancement_tiers", period))
            hors_demandeur = leger & np.logical_not(individu("demandeur_emploi", period))
            conditions.append(hors_demandeur & (cofinancement <= 0))
            motifs.append(MotifRefusAchatCPF.permis_sans_cofinancement)
            minimum = getattr(permis, "cofinancement_tiers_minimum", None)
            if minimum is not None:
                conditions.append(hors_demandeur & (cofinancement < minimum))
                motifs.append(MotifRefusAchatCPF.permis_cofinancement_insuffisant)

        # L6323-3 al. 3 et 4 : après la cessation pour retraite, seul le CEC paie (l'achat reste éligible).
        conditions.append(np.logical_not(individu("cpf_droits_mobilisables", period)))
        motifs.append(MotifRefusAchatCPF.droits_cpf_retraite)

        bilan = getattr(p, "bilan_competences", None)
        carence = None if bilan is None else getattr(bilan, "carence_ans", None)
        if carence is not None:
            dernier = individu("cpf_achat_date_dernier_bilan_finance", period)
            debut = date_moins_annees(period.start, carence)
            jour = date_moins_annees(period.start, 0)
            conditions.append(est(type_action, TypeActionCPF.bilan_competences) & (dernier > debut) & (dernier <= jour))
            motifs.append(MotifRefusAchatCPF.bilan_deja_finance)

        if not conditions:
            return np.full(individu.count, MotifRefusAchatCPF.aucun.index)
        motif = np.select(conditions, [m.index for m in motifs], MotifRefusAchatCPF.aucun.index)
        return np.where(achat, motif, MotifRefusAchatCPF.aucun.index)
