"""Outils partagés par les formules (arrondis légaux, conversions de précision)."""
