"""This laptop's identity for signing export files: a UUID, a name and an Ed25519 key pair.

Stored in the user data folder, created on first use:

- ``device.json``: ``{"format": "projter-device", "uuid", "name", "public_key" (hex of the
  raw 32-byte key), "created_at"}``;
- ``device-key.pem``: the private key (PKCS#8 PEM, unencrypted: the laptop is the trust
  boundary), readable by its owner only (0600).

The *fingerprint* shown to people is a short digest of the public key, to compare by eye
or over the phone before trusting another laptop (like an SSH host key).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid as uuid_module
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

# cryptography is imported by the functions that sign, verify or read keys, so that the
# GUI starts without it.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

IDENTITY_FILE = "device.json"
KEY_FILE = "device-key.pem"
FORMAT = "projter-device"
MAX_NAME = 200


class IdentityError(Exception):
    """The identity files exist but cannot be used; the message is for the user (French)."""


@dataclass(frozen=True)
class DeviceIdentity:
    uuid: str
    name: str
    private_key: Ed25519PrivateKey
    created_at: str = ""

    @property
    def public_key(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_key_hex(self) -> str:
        return self.public_key.hex()

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key_hex)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def key_fingerprint(public_key_hex: str) -> str:
    """Human-comparable digest of a public key: 5 groups of 4 upper-case hex digits."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:20].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def verify_signature(public_key_hex: str, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def default_device_name() -> str:
    name = " ".join((socket.gethostname() or "").split())[:MAX_NAME]
    return name or "Ordinateur sans nom"


def _write_private(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` atomically, the file created with ``mode`` from the start."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(tmp, mode)  # umask may have narrowed or the platform ignored the mode
    os.replace(tmp, path)


def load_or_create_identity(folder: Path | None = None, *, name: str | None = None) -> DeviceIdentity:
    """This laptop's identity, created in ``folder`` (default: the user data folder) if absent."""
    if folder is None:
        from projter_desktop.paths import user_data_dir

        folder = user_data_dir()
    folder = Path(folder)
    identity_path = folder / IDENTITY_FILE
    key_path = folder / KEY_FILE
    if identity_path.exists():
        return _load(identity_path, key_path)
    folder.mkdir(parents=True, exist_ok=True)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    identity = DeviceIdentity(
        uuid=str(uuid_module.uuid4()),
        name=(" ".join((name or "").split())[:MAX_NAME] or default_device_name()),
        private_key=key,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    _write_private(key_path, pem, 0o600)
    document = {"format": FORMAT, "uuid": identity.uuid, "name": identity.name,
                "public_key": identity.public_key_hex, "created_at": identity.created_at}
    _write_private(identity_path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), 0o644)
    return identity


def _load(identity_path: Path, key_path: Path) -> DeviceIdentity:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    broken = (f"L'identité de cet ordinateur (« {identity_path} ») est endommagée. Restaurez-la depuis une "
              "sauvegarde, ou supprimez « device.json » et « device-key.pem » pour en créer une nouvelle "
              "(les autres ordinateurs devront alors l'approuver de nouveau).")
    try:
        document = json.loads(identity_path.read_text(encoding="utf-8"))
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise IdentityError(broken) from exc
    if not isinstance(document, dict) or not isinstance(key, Ed25519PrivateKey):
        raise IdentityError(broken)
    identity = DeviceIdentity(uuid=str(document.get("uuid", "")), name=str(document.get("name", "")),
                              private_key=key, created_at=str(document.get("created_at", "")))
    try:
        uuid_module.UUID(identity.uuid)
    except ValueError as exc:
        raise IdentityError(broken) from exc
    if document.get("public_key") != identity.public_key_hex:
        raise IdentityError(broken)
    return identity


def rename_identity(name: str, folder: Path | None = None) -> DeviceIdentity:
    """Change the name shown to other laptops (the uuid and keys stay)."""
    identity = load_or_create_identity(folder)
    clean = " ".join(name.split())[:MAX_NAME]
    if not clean:
        raise IdentityError("Le nom de l'ordinateur ne peut pas être vide.")
    if folder is None:
        from projter_desktop.paths import user_data_dir

        folder = user_data_dir()
    path = Path(folder) / IDENTITY_FILE
    document = {"format": FORMAT, "uuid": identity.uuid, "name": clean,
                "public_key": identity.public_key_hex, "created_at": identity.created_at}
    _write_private(path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), 0o644)
    return DeviceIdentity(identity.uuid, clean, identity.private_key, identity.created_at)
