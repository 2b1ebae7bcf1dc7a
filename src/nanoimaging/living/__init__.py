"""The living mode: works published since the review, found by a pinned search and screened by a person.

``discover`` collects works that cite the review (OpenCitations, Europe PMC, OpenAlex with a
key) and the hits of one saved Europe PMC query, and appends the new ones to
``living/candidates.csv`` with a dated record in ``living/runs.json``. A person records a
decision for each in ``living/screening.csv``; ``status`` counts every run. Files and
layouts: ``living/README.md``.
"""
