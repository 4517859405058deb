"""Réglages de schemathesis pour cette API, chargés par le test court et par la forme longue.

La forme longue les charge par `SCHEMATHESIS_HOOKS=fiabilite.crochets` (fiabilite/fuzz.py le fait).
"""

import schemathesis

#: Un corps Parquet est envoyé tel que généré (octets bruts) : l'API doit le refuser proprement (400).
schemathesis.serializer.alias("application/vnd.apache.parquet", "application/octet-stream")
