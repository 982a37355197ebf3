"""Bringing a bank in from a spreadsheet: read the file, say what it would do, then do all of it or nothing."""
