"""The bibliography layer: references.bib read, checked, rewritten; Crossref as a source.

The lowest layer of the library: it knows BibTeX, not the data package.
"""
