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
TEMPORAL_RESOLUTIONS = ("slow", "medium", "fast")
ASPECTS = ("drug", "nanoparticle", "environment")
ASPECT_LABELS = {"drug": "Drug", "nanoparticle": "Nanoparticle", "environment": "Environment"}
SETTINGS = ("clinical", "preclinical")
KINDS = ("strength", "limitation")
