"""Files saved together with their rows: one transaction for both.

A storage is not transactional: a file saved inside a transaction that then rolls back stays
behind, named by no row, and a file deleted inside one is gone even if the row comes back.
`atomic_with_files()` removes the files saved inside it when it fails; deletions of replaced
files wait for the commit (`transaction.on_commit`).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# The files saved inside the innermost atomic_with_files() block, as (storage, name).
_written_files: ContextVar[list | None] = ContextVar("written_files", default=None)


def note_written(storage, name: str) -> None:
    """Record a file just saved, for atomic_with_files() to remove if its transaction fails."""
    written = _written_files.get()
    if written is not None:
        written.append((storage, name))


@contextmanager
def atomic_with_files(using=None):
    """transaction.atomic() for writes that save files (an original, its renditions): when the
    block fails, or its commit does, every file saved inside it is deleted again, so storage
    never keeps a file whose row was rolled back.

    A worker killed inside the block commits nothing: its row never appears, and a file it had
    written stays unnamed by any row (as the originals of deleted photos do: an archive keeps
    them).
    """
    outer = _written_files.get()
    written = []
    token = _written_files.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written_files.reset(token)
    if outer is not None:  # an enclosing block that fails later removes these too
        outer.extend(written)
