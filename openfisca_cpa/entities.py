"""Entités du modèle : l'individu, seule entité nécessaire au compte personnel d'activité."""

from openfisca_core.entities import build_entity

Individu = build_entity(
    key="individu",
    plural="individus",
    label="Individu",
    doc="""
    Titulaire d'un compte personnel d'activité (CPF, CEC, C2P).

    Les faits relatifs aux employeurs (durée de référence, forfait en jours, exposition
    aux facteurs de risques) sont des variables de l'individu, comme dans openfisca-france.
    """,
    is_person=True,
)

entities = [Individu]
