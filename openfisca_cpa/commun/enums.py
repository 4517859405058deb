"""Énumérations partagées par plusieurs variables (importées en absolu, hors de `variables/`)."""

from openfisca_core.model_api import Enum


class CategorieIntermittent(Enum):
    non_intermittent = "Non intermittent du spectacle"
    artiste = "Artiste (réalisateurs compris ; un cachet vaut un jour)"
    technicien = "Technicien du spectacle vivant ou enregistré"
