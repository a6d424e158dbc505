class HFValidationError(ValueError):
    pass


class OfflineModeIsEnabled(ConnectionError):
    pass


class EntryNotFoundError(Exception):
    pass


class LocalEntryNotFoundError(EntryNotFoundError, FileNotFoundError, ValueError):
    pass


class RepositoryNotFoundError(Exception):
    pass


class GatedRepoError(RepositoryNotFoundError):
    pass


class RevisionNotFoundError(Exception):
    pass


def validate_hf_hub_args(fn):
    return fn


def is_jinja_available():
    return False


def build_hf_headers(*args, **kwargs):
    return {}


def hf_raise_for_status(response, endpoint_name=None):
    response.raise_for_status()


def send_telemetry(*args, **kwargs):
    return None


def get_session():
    import requests

    return requests.Session()


_progress_bars_disabled = False


def are_progress_bars_disabled():
    return _progress_bars_disabled


def disable_progress_bars():
    global _progress_bars_disabled
    _progress_bars_disabled = True


def enable_progress_bars():
    global _progress_bars_disabled
    _progress_bars_disabled = False
