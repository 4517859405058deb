"""Lecture sûre des YAML par openfisca-core : aucune balise ne construit d'objet Python.

openfisca-core 46 lit les paramètres avec `yaml.CLoader`, le chargeur complet de PyYAML, qui exécute
une balise comme `!!python/object/apply:os.system` ; son lanceur de tests YAML fait de même. Un fichier
de paramètres ou de test n'est que de la donnée : `proteger_yaml()` fait lire les deux avec le chargeur
sûr (mêmes constructeurs d'openfisca-core : dates gardées en texte, clés en double refusées). Appelée à
l'import du paquet, elle protège le modèle, l'API, `openfisca test`, le vérificateur et l'aperçu.

Ancres et alias (`&a`, `*a`) : aucun fichier du projet n'en a besoin, et une « bombe » d'alias imbriqués
(9 ancres de 9 alias chacune, « billion laughs ») fait parcourir des milliards de nœuds à qui lit l'arbre
(vérificateur, réformes, openfisca-core). Tous les chargeurs du projet les refusent, avant toute
construction, avec `fichier:ligne:colonne` de l'alias (`AliasRefuseError`) :

- `charger(flux)` : lecture sûre sans alias (réformes, unités, spécification…) ;
- `ChargeurSansAlias` : chargeur PyYAML pur (positions exactes, pour `yaml.compose` du vérificateur) ;
- le chargeur imposé à openfisca-core (paramètres, tests YAML), fondé sur le chargeur C : l'arbre composé
  est parcouru une fois (chaque nœud au plus une fois) ; un nœud atteint deux fois est un alias.
"""

import io

import yaml


class AliasRefuseError(yaml.MarkedYAMLError):
    """Un alias YAML (`*nom`) : refusé dans tous les fichiers du projet."""

    def __init__(self, nom: str, marque, fichier: str | None = None):
        self.nom = nom
        self.fichier = fichier or (marque.name if marque is not None else "<yaml>")
        ligne, colonne = (marque.line + 1, marque.column + 1) if marque is not None else (1, 1)
        self.ligne, self.colonne = ligne, colonne
        super().__init__(
            problem=f"alias YAML « *{nom} » refusé",
            problem_mark=marque,
        )
        self.message = (
            f"{self.fichier}:{ligne}:{colonne}: alias YAML « *{nom} » refusé : les fichiers du projet "
            "n'utilisent ni ancre (&) ni alias (*) ; recopiez la valeur à cet endroit"
        )

    def __str__(self) -> str:
        return self.message


class _SansAlias:
    """Composeur PyYAML (pur Python) qui s'arrête au premier alias, avant de le développer."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            evenement = self.peek_event()
            raise AliasRefuseError(evenement.anchor, evenement.start_mark, getattr(self, "cpa_fichier", None))
        return super().compose_node(parent, index)


class ChargeurSansAlias(_SansAlias, yaml.SafeLoader):
    """Chargeur sûr de PyYAML, sans alias, en pur Python (positions exactes)."""


def premier_alias(texte: str, fichier: str | None = None) -> AliasRefuseError | None:
    """L'erreur du premier alias de `texte` (lecture événement par événement, sans rien développer)."""
    try:
        for evenement in yaml.parse(texte, Loader=yaml.SafeLoader):
            if isinstance(evenement, yaml.AliasEvent):
                return AliasRefuseError(evenement.anchor, evenement.start_mark, fichier)
    except yaml.YAMLError:
        return None
    return None


def _texte_et_nom(flux) -> tuple[str, str | None]:
    if isinstance(flux, bytes):
        return flux.decode("utf-8"), None
    if isinstance(flux, str):
        return flux, None
    nom = getattr(flux, "name", None)
    texte = flux.read()
    if isinstance(texte, bytes):
        texte = texte.decode("utf-8")
    return texte, str(nom) if nom is not None else None


def sans_alias(base):
    """Sous-classe du chargeur `base` (C ou pur Python) qui refuse les alias sans les développer."""

    class Chargeur(base):
        cpa_sans_alias = True

        def __init__(self, flux):
            self.cpa_texte, self.cpa_fichier = _texte_et_nom(flux)
            super().__init__(io.StringIO(self.cpa_texte) if base is not yaml.SafeLoader else self.cpa_texte)

        def get_single_node(self):
            noeud = super().get_single_node()
            if noeud is not None and _partage(noeud):
                erreur = premier_alias(self.cpa_texte, self.cpa_fichier)
                if erreur is None:
                    erreur = AliasRefuseError("?", noeud.start_mark, self.cpa_fichier)
                raise erreur
            return noeud

    Chargeur.__name__ = Chargeur.__qualname__ = f"{base.__name__}SansAlias"
    return Chargeur


def _partage(racine) -> bool:
    """Vrai si un nœud de l'arbre est atteint deux fois (alias) ; chaque nœud n'est visité qu'une fois."""
    vus: set[int] = set()
    pile = [racine]
    while pile:
        noeud = pile.pop()
        if id(noeud) in vus:
            return True
        vus.add(id(noeud))
        if isinstance(noeud, yaml.MappingNode):
            for cle, valeur in noeud.value:
                pile.append(cle)
                pile.append(valeur)
        elif isinstance(noeud, yaml.SequenceNode):
            pile.extend(noeud.value)
    return False


ChargeurSur = sans_alias(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def charger(flux):
    """`yaml.safe_load` sans alias : texte, octets ou fichier ouvert (AliasRefuseError au premier alias)."""
    return yaml.load(flux, Loader=ChargeurSur)


def proteger_yaml() -> None:
    """openfisca-core lit paramètres et tests YAML avec le chargeur sûr (idempotent)."""
    from openfisca_core.parameters import config
    from openfisca_core.tools import test_runner

    base = ChargeurSur
    if not getattr(config.Loader, "cpa_chargeur_sur", False):

        class ChargeurParametres(base):
            """Chargeur sûr de PyYAML avec les deux constructeurs d'openfisca-core."""

            cpa_chargeur_sur = True

        ChargeurParametres.add_constructor("tag:yaml.org,2002:timestamp", config.date_constructor)
        ChargeurParametres.add_constructor(
            yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, config.dict_no_duplicate_constructor
        )
        config.Loader = ChargeurParametres
    if not getattr(test_runner.Loader, "cpa_sans_alias", False):
        test_runner.Loader = base
