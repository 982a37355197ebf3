"""Backups that restore: one archive holding the database, the uploaded files and a manifest that proves both.

backup.py writes the archive (backup_create), restore.py checks it and restores it into an empty database and an
empty file storage, then checks what it wrote against the manifest (backup_restore). archive.py is the archive's
layout and the checks made before anything is written; contents.py the checksum of each table's rows, the same on
SQLite and PostgreSQL; files.py the uploaded files in any Django storage; manifest.py what the manifest records and
how two manifests differ; sqlite.py and postgresql.py each database's dump, restore and emptiness. No domain code:
every table and every file is backed up, whichever app owns it.
"""
