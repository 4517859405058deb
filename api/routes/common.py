"""Request helpers shared by the blueprints: JSON bodies read strictly, media types."""

from __future__ import annotations

import json
import logging
import re

from flask import current_app, request

from api.errors import InvalidJsonError, UnsupportedMediaTypeError, describe
from openfisca_cpa.erreurs import EntreeEnDouble, join_path

#: Media types read as JSON. A body sent without Content-Type, or as a form by `curl -d`,
#: is read as JSON too: openfisca_web_api answered 500 there.
logger = logging.getLogger(__name__)


def state():
    """The ApiState built by create_app (system, metadata, limits, spec)."""
    from api import EXTENSION

    return current_app.extensions[EXTENSION]


def public_base_url() -> str:
    """Base of the absolute links of /, /spec, /variables and /parameters, ending with « / ».

    CPA_URL_PUBLIQUE when set (the Host header is then never copied into an answer); otherwise the
    Host of the request (validated by api.securite), and the answer carries `Vary: Host` so that a
    shared cache never serves links built for one Host to a request for another.
    """
    configured = str(current_app.config.get("URL_PUBLIQUE") or "")
    if configured:
        return configured.rstrip("/") + "/"
    from flask import g

    g.cpa_vary_host = True
    return request.host_url


JSON_LIKE = {"", "application/json", "text/plain", "application/x-www-form-urlencoded"}


def media_type() -> str:
    return (request.mimetype or "").lower()


def read_body() -> bytes:
    """The raw body. A chunked body (no Content-Length) past MAX_CONTENT_LENGTH is answered 413.

    Werkzeug stops reading such a body at the limit without an error; reading one more byte
    from its limited stream raises RequestEntityTooLarge.
    """
    body = request.get_data(cache=True)
    limit = request.max_content_length
    if limit is not None and request.content_length is None and len(body) >= limit:
        request.stream.read(1)
    return body


def read_json(accepted_other: tuple[str, ...] = ()) -> object:
    """The body parsed as strict JSON (no NaN/Infinity), or a located 400/415 error."""
    kind = media_type()
    if kind not in JSON_LIKE and not kind.endswith("+json"):
        expected = ", ".join(("application/json", *accepted_other))
        raise UnsupportedMediaTypeError(
            f"Type de contenu « {kind} » non pris en charge : envoyez du JSON (Content-Type: application/json).",
            expected=expected,
            received=kind,
        )
    body = read_body()
    if not body.strip():
        raise InvalidJsonError(
            "Le corps de la requête est vide : un objet JSON est attendu.",
            expected="un objet JSON",
            received="un corps vide",
        )
    from flask import g

    from api import budget

    memory = budget.json_memory(body)
    budget.check_body(
        memory, int(current_app.config.get("MEMOIRE_REQUETE") or 0), f"corps JSON de {len(body)} octets, une fois lu"
    )
    g.cpa_memoire_corps = g.cpa_memoire_estimee = memory
    return parse_json(body)


def _no_duplicate_keys(pairs: list, found: list) -> dict:
    """object_pairs_hook: a key given twice in one object is marked (never "last wins").

    The hook sees one object at a time, not where it sits: the object is returned marked with the
    duplicated key (and counted in `found`), and `_duplicate_path` finds it in the parsed document
    to give the error its path.
    """
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                marked = _ObjectWithDuplicate(pairs)
                marked.duplicate = key
                found.append(key)
                return marked
            seen.add(key)
    return result


class _ObjectWithDuplicate(dict):
    """A JSON object in which `duplicate` was written twice (first value kept, only to locate the error)."""

    duplicate: str = ""

    def __init__(self, pairs: list) -> None:
        super().__init__()
        for key, value in pairs:
            self.setdefault(key, value)


def _duplicate_path(document: object) -> tuple[list[object], str] | None:
    """(path of the duplicated key, key) of the first object, in document order, holding a duplicate.

    The path is that of the object holding the duplicate followed by the key itself, the segments of
    every other error (« individus/alice/heures_travaillees/2024 »). Walked only when a duplicate was
    found, so a valid body never pays for it.
    """
    stack: list[tuple[object, list[object]]] = [(document, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _ObjectWithDuplicate):
            return [*path, value.duplicate], value.duplicate
        if isinstance(value, dict):
            children = [(child, [*path, key]) for key, child in value.items() if isinstance(child, dict | list)]
        elif isinstance(value, list):
            children = [(child, [*path, i]) for i, child in enumerate(value) if isinstance(child, dict | list)]
        else:
            continue
        stack.extend(reversed(children))  # document order: the first child is taken first
    return None


#: A JSON string token, optionally followed by a colon (then it is an object key).
_STRING_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"(\s*:)?')


def _count_key_tokens(body: bytes) -> int:
    """Keys written in the body: strings followed by a colon (strings cannot nest, so the scan is exact)."""
    return sum(1 for match in _STRING_TOKEN.finditer(body) if match.group(1))


def _count_keys(value: object) -> int:
    """Keys of the parsed document; a list is searched only if its first item is a container."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list) and item and isinstance(item[0], dict | list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return count


def parse_json(body: bytes) -> object:
    """Strict JSON: NaN, Infinity, numbers beyond float64 and duplicate keys are refused."""
    try:
        parsed = loads(body)  # orjson: fast and strict check of the syntax and of the numbers
        if _count_keys(parsed) == _count_key_tokens(body):
            return parsed
        # A key is missing from the parsed object: orjson kept the last of two equal keys (or a
        # dict hides in a list of numbers). The standard library again, with object_pairs_hook.
        duplicates: list = []
        parsed = json.loads(
            body,
            object_pairs_hook=lambda pairs: _no_duplicate_keys(pairs, duplicates),
            parse_constant=_reject_constant,
        )
        found = _duplicate_path(parsed) if duplicates else None
        if found is None:
            return parsed
        path, key = found
        where = "à la racine du document" if len(path) == 1 else f"dans l'objet « {join_path(path[:-1])} »"
        raise EntreeEnDouble(
            f"La clé « {describe(key)} » apparaît deux fois {where} : la seconde "
            "effacerait la première. Gardez une seule des deux.",
            path=path,
            expected="des clés distinctes dans chaque objet",
            received=describe(key),
        )
    except json.JSONDecodeError as error:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as decode_error:
            raise InvalidJsonError(
                f"Le corps n'est pas encodé en UTF-8 (octet invalide à la position {decode_error.start}).",
                expected="du JSON encodé en UTF-8",
                received=f"{len(body)} octets",
            ) from None
        excerpt = text[max(0, error.pos - 20) : error.pos + 20]
        raise InvalidJsonError(
            f"JSON invalide, ligne {error.lineno}, colonne {error.colno} : {_french(error.msg)}.",
            expected="un document JSON valide (sans NaN ni Infinity)",
            received=excerpt,
        ) from None
    except ValueError as error:  # stdlib json: NaN or Infinity
        raise InvalidJsonError(
            f"JSON invalide : {error}. NaN et Infinity ne sont pas du JSON.",
            expected="des nombres finis",
            received=str(error).split(" ")[0],
        ) from None
    except RecursionError:
        raise InvalidJsonError(
            "JSON invalide : imbrication trop profonde.",
            expected="un document JSON raisonnablement imbriqué",
            received=None,
        ) from None


def _reject_constant(name: str):
    raise ValueError(f"{name} n'est pas une valeur JSON")


try:  # orjson parses a 100 MB population body about twice as fast as the standard library
    import orjson

    def loads(body: bytes) -> object:
        return orjson.loads(body)

except ImportError:  # pragma: no cover - orjson is in requirements.txt
    logger.warning("orjson absent : lecture JSON par la bibliothèque standard, plus lente")

    def loads(body: bytes) -> object:
        return json.loads(body.decode("utf-8"), parse_constant=_reject_constant)


_MESSAGES = {
    # standard library
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de propriété entre guillemets doubles attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Extra data": "données en trop après le document",
    "Unterminated string starting at": "chaîne non terminée",
    "Invalid control character at": "caractère de contrôle interdit",
    # orjson
    "unexpected character, expected a JSON value": "valeur JSON attendue (NaN et Infinity ne sont pas du JSON)",
    "number is infinity when parsed as double": "nombre trop grand (infini en double précision)",
    "unexpected character, expected a string key": "nom de propriété entre guillemets doubles attendu",
    "trailing comma is not allowed": "virgule en trop avant la fin du tableau ou de l'objet",
    "unexpected content after document": "données en trop après le document",
    "unexpected end of data": "fin du document inattendue",
    "depth limit exceeded": "imbrication trop profonde",
    "no digit after sign": "nombre incomplet (NaN et Infinity ne sont pas du JSON)",
    "UTF-8 byte order mark": "marque d'ordre des octets (BOM) non admise",
}


def _french(message: str) -> str:
    for prefix, french in _MESSAGES.items():
        if message.startswith(prefix):
            return french
    return "syntaxe JSON incorrecte"
