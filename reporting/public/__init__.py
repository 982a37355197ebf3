"""The portal's public side: what every NGO may read without an account, in Vietnamese or English.

Every page, download and API response here reads projects through ``Project.objects.public()`` and nothing else;
tests/public/test_nothing_unpublished.py walks every public URL to prove it.
"""
