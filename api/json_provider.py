"""Flask JSON provider of the API: UTF-8, keys in order, ISO dates, never NaN or Infinity."""

from __future__ import annotations

import datetime

import numpy as np
from flask.json.provider import DefaultJSONProvider


class JSONProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False

    @staticmethod
    def default(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            return value.tolist()
        return DefaultJSONProvider.default(value)

    def dumps(self, obj, **kwargs):
        # allow_nan=False: a NaN that slipped through raises here (answered 500 in JSON)
        # instead of going out as invalid JSON.
        kwargs.setdefault("allow_nan", False)
        return super().dumps(obj, **kwargs)
