"""The site machinery: everything that turns the library's output into the website.

No library layer (refs, data, figures, choose) imports it. :mod:`~nanoimaging.site.book` is
``make book``; the ``sphinx_*`` modules are the Sphinx extensions.
"""
