"""The controlled vocabularies, in the review's order.

They mirror the enums of ``data/datapackage.json`` (a test keeps the two equal);
the order is what tables and charts sort by.
"""

SCALES = ("patient", "organism", "organ-tumour", "tissue", "cellular", "subcellular")
SCALE_LABELS = {
    "patient": "Patient",
    "organism": "Organism",
    "organ-tumour": "Organ / tumour",
    "tissue": "Tissue",
    "cellular": "Cellular",
    "subcellular": "Subcellular",
}
#: The whole-body scale of each setting, in the review's words: "patient" for people, "organism" for animals.
WHOLE_BODY = {"clinical": "patient", "preclinical": "organism"}


def scales_in(setting: str | None) -> tuple[str, ...]:
    """The scales a statement in ``setting`` can have (None: either setting, so all of them).

    >>> scales_in("preclinical")
    ('organism', 'organ-tumour', 'tissue', 'cellular', 'subcellular')
    """
    other = {scale for s, scale in WHOLE_BODY.items() if setting is not None and s != setting}
    return tuple(s for s in SCALES if s not in other)


TEMPORAL_RESOLUTIONS = ("slow", "medium", "fast")
ASPECTS = ("drug", "nanoparticle", "environment")
ASPECT_LABELS = {"drug": "Drug", "nanoparticle": "Nanoparticle", "environment": "Environment"}
SETTINGS = ("clinical", "preclinical")
#: A scale statement's setting where its source names none (``scales.csv`` only).
NOT_NAMED = "not-stated"
STATEMENT_SETTINGS = (*SETTINGS, NOT_NAMED)
KINDS = ("strength", "limitation")
