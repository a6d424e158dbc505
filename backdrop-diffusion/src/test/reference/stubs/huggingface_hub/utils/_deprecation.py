def _deprecate_method(*, version, message=""):
    def wrap(fn):
        return fn

    return wrap
