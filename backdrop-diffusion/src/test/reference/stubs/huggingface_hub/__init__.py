"""Small stand-in for `huggingface_hub`: only the names diffusers 0.27.2 and transformers
4.38.0.dev0 import. The reference generator works offline on local folders, so every network
function raises."""

__version__ = "0.21.4"

from . import constants, file_download, hf_api, utils, _commit_api  # noqa: E402,F401
from ._commit_api import CommitOperationAdd  # noqa: E402,F401
from .file_download import (  # noqa: E402,F401
    _CACHED_NO_EXIST,
    cached_download,
    get_hf_file_metadata,
    hf_hub_download,
    hf_hub_url,
    try_to_load_from_cache,
)
from .hf_api import (  # noqa: E402,F401
    Discussion,
    HfApi,
    HfFolder,
    ModelCard,
    ModelCardData,
    Repository,
    create_branch,
    create_commit,
    create_repo,
    get_full_repo_name,
    get_repo_discussions,
    list_spaces,
    metadata_update,
    model_info,
    snapshot_download,
    upload_folder,
    whoami,
)
