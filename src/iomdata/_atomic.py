"""Put a directory in place of another without ever losing a file: the export's writer.

A new directory is filled beside the target and renamed onto it. POSIX ``rename`` makes
the check and the swap one step (it replaces a directory only while that is empty), so
nothing that appears at the target meanwhile is lost. A forced replacement moves the
previous export aside, checks it again there (exactly the unchanged files its own
descriptor lists), and only then deletes those files by name. While this runs, SIGINT
and SIGTERM wait for a cleanup to finish.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final, Self

if TYPE_CHECKING:
    from pathlib import Path
    from types import FrameType

__all__ = [
    "DESCRIPTOR_NAME",
    "SignalGuard",
    "check_target",
    "move_into_place",
    "previous_export_files",
    "remove_staging",
    "staging_directory",
    "target_path",
]

#: File name of the Data Package descriptor inside an exported directory.
DESCRIPTOR_NAME: Final = "datapackage.json"

# ---------------------------------------------------------------------------------------
# The target: which directories may be written, and which may be replaced
# ---------------------------------------------------------------------------------------

#: How many times a forced export retries when other writers keep replacing the target.
_SWAP_ATTEMPTS: Final = 10
#: A descriptor larger than this is not one that export() wrote.
_MAX_DESCRIPTOR_BYTES: Final = 16 * 1024 * 1024


def target_path(path: object) -> Path:
    """``path`` made absolute, refused if it is the working or home directory or holds one."""
    from pathlib import Path

    text = os.fspath(path)  # type: ignore[call-overload]
    if not isinstance(text, str):
        msg = f"path must be a str or os.PathLike[str], not {type(path).__name__}"
        raise TypeError(msg)
    if not text:
        msg = "the path is empty (the current directory); give a new directory to export into"
        raise ValueError(msg)
    # abspath, not resolve(): ".." and "." are folded, but a symbolic link at the target
    # stays a link, so that check_target can refuse it.
    target = Path(os.path.abspath(text))  # noqa: PTH100 - see above
    try:
        real = target.resolve()
    except (OSError, RuntimeError):  # a loop of links: check_target refuses the link
        real = target
    protected = []
    with contextlib.suppress(OSError):
        protected.append(("the current directory", Path.cwd().resolve()))
    with contextlib.suppress(RuntimeError, OSError):
        protected.append(("your home directory", Path.home().resolve()))
    for what, directory in protected:
        if real == directory or real in directory.parents:
            # An export replaces its target as a whole: never a directory someone works in.
            relation = "is" if real == directory else "contains"
            msg = f"{target} {relation} {what}; give a new directory to export into"
            raise ValueError(msg)
    return target


def check_target(target: Path, *, force: bool) -> None:
    """Refuse, before writing anything, a target that must not be replaced."""
    try:
        status = os.lstat(target)  # one look: others may be moving it
    except (FileNotFoundError, NotADirectoryError):  # the parent checks below say why
        status = None
    mode = None if status is None else status.st_mode
    if mode is not None and stat.S_ISLNK(mode):
        msg = (
            f"{target} is a symbolic link; give the directory itself (or a new path), "
            "an export never replaces a link"
        )
        raise FileExistsError(msg)
    if mode is not None and not stat.S_ISDIR(mode):
        msg = f"{target} exists and is not a directory; give a directory to export into"
        raise NotADirectoryError(msg)
    try:
        occupied = mode is not None and any(target.iterdir())
        if occupied and not force:
            msg = (
                f"{target} is not empty; choose a new or empty directory, or use force "
                "(--force) to replace a previous iomdata export"
            )
            raise FileExistsError(msg)
        if occupied:
            try:
                previous_export_files(target)  # raises FileExistsError naming the others
            except FileExistsError:
                if status is not None and _same_directory(target, status):
                    raise
                # Swapped by another export while read: a mixed view proves nothing.
    except (FileNotFoundError, NotADirectoryError):
        pass  # another writer moved it meanwhile: the swap checks again, where it counts
    parent = target.parent
    if not parent.exists():
        msg = f"the directory {parent} does not exist; create it first"
        raise FileNotFoundError(msg)
    if not parent.is_dir():
        msg = f"{parent} is not a directory"
        raise NotADirectoryError(msg)


def _same_directory(path: Path, before: os.stat_result) -> bool:
    """``path`` is still the directory ``before`` described (not swapped meanwhile)."""
    try:
        now = os.lstat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (before.st_dev, before.st_ino)


def previous_export_files(directory: Path) -> tuple[str, ...]:
    """The files of the previous export in ``directory``, if that is all it holds.

    A directory is a previous export when its ``datapackage.json`` is one that
    :func:`export` wrote and every entry is a regular file that descriptor lists, with
    the sha256 it records. Anything else (a file the user added, a changed file, a
    subdirectory, a link) makes it not ours to replace: FileExistsError names it.
    """
    import hashlib

    listed = _listed_files(directory)
    if listed is None:
        msg = (
            f"{directory} is not empty and holds no {DESCRIPTOR_NAME} written by iomdata; "
            "it is not replaced even with force: choose a new or empty directory"
        )
        raise FileExistsError(msg)
    unexpected, changed = [], []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name not in listed or not entry.is_file(follow_symlinks=False):
                unexpected.append(entry.name)
                continue
            digest = listed[entry.name]
            if digest is not None:
                with open(entry.path, "rb") as file:  # noqa: PTH123 - a DirEntry path
                    actual = hashlib.file_digest(file, "sha256").hexdigest()
                if actual != digest:
                    changed.append(entry.name)
    if unexpected or changed:
        problems = []
        if unexpected:
            problems.append(f"files the previous export did not write: {_names(unexpected)}")
        if changed:
            problems.append(f"files changed since it was written: {_names(changed)}")
        msg = (
            f"{directory} holds {'; and '.join(problems)}; it is not replaced even with "
            "force: move them away or choose a new directory"
        )
        raise FileExistsError(msg)
    return tuple(sorted(listed))


def _names(names: list[str], shown: int = 10) -> str:
    names = sorted(names)
    text = ", ".join(repr(name) for name in names[:shown])
    return text + (f" and {len(names) - shown} more" if len(names) > shown else "")


def _listed_files(directory: Path) -> dict[str, str | None] | None:
    """File name -> sha256 of each file the directory's iomdata descriptor lists, or None."""
    import json

    try:
        # O_NONBLOCK: a FIFO named like the descriptor must not block the open.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(directory / DESCRIPTOR_NAME, flags), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            descriptor = json.loads(file.read(_MAX_DESCRIPTOR_BYTES + 1))
    except (OSError, ValueError):
        return None
    if not isinstance(descriptor, dict) or descriptor.get("name") != "iomdata":
        return None
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return None
    listed: dict[str, str | None] = {DESCRIPTOR_NAME: None}
    for resource in resources:
        path = resource.get("path") if isinstance(resource, dict) else None
        digest = resource.get("hash") if isinstance(resource, dict) else None
        if not isinstance(path, str) or not _is_plain_name(path) or not isinstance(digest, str):
            return None
        if not digest.startswith("sha256:") or path in listed:
            return None
        listed[path] = digest.removeprefix("sha256:")
    return listed


def _is_plain_name(name: object) -> bool:
    """``name`` is one file name (no directory part), as export() writes them."""
    return (
        isinstance(name, str)
        and name not in {"", ".", ".."}
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
    )


# ---------------------------------------------------------------------------------------
# Writing beside the target and swapping it in
# ---------------------------------------------------------------------------------------


def staging_directory(target: Path) -> Path:
    """A new directory beside ``target``, created with the umask's permissions."""
    import secrets

    # Beside the target, so the final rename stays on one file system and is atomic.
    # os.mkdir with 0o777 lets the umask decide the mode, as for any directory the user
    # creates (tempfile.mkdtemp would make it 0o700 whatever the umask).
    parent = target.parent
    while True:
        staging = parent / f".{target.name}.{secrets.token_hex(6)}.partial"
        try:
            os.mkdir(staging, 0o777)  # noqa: PTH102 - the mode argument
        except FileExistsError:
            continue
        except PermissionError as exc:
            msg = f"cannot write in {parent} ({exc.strerror}); choose a directory you can write to"
            raise PermissionError(msg) from exc
        return staging


def remove_staging(staging: Path) -> None:
    import shutil

    # Only the directory this export created and filled.
    shutil.rmtree(staging, ignore_errors=True)


def _rename_into(staging: Path, target: Path) -> bool:
    """Rename ``staging`` to ``target`` unless ``target`` holds anything; True if done.

    The operating system makes the check and the rename one step: POSIX ``rename``
    replaces a directory only if it is empty, so a file that appears in the target at
    any moment before the rename makes it fail, never vanish.
    """
    try:
        os.rename(staging, target)  # noqa: PTH104 - the POSIX semantics are the point
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            msg = f"{target} appeared while exporting and is not a directory; nothing replaced"
            raise NotADirectoryError(msg) from exc
        if exc.errno not in {errno.EEXIST, errno.ENOTEMPTY}:
            raise
    else:
        return True
    if os.name == "nt":  # pragma: no cover - Windows renames onto no existing directory
        with contextlib.suppress(OSError):
            os.rmdir(target)  # noqa: PTH106 - removes only an empty directory
            os.rename(staging, target)  # noqa: PTH104
            return True
    return False


def move_into_place(staging: Path, target: Path, *, force: bool) -> None:
    """Put the finished export at ``target``; replace only a verified previous export."""
    for _ in range(_SWAP_ATTEMPTS):
        if _rename_into(staging, target):
            return
        if not force:
            msg = (
                f"{target} is not empty (files appeared in it while exporting); nothing "
                "was replaced: choose a new or empty directory"
            )
            raise FileExistsError(msg)
        # Set the previous export aside, check it again where no one writes by its
        # path, and only then put the new one in place and delete the old files.
        backup = _set_aside(target)
        if backup is None:
            continue  # another writer removed it meanwhile: try again
        try:
            listed = previous_export_files(backup)
        except OSError as exc:  # not (only) a previous export, or no longer a directory
            _put_back(backup, target)
            if isinstance(exc, FileExistsError):
                raise
            msg = f"{target} changed while exporting ({exc}); nothing was replaced"
            raise FileExistsError(msg) from exc
        try:
            placed = _rename_into(staging, target)
        except BaseException:
            _put_back(backup, target)
            raise
        _discard(backup, listed, target if placed else None)
        if placed:
            return
        # Another export took the place meanwhile; with force it is ours to replace.
    msg = f"{target} kept changing while exporting (other writers?); nothing was replaced"
    raise FileExistsError(msg)


def _set_aside(target: Path) -> Path | None:
    import secrets

    backup = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old")
    try:
        os.rename(target, backup)  # noqa: PTH104 - fails rather than replace (new name)
    except FileNotFoundError:
        return None
    return backup


def _put_back(backup: Path, target: Path) -> None:
    try:
        os.rename(backup, target)  # noqa: PTH104
    except OSError as exc:
        msg = (
            f"{target} changed while exporting; its previous content is kept in {backup}: "
            "nothing was deleted"
        )
        raise FileExistsError(msg) from exc


def _discard(backup: Path, listed: tuple[str, ...], placed: Path | None) -> None:
    """Delete the verified files of a previous export set aside, then its directory.

    ``placed`` is where the new export now is, if it was put in place.
    """
    for name in listed:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(backup / name)  # noqa: PTH108
    try:
        os.rmdir(backup)  # noqa: PTH106 - fails if anything else appeared in it
    except OSError as exc:
        left = _names([p.name for p in backup.iterdir()]) if backup.is_dir() else "?"
        done = f"the export is in {placed}" if placed else "the export was not put in place"
        msg = (
            f"{done}; files appeared in the previous export while it was being replaced "
            f"({left}): they are kept in {backup}"
        )
        raise FileExistsError(msg) from exc


# ---------------------------------------------------------------------------------------
# Signals: an interrupt stops the export and removes what it wrote, never half of it
# ---------------------------------------------------------------------------------------


class _Terminated(BaseException):
    """A signal whose handler was the default action (end the process), caught to clean up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class SignalGuard:
    """While exporting, SIGINT and SIGTERM stop the export after it cleans up.

    The first signal acts as usual (SIGINT raises KeyboardInterrupt; a SIGTERM with its
    default action ends the process, here once the export has removed its files). In a
    ``deferred()`` block (the final swap, the cleanup) and after the first signal, further
    signals wait until the block ends, so a second Ctrl-C cannot cut the cleanup short.
    Signal handlers exist only in the main thread; elsewhere the guard does nothing.
    """

    _SIGNALS: Final = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self._saved: dict[int, Any] = {}
        self._depth = 0
        self._pending: list[int] = []
        self._delivered = False

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread():
            for signum in self._SIGNALS:
                previous = signal.getsignal(signum)
                if previous in {signal.SIG_IGN, None}:
                    continue
                self._saved[signum] = previous
                signal.signal(signum, self._handle)
        return self

    def __exit__(self, kind: object, error: BaseException | None, tb: object) -> None:
        for signum, previous in self._saved.items():
            signal.signal(signum, previous)
        if isinstance(error, _Terminated):
            # The default action, now that nothing is left behind: end the process.
            signal.raise_signal(error.signum)
        elif self._pending and not self._delivered:
            signal.raise_signal(self._pending[0])

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold signals back for the duration of the block."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if not self._depth and self._pending and not self._delivered:
            signum = self._pending.pop(0)
            self._deliver(signum, None)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._depth or self._delivered:
            self._pending.append(signum)
            return
        self._deliver(signum, frame)

    def _deliver(self, signum: int, frame: FrameType | None) -> None:
        previous = self._saved[signum]
        try:
            if callable(previous):
                previous(signum, frame)
            else:
                raise _Terminated(signum)
        except BaseException:
            self._delivered = True
            raise
