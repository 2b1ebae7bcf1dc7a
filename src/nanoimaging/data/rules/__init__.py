"""Domain rules: what the Table Schemas cannot say about the data.

Each rule is a function that takes a :class:`RuleContext` (the rows that passed
the schema check, which frictionless ran before) and yields
:class:`~nanoimaging.problems.Problem` objects. :data:`RULES` runs them in order.
"""

from __future__ import annotations

from .added import (
    added_quotes_are_in_stored_texts,
    added_studies_say_how_checked,
    living_works_were_included,
    source_texts_are_listed,
)
from .coding import joint_credit_names_its_partners, settings_are_stated, whole_body_scale_fits_setting
from .context import Rule, RuleContext
from .evidence import review_is_quoted_verbatim
from .properties import properties_point_to_table1
from .provenance import review_rows_say_where, sources_are_known
from .studies import review_studies_say_where, studies_cite_known_references, study_lists_are_ordered
from .table1 import (
    depth_matches_label,
    every_modality_is_complete,
    families_are_used_and_apart,
    micrometres_are_spelt_as_printed,
    positions_are_consecutive,
    resolution_matches_label,
    settings_follow_techniques,
    texts_are_clean_and_unique,
)

RULES: tuple[Rule, ...] = (
    resolution_matches_label,
    depth_matches_label,
    micrometres_are_spelt_as_printed,
    every_modality_is_complete,
    positions_are_consecutive,
    texts_are_clean_and_unique,
    settings_follow_techniques,
    families_are_used_and_apart,
    studies_cite_known_references,
    study_lists_are_ordered,
    properties_point_to_table1,
    sources_are_known,
    review_rows_say_where,
    review_studies_say_where,
    whole_body_scale_fits_setting,
    joint_credit_names_its_partners,
    settings_are_stated,
    review_is_quoted_verbatim,
    added_studies_say_how_checked,
    added_quotes_are_in_stored_texts,
    source_texts_are_listed,
    living_works_were_included,
)

__all__ = ["RULES", "Rule", "RuleContext"]
