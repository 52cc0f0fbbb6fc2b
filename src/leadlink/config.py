"""Loading rules as data: one YAML file into one validated pydantic model, errors name the file."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the problem."""


def load_yaml_model(
    path: str | Path, model: type[M], *, what: str, error: type[ValueError] = ConfigError
) -> M:
    """Read `path` as YAML and validate it as `model`; any failure raises `error` naming the file.

    Args:
        path: the YAML file.
        model: the pydantic model the file must satisfy.
        what: a few words for the message, e.g. "status rules".
        error: the exception class to raise (a ValueError), so callers keep their own type.
    """
    file = Path(path)
    try:
        return model.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise error(f"{file}: invalid {what}: {exc}") from exc
