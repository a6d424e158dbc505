class CommitOperationAdd:
    def __init__(self, path_in_repo=None, path_or_fileobj=None):
        self.path_in_repo = path_in_repo
        self.path_or_fileobj = path_or_fileobj
