"""Columnar computation on a population: JSON, CSV or Parquet in, the format asked by Accept out."""

from __future__ import annotations

import json

from flask import Blueprint, Response, g, jsonify, request

from api import budget, metriques
from api import population as pop
from api.errors import NotAcceptableError
from api.routes.common import media_type, read_body, read_json, state
from openfisca_cpa.colonnes import regle_vides

blueprint = Blueprint("population", __name__)

FORMATS = (pop.JSON, pop.CSV, pop.PARQUET)
#: Cellules vides par colonne d'une réponse CSV ou Parquet (JSON compact), comme « cellules_vides » en JSON.
EMPTY_CELLS_HEADER = "CPA-Cellules-Vides"


def _request_format() -> str:
    kind = media_type()
    if kind == pop.CSV:
        return pop.CSV
    if kind == pop.PARQUET or kind in pop.PARQUET_ALIASES:
        return pop.PARQUET
    return pop.JSON


def _response_format(default: str) -> str:
    """The format asked by Accept; the body's format when Accept is absent or */*."""
    if not request.headers.get("Accept"):
        return default
    candidates = [default, *(kind for kind in FORMATS if kind != default)]
    best = request.accept_mimetypes.best_match(candidates)
    if best is None:
        raise NotAcceptableError(
            "Aucun des formats de réponse disponibles n'est accepté (en-tête Accept).",
            expected=list(FORMATS),
            received=request.headers.get("Accept"),
        )
    return best


@blueprint.post("/calculate/population")
def calculate_population():
    current = state()
    system, limits = current.system, current.population_limits
    body_format = _request_format()
    answer_format = _response_format(body_format)
    vides = regle_vides(request.args.get("vides"))
    if body_format == pop.JSON:
        parsed = pop.parse_json(system, read_json((pop.CSV, pop.PARQUET)), limits, vides)
        parsed.body_memory = g.get("cpa_memoire_corps", 0)
    else:
        outputs = pop.parse_output_query(system, request.args.getlist("output"), limits)
        body = read_body()
        memory, rows, columns = budget.table_memory(body, body_format)
        budget.check_body(
            memory,
            limits.max_memory,
            f"corps {'CSV' if body_format == pop.CSV else 'Parquet'} de {len(body)} octets, "
            f"{rows} ligne(s) × {columns} colonne(s)",
        )
        g.cpa_memoire_estimee = memory
        parsed = pop.parse_source(system, body, body_format, outputs, limits, vides)
        parsed.body_memory = memory
    results = pop.calculate(system, parsed, limits, answer_format)
    metriques.compter_calcul(parsed.count, parsed.count * len(parsed.outputs))
    if answer_format == pop.JSON:
        return jsonify(pop.to_json(parsed, results))
    body = pop.to_bytes(pop.to_table(parsed, results), answer_format)
    mimetype = "text/csv; charset=utf-8" if answer_format == pop.CSV else pop.PARQUET
    response = Response(body, content_type=mimetype)
    if parsed.empty_cells:
        # Le corps CSV ou Parquet n'a que les colonnes de résultats : les cellules vides vont en en-tête.
        response.headers[EMPTY_CELLS_HEADER] = json.dumps(parsed.empty_cells, separators=(",", ":"))
    return response
