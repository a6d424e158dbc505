from .file_download import _offline


class HfApi:
    def __getattr__(self, name):
        return _offline


class HfFolder:
    @staticmethod
    def get_token():
        return None


class _Card:
    def __init__(self, *args, **kwargs):
        self.data = None


ModelCard = _Card
ModelCardData = _Card
Repository = _Card
Discussion = _Card

create_branch = _offline
create_commit = _offline
create_repo = _offline
get_repo_discussions = _offline
list_spaces = _offline
metadata_update = _offline
model_info = _offline
snapshot_download = _offline
upload_folder = _offline
whoami = _offline


def get_full_repo_name(model_id, organization=None, token=None):
    return model_id if organization is None else f"{organization}/{model_id}"
