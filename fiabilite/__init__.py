"""Fiabilité de l'API : fuzzing depuis la spécification, charge, pannes (voir fiabilite/README.md).

Tout le trafic va vers 127.0.0.1, sur un serveur que ces outils démarrent eux-mêmes ; chaque
boucle de requêtes est bornée en nombre et en durée.
"""
