"""Projter Desktop: run consultation workshops on a French intercommunal Projet de Territoire."""

__version__ = "0.1.0"
APP_NAME = "Projter Desktop"
APP_ID = "projter-desktop"
ORGANIZATION = "Projter"
