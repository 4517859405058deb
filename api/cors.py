"""CORS: the model's description is public, the computations follow CPA_CORS_ORIGINS.

- Read-only metadata routes (`/`, `/spec`, `/entities`, `/variables`, `/variable/<id>`,
  `/parameters`, `/parameter/<id>`): `Access-Control-Allow-Origin: *` for every origin, with no
  configuration, as `openfisca serve` does, so that OpenFisca's browser clients (the legislation
  explorer) can read them. No credentials are involved: never `Access-Control-Allow-Credentials`.
- Computing routes (`/calculate`, `/trace`, `/calculate/population`, `/releve`, `/projection`) and
  the rest (`/health`…): only the origins listed in CPA_CORS_ORIGINS; `*` answers `*` (never the
  caller's origin echoed back); empty (default): no CORS header at all.
- Preflight (OPTIONS, answered by Flask for every route): the same rule, plus the allowed methods,
  the requested headers and a max age.

The HTML pages of /navigateur are read by a browser navigating to them, not by scripts of another
origin: they need no CORS header.
"""

from __future__ import annotations

from api.securite import DOCUMENTATION

#: Endpoints readable from any origin: the description of the model, the same for everybody.
PUBLIC = DOCUMENTATION
PREFLIGHT_MAX_AGE = "86400"
EXPOSED = "Country-Package, Country-Package-Version, X-Request-Id, Parametres-Version, CPA-Cellules-Vides"


def install(app, origins: tuple[str, ...]) -> None:
    from flask import request

    allow_any = "*" in origins
    allowed = frozenset(origins)

    @app.after_request
    def cors_headers(response):
        origin = request.headers.get("Origin")
        public = request.endpoint in PUBLIC
        if not public and not allow_any and allowed:
            response.vary.add("Origin")  # the answer depends on the caller's origin
        if origin is None:
            return response
        if public or allow_any:
            value = "*"
        elif origin in allowed:
            value = origin
        else:
            return response
        response.headers["Access-Control-Allow-Origin"] = value
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            methods = response.headers.get("Allow") or "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Methods"] = methods
            requested = request.headers.get("Access-Control-Request-Headers")
            response.headers["Access-Control-Allow-Headers"] = requested or "Content-Type"
            response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response
