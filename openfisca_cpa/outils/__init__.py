"""Outils pour les juristes : vérification des paramètres, fraîcheur, navigateur et aperçu d'une modification."""
