"""Errors a service raises for the user to read (in French); never a bug."""


class UserError(Exception):
    """Something the user asked cannot be done; ``str(error)`` says what and what to do."""


class NotFoundError(UserError):
    pass


class AmbiguousReferenceError(UserError):
    pass


class ReadOnlyError(UserError):
    """The target is frozen (a closed workshop) and refuses changes."""


class InvalidFileError(UserError):
    """A file was refused; ``details`` lists precisely what is wrong (file, row, column)."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


class StorageError(UserError):
    """The database file failed us (busy beyond the timeout, disk full, I/O error,
    read-only, permission, a folder, a damaged schema table); ``fault.kind`` says which,
    ``str(error)`` the French message with what to do."""

    def __init__(self, fault) -> None:  # type: ignore[no-untyped-def]  # store.database.Fault
        super().__init__(fault.message)
        self.fault = fault
