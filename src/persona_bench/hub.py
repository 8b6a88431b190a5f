"""Loading the gated Hugging Face datasets of PERSONA and PRISM, failing fast and clearly.

Every load first checks access to the dataset repository under a short deadline, so that an
offline machine, a missing token or unaccepted terms give one clear message within seconds
instead of a long retry loop and a traceback from deep inside `datasets`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from persona_bench.errors import PersonaBenchError

if TYPE_CHECKING:
    import pandas as pd

# The seconds an access check may take before the Hub counts as unreachable.
HUB_CHECK_SECONDS = 8.0

T = TypeVar("T")


class HubAccessError(PersonaBenchError):
    """A Hugging Face dataset could not be reached or is not accessible to this account."""


def _explain(error: BaseException) -> tuple[str, str]:
    """Map a Hub client error to (cause, fix) sentences."""
    from huggingface_hub import errors

    if isinstance(error, errors.GatedRepoError):
        return (
            "the dataset is gated and this account has not been granted access",
            "accept the dataset's terms on its Hugging Face page and set HF_TOKEN "
            "(see .env.example)",
        )
    if isinstance(error, errors.RevisionNotFoundError):
        return ("the requested revision does not exist", "pass an existing revision (-T revision=)")
    if isinstance(error, errors.RepositoryNotFoundError):
        return (
            "the dataset was not found or needs authentication",
            "set HF_TOKEN for an account that accepted the dataset's terms (see .env.example)",
        )
    if isinstance(error, errors.EntryNotFoundError):
        return ("the file is not in the dataset repository", "check the split name")
    if isinstance(error, errors.OfflineModeIsEnabled):
        return ("HF_HUB_OFFLINE is set", "unset HF_HUB_OFFLINE")
    if isinstance(error, TimeoutError):
        return (
            f"the Hub did not answer within {HUB_CHECK_SECONDS:.0f} seconds",
            "check the network connection",
        )
    return (
        f"the Hub is unreachable ({type(error).__name__}: {str(error)[:160]})",
        "check the network connection",
    )


def _hub_error(repo_id: str, error: BaseException, alternative: str) -> HubAccessError:
    cause, fix = _explain(error)
    return HubAccessError(
        f"Cannot load Hugging Face dataset {repo_id!r}: {cause}. "
        f"Fix: {fix}, or use {alternative} instead."
    )


def _with_deadline(call: Callable[[], T], seconds: float) -> T:
    """Run a blocking call in a daemon thread and stop waiting for it after `seconds`.

    A daemon thread (not an executor) so that a hung connection never delays interpreter exit.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:
            failure.append(error)

    worker = threading.Thread(target=run, name="persona-bench-hub-check", daemon=True)
    worker.start()
    worker.join(seconds)
    if failure:
        raise failure[0]
    if not outcome:
        raise TimeoutError(f"no answer within {seconds:.0f} seconds")
    return outcome[0]


def check_access(repo_id: str, *, alternative: str) -> None:
    """Check that this machine can read a Hugging Face dataset repository.

    Args:
        repo_id: The dataset repository, e.g. ``"SynthLabsAI/PRISM-Filter"``.
        alternative: What the user can use instead, for the error message
            (e.g. ``"questions=builtin or a local file"``).

    Raises:
        HubAccessError: Within `HUB_CHECK_SECONDS` when offline, gated or missing.
    """
    from huggingface_hub import auth_check

    try:
        _with_deadline(lambda: auth_check(repo_id, repo_type="dataset"), HUB_CHECK_SECONDS)
    except Exception as error:
        raise _hub_error(repo_id, error, alternative) from None


def read_hub_parquet(
    repo_id: str, filename: str, *, revision: str | None, alternative: str
) -> pd.DataFrame:
    """Download one parquet file of a dataset repository and read it.

    Args:
        repo_id: The dataset repository.
        filename: The file's path inside the repository.
        revision: A branch, tag or commit; None for the default branch.
        alternative: What the user can use instead, for error messages.

    Returns:
        The file's rows.

    Raises:
        HubAccessError: When the dataset or file cannot be reached.
    """
    import pandas as pd
    from huggingface_hub import hf_hub_download

    check_access(repo_id, alternative=alternative)
    try:
        local_path = hf_hub_download(
            repo_id,
            filename,
            repo_type="dataset",
            revision=revision,
            etag_timeout=HUB_CHECK_SECONDS,
        )
    except Exception as error:
        raise _hub_error(repo_id, error, alternative) from None
    return pd.read_parquet(Path(str(local_path)))


def load_hub_split(
    repo_id: str,
    *,
    split: str,
    revision: str | None,
    alternative: str,
    config: str | None = None,
) -> pd.DataFrame:
    """Load one split of a Hugging Face dataset with `datasets`.

    Args:
        repo_id: The dataset repository.
        split: The split, e.g. ``"train"``.
        revision: A branch, tag or commit; None for the default branch.
        alternative: What the user can use instead, for error messages.
        config: The dataset configuration name, if it has several.

    Returns:
        The split's rows.

    Raises:
        HubAccessError: When the dataset cannot be reached or loaded.
    """
    check_access(repo_id, alternative=alternative)
    import datasets

    try:
        dataset = datasets.load_dataset(repo_id, config, split=split, revision=revision)
    except Exception as error:
        raise _hub_error(repo_id, error, alternative) from None
    frame: pd.DataFrame = dataset.to_pandas()
    return frame
